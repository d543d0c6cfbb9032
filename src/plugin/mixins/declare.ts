// How a mixin factory marks a plugin class: each factory names its mixin and gives the load-time
// checks (validate, enabled). Classes carry the list of their mixins' names (class-marks.ts). The
// run-time half of a mixin (what happens when a plugin starts or stops) is its MixinLifecycle
// (lifecycle.ts).
import type { InvenTreePlugin } from '../plugin.js';
import { markMixin } from './class-marks.js';

export { mixinDefinition, mixinsOf } from './class-marks.js';

/** The load-time half of a mixin, as its factory declares it. */
export interface MixinDefinition {
  /** InvenTree's mixin name, e.g. 'settings', 'events', 'schedule', 'urls', 'graphql'. */
  name: string;
  humanName: string;
  /** Checks a plugin instance when it is loaded; throws MixinImplementationError / MixinNotImplementedError. */
  validate?(plugin: InvenTreePlugin): void;
  /** Checks the class's static declaration at discovery (no plugin code runs); throws like validate. */
  validateClass?(cls: object): void;
  /** Whether the mixin is "enabled" for this plugin beyond being declared (InvenTree's mixin_enabled). */
  enabled?(plugin: InvenTreePlugin): boolean;
}

/** The constructor type mixins extend. TypeScript requires `any[]` for mixin constructors. */
// biome-ignore lint/suspicious/noExplicitAny: a mixin constructor must take (...args: any[]) (TS2545)
export type PluginClass<T extends InvenTreePlugin = InvenTreePlugin> = abstract new (...args: any[]) => T;

/** Called once per mixin class (inside the mixin factory) to record its name on the class. */
export function registerMixin(cls: PluginClass, def: MixinDefinition): void {
  markMixin(cls, def);
}
