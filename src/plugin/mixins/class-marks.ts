// Where a plugin class keeps the names of its mixins, and the load-time half of each mixin's
// definition (validate, enabled) by name. A leaf module: InvenTreePlugin reads it, mixin factories
// write it (through declare.ts), and it imports neither.
const MIXINS = Symbol.for('partgraph.plugin.mixins');

/** What a mixin's checks see of a plugin (an InvenTreePlugin; kept structural to stay a leaf). */
export interface MarkedPlugin {
  readonly key: string;
  hasMixin(name: string): boolean;
}

export interface MixinDefinition {
  /** InvenTree's mixin name, e.g. 'settings', 'events', 'schedule', 'urls', 'graphql'. */
  name: string;
  humanName: string;
  /**
   * Checks a plugin instance; throws MixinImplementationError / MixinNotImplementedError.
   * Runs when the plugin is loaded (before activation).
   */
  validate?(plugin: MarkedPlugin): void;
  /**
   * Checks the plugin class's static declaration without running plugin code; throws like
   * validate. Runs at discovery, so the problem shows before anyone activates the plugin.
   */
  validateClass?(cls: object): void;
  /** Whether the mixin is "enabled" for this plugin beyond being declared (InvenTree's mixin_enabled). */
  enabled?(plugin: MarkedPlugin): boolean;
}

const definitions = new Map<string, MixinDefinition>();

interface WithMixins {
  [MIXINS]?: readonly string[];
}

/** Records the mixin's name on the class (after those its base classes carry) and its definition. */
export function markMixin(cls: object, def: MixinDefinition): void {
  if (!definitions.has(def.name)) definitions.set(def.name, def);
  const parent = Object.getPrototypeOf(cls) as WithMixins;
  const inherited = parent[MIXINS] ?? [];
  (cls as WithMixins)[MIXINS] = inherited.includes(def.name) ? inherited : [...inherited, def.name];
}

/** Mixin names of a plugin class, in the order they were applied. */
export function mixinsOf(cls: object): readonly string[] {
  return (cls as WithMixins)[MIXINS] ?? [];
}

export function mixinDefinition(name: string): MixinDefinition | undefined {
  return definitions.get(name);
}
