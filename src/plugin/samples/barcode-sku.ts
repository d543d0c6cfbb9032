// Sample (loaded with PLUGIN_TESTING): the BarcodeMixin. Recognises `SKU:<ipn>` and answers the
// part with that internal part number (looked up with the EntityManager `scan` gets), and makes
// such barcodes for parts with an IPN. With the FAIL setting on, every scan throws (to see a
// failing plugin skipped by scanBarcode).
import { InvenTreePlugin, Part } from '../index.js';
import {
  BarcodeMixin,
  SettingsMixin,
  type BarcodeInstance,
  type BarcodeModel,
  type BarcodeScanContext,
  type BarcodeScanOutcome,
  type SettingDefinitions,
} from '../mixins/index.js';

const SKU = /^SKU:(.{1,100})$/;

export class BarcodeSkuPlugin extends BarcodeMixin(SettingsMixin(InvenTreePlugin)) {
  static override NAME = 'Barcode SKU';
  static override SLUG = 'sample-barcode-sku';
  static override DESCRIPTION = 'Sample: reads SKU:<ipn> barcodes as parts.';
  static override VERSION = '1.0.0';
  static override SETTINGS: SettingDefinitions = {
    FAIL: { name: 'Fail', description: 'Make every scan throw', type: 'boolean', default: false },
  };

  override async scan(barcode: string, { em }: BarcodeScanContext): Promise<BarcodeScanOutcome> {
    if ((await this.getSetting('FAIL')) === true) throw new Error('the SKU reader was told to fail');
    const m = SKU.exec(barcode);
    if (!m) return null;
    const part = await em.findOne(Part, { ipn: m[1] });
    return part ? { model: 'part', id: part.id } : null;
  }

  /** `SKU:<ipn>` for parts with an IPN (used when the global BARCODE_GENERATOR names this plugin). */
  override generate(model: BarcodeModel, instance: BarcodeInstance): string | null {
    return model === 'part' && 'ipn' in instance && instance.ipn ? `SKU:${instance.ipn}` : null;
  }
}
