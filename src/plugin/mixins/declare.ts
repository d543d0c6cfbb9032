// How a mixin factory marks a plugin class: each factory names its mixin and gives the load-time
// checks (validate, enabled). Classes carry the list of their mixins' names. The run-time half of a
// mixin (what happens when a plugin starts or stops) is its MixinLifecycle (lifecycle.ts).
import type { InvenTreePlugin } from '../plugin.js';

/** The constructor type mixins extend. TypeScript requires `any[]` for mixin constructors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PluginClass<T extends InvenTreePlugin = InvenTreePlugin> = abstract new (...args: any[]) => T;

export interface MixinDefinition {
  /** InvenTree's mixin name, e.g. 'settings', 'events', 'schedule', 'urls', 'graphql'. */
  name: string;
  humanName: string;
  /**
   * Checks a plugin instance; throws MixinImplementationError / MixinNotImplementedError.
   * Runs when the plugin is loaded (before activation).
   */
  validate?(plugin: InvenTreePlugin): void;
  /** Whether the mixin is "enabled" for this plugin beyond being declared (InvenTree's mixin_enabled). */
  enabled?(plugin: InvenTreePlugin): boolean;
}

const definitions = new Map<string, MixinDefinition>();
const MIXINS = Symbol.for('partgraph.plugin.mixins');

interface WithMixins {
  [MIXINS]?: readonly string[];
}

/** Called once per mixin class (inside the mixin factory) to record its name on the class. */
export function registerMixin(cls: PluginClass, def: MixinDefinition): void {
  const existing = definitions.get(def.name);
  if (!existing) definitions.set(def.name, def);
  const parent = Object.getPrototypeOf(cls) as WithMixins;
  const inherited = parent[MIXINS] ?? [];
  (cls as unknown as WithMixins)[MIXINS] = inherited.includes(def.name) ? inherited : [...inherited, def.name];
}

/** Mixin names of a plugin class, in the order they were applied. */
export function mixinsOf(cls: PluginClass | (new () => InvenTreePlugin) | Function): readonly string[] {
  return (cls as unknown as WithMixins)[MIXINS] ?? [];
}

export function mixinDefinition(name: string): MixinDefinition | undefined {
  return definitions.get(name);
}

export function allMixinDefinitions(): MixinDefinition[] {
  return [...definitions.values()];
}
