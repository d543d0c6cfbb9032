// LocateMixin (InvenTree's LocateMixin): a plugin helps find stock physically (a blinking shelf
// light, a message to a picker). Signed-in users call `locate(plugin, stockItem | stockLocation)`
// (admin.ts); the plugin gets the core entity and answers whether it located it. A plugin
// implements locateStockItem, locateStockLocation or both (at least one is required).
import type { StockItem, StockLocation } from '../../../db/entities/index.js';
import { MixinNotImplementedError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';

/**
 * What a locate method answers: nothing (or true) = located; false = not located; or an object
 * with a message for the user.
 */
export type LocateOutcome = boolean | undefined | null | { located: boolean; message?: string | null };

export interface LocateAnswer {
  located: boolean;
  message: string | null;
}

/** Reads a plugin's LocateOutcome: nothing, null and true mean located (as InvenTree, which answers nothing). */
export function locateAnswer(outcome: unknown): LocateAnswer {
  if (outcome === undefined || outcome === null || outcome === true) return { located: true, message: null };
  if (outcome === false) return { located: false, message: null };
  if (typeof outcome === 'object' && typeof (outcome as { located?: unknown }).located === 'boolean') {
    const { located, message } = outcome as { located: boolean; message?: unknown };
    return { located, message: typeof message === 'string' ? message : null };
  }
  throw new TypeError('a locate method must answer nothing, a boolean or { located, message? }');
}

/** What the admin API needs from a plugin with LocateMixin. */
export interface LocatePlugin extends InvenTreePlugin {
  locateStockItem(item: StockItem): LocateOutcome | Promise<LocateOutcome>;
  locateStockLocation(location: StockLocation): LocateOutcome | Promise<LocateOutcome>;
}

export function isLocatePlugin(plugin: InvenTreePlugin): plugin is LocatePlugin {
  return plugin.hasMixin('locate');
}

/** The two kinds of thing a plugin may locate, and the method for each. */
export const LOCATE_METHODS = { stockItem: 'locateStockItem', stockLocation: 'locateStockLocation' } as const;
export type LocateTarget = keyof typeof LOCATE_METHODS;

// The default methods, so a check can tell which ones a plugin implemented.
const notImplemented = new WeakSet<(...args: never[]) => unknown>();

/** Whether `plugin` implements the locate method for `target` (it did not keep the mixin's default). */
export function canLocateTarget(plugin: InvenTreePlugin, target: LocateTarget): boolean {
  const method = (plugin as unknown as Record<string, unknown>)[LOCATE_METHODS[target]];
  return typeof method === 'function' && !notImplemented.has(method as (...args: never[]) => unknown);
}

/**
 * ```ts
 * class Shelf extends LocateMixin(InvenTreePlugin) {
 *   async locateStockItem(item) { if (item.location) return this.locateStockLocation(item.location); }
 *   async locateStockLocation(loc) { await blink(loc.name); return { located: true, message: 'shelf lit' }; }
 * }
 * ```
 */
export function LocateMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Locate extends Base {
    /** Locates one stock item; throw to fail the call (the client gets PLUGIN_LOCATE_FAILED). */
    locateStockItem(_item: StockItem): LocateOutcome | Promise<LocateOutcome> {
      throw new MixinNotImplementedError(`plugin '${this.key}' (LocateMixin) does not locate stock items`);
    }

    /** Locates one stock location; throw to fail the call. */
    locateStockLocation(_location: StockLocation): LocateOutcome | Promise<LocateOutcome> {
      throw new MixinNotImplementedError(`plugin '${this.key}' (LocateMixin) does not locate stock locations`);
    }
  }
  notImplemented.add(Locate.prototype.locateStockItem);
  notImplemented.add(Locate.prototype.locateStockLocation);
  registerMixin(Locate, {
    name: 'locate',
    humanName: 'Locate',
    validate(plugin) {
      if (!canLocateTarget(plugin, 'stockItem') && !canLocateTarget(plugin, 'stockLocation'))
        throw new MixinNotImplementedError(
          `plugin '${plugin.key}' (LocateMixin) must implement locateStockItem(item) or locateStockLocation(location)`,
        );
    },
  });
  return Locate;
}
