// Sample (loaded with PLUGIN_TESTING): the LocateMixin. Records every locate request in memory
// (newest last, at most 100) and answers located: true; with the FAIL setting on it throws (to
// see PLUGIN_LOCATE_FAILED).
import { InvenTreePlugin, type StockItem, type StockLocation } from '../index.js';
import { LocateMixin, SettingsMixin, type LocateOutcome, type SettingDefinitions } from '../mixins/index.js';

export interface LocateRequest {
  kind: 'stockitem' | 'stocklocation';
  id: number;
  at: Date;
}

const KEEP = 100;

export class LocateLoggerPlugin extends LocateMixin(SettingsMixin(InvenTreePlugin)) {
  static override NAME = 'Locate Logger';
  static override SLUG = 'sample-locate-logger';
  static override DESCRIPTION = 'Sample: records locate requests and answers that it located them.';
  static override VERSION = '1.0.0';
  static override SETTINGS: SettingDefinitions = {
    FAIL: { name: 'Fail', description: 'Make every locate request throw', type: 'boolean', default: false },
  };

  /** The requests seen by this instance (reset when the plugin is reloaded). */
  readonly requests: LocateRequest[] = [];

  async #record(kind: LocateRequest['kind'], id: number): Promise<LocateOutcome> {
    if ((await this.getSetting('FAIL')) === true) throw new Error('the locate logger was told to fail');
    this.requests.push({ kind, id, at: new Date() });
    if (this.requests.length > KEEP) this.requests.shift();
    return { located: true, message: `${kind} ${id} logged` };
  }

  override locateStockItem(item: StockItem): Promise<LocateOutcome> {
    return this.#record('stockitem', item.id);
  }

  override locateStockLocation(location: StockLocation): Promise<LocateOutcome> {
    return this.#record('stocklocation', location.id);
  }
}
