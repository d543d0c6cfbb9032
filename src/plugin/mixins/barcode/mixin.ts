// BarcodeMixin (InvenTree's BarcodeMixin): a plugin recognises barcodes (`scan`) and may make
// them (`generate`). Signed-in users call `scanBarcode(barcode)` (admin.ts): the built-in
// partgraph-barcode plugin is asked first, then every other active barcode plugin in key order;
// the first that answers a match wins. `scan` is required; `generate` is optional.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Part, PartCategory, StockItem, StockLocation, User } from '../../../db/entities/index.js';
import { MixinNotImplementedError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';

/** The kinds of object a barcode can name (InvenTree's model names). */
export const BARCODE_MODELS = ['part', 'partcategory', 'stocklocation', 'stockitem'] as const;
export type BarcodeModel = (typeof BARCODE_MODELS)[number];

/** What `scan` answers for a barcode it recognises: the object's model and id. */
export interface BarcodeMatch {
  model: BarcodeModel;
  id: number;
}

/** What `scan` may answer: null/undefined = not mine; or a match (id as a number or numeric text). */
export type BarcodeScanOutcome = null | undefined | { model: BarcodeModel; id: number | string };

/** What `scan` gets besides the barcode: the request's EntityManager (to look objects up) and the user scanning. */
export interface BarcodeScanContext {
  em: EntityManager;
  user: User;
}

/** The object `generate` gets: the core entity (InvenTree passes the model instance). */
export type BarcodeInstance = Part | PartCategory | StockItem | StockLocation;

export function isBarcodeModel(value: unknown): value is BarcodeModel {
  return typeof value === 'string' && (BARCODE_MODELS as readonly string[]).includes(value);
}

/** Reads a plugin's scan answer; throws TypeError for anything but null or a valid { model, id }. */
export function barcodeMatch(outcome: unknown): BarcodeMatch | null {
  if (outcome === null || outcome === undefined) return null;
  if (typeof outcome !== 'object') throw new TypeError('scan must answer null or { model, id }');
  const { model, id } = outcome as { model?: unknown; id?: unknown };
  if (!isBarcodeModel(model))
    throw new TypeError(`scan answered an unknown model (one of ${BARCODE_MODELS.join(', ')})`);
  const n = typeof id === 'string' && /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : id;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new TypeError('scan answered an id that is not a positive integer');
  return { model, id: n };
}

/** What the server needs from a plugin with BarcodeMixin. */
export interface BarcodePlugin extends InvenTreePlugin {
  scan(barcode: string, context: BarcodeScanContext): BarcodeScanOutcome | Promise<BarcodeScanOutcome>;
  generate(model: BarcodeModel, instance: BarcodeInstance): string | null | Promise<string | null>;
}

export function isBarcodePlugin(plugin: InvenTreePlugin): plugin is BarcodePlugin {
  return plugin.hasMixin('barcode');
}

// The mixin's defaults, so a check can tell which methods a plugin implemented.
const notImplemented = new WeakSet<(...args: never[]) => unknown>();

function implemented(plugin: InvenTreePlugin, method: 'scan' | 'generate'): boolean {
  const fn = (plugin as unknown as Record<string, unknown>)[method];
  return typeof fn === 'function' && !notImplemented.has(fn as (...args: never[]) => unknown);
}

/** Whether the plugin makes barcodes (implements `generate`). */
export function canGenerate(plugin: InvenTreePlugin): boolean {
  return implemented(plugin, 'generate');
}

/**
 * ```ts
 * class Sku extends BarcodeMixin(InvenTreePlugin) {
 *   scan(barcode: string) {
 *     const m = /^SKU:(\d+)$/.exec(barcode);
 *     return m ? { model: 'part', id: Number(m[1]) } : null;
 *   }
 * }
 * ```
 */
export function BarcodeMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Barcode extends Base {
    /** Answers null when the barcode is not this plugin's, else the object it names. Throwing skips this plugin. */
    scan(_barcode: string, _context: BarcodeScanContext): BarcodeScanOutcome | Promise<BarcodeScanOutcome> {
      throw new MixinNotImplementedError(`plugin '${this.key}' (BarcodeMixin) does not implement scan`);
    }

    /**
     * Makes the barcode text for an object (optional; null = none for it). Used when the global
     * setting BARCODE_GENERATOR names this plugin.
     */
    generate(_model: BarcodeModel, _instance: BarcodeInstance): string | null | Promise<string | null> {
      return null;
    }
  }
  notImplemented.add(Barcode.prototype.scan);
  notImplemented.add(Barcode.prototype.generate);
  registerMixin(Barcode, {
    name: 'barcode',
    humanName: 'Barcode',
    validate(plugin) {
      if (!implemented(plugin, 'scan'))
        throw new MixinNotImplementedError(`plugin '${plugin.key}' (BarcodeMixin) must implement scan(barcode)`);
    },
  });
  return Barcode;
}
