// What plugins are promised of the registry (exported as `registry` from partgraph/plugin): a
// read-only view of the discovered and running plugins. Changing the active set is for the admin
// API and the CLI, which hold the full PluginRegistry internally.
import type { SettingValue } from '../../settings/definitions.js';
import type { InvenTreePlugin } from '../plugin.js';

export interface PluginSummary {
  key: string;
  name: string;
  title: string;
  version: string | null;
  mixins: readonly string[];
  /** Running in this server process. */
  active: boolean;
}

export interface PluginRegistryView {
  /** Every discovered plugin, sorted by key. */
  list(): PluginSummary[];
  /** The running plugin with this key, or null when it is not active in this process. */
  getPlugin(key: string): InvenTreePlugin | null;
  isActive(key: string): boolean;
  /** Running plugins, sorted by key. */
  activePlugins(): InvenTreePlugin[];
  /** Running plugins that declare the mixin (InvenTree's with_mixin), e.g. 'events'. */
  withMixin(name: string): InvenTreePlugin[];
  /** The typed settings of a running plugin with SettingsMixin; null otherwise. */
  settingsOf(key: string): Promise<Record<string, SettingValue> | null>;
}

interface WithSettings {
  getSettings(): Promise<Record<string, SettingValue>>;
}

/** The source a view reads from (the registry implements it). */
export interface ViewSource {
  records(): ReadonlyArray<{
    key: string;
    meta: { name: string; title: string; version: string | null };
    mixins: readonly string[];
  }>;
  getPlugin(key: string): InvenTreePlugin | null;
  activePlugins(): InvenTreePlugin[];
}

/** A frozen read-only view over a registry: plugins cannot reach the registry through it. */
export function readOnlyView(source: ViewSource): PluginRegistryView {
  const view: PluginRegistryView = {
    list: () =>
      source.records().map((r) => ({
        key: r.key,
        name: r.meta.name,
        title: r.meta.title,
        version: r.meta.version,
        mixins: [...r.mixins],
        active: source.getPlugin(r.key) !== null,
      })),
    getPlugin: (key) => source.getPlugin(key),
    isActive: (key) => source.getPlugin(key) !== null,
    activePlugins: () => source.activePlugins(),
    withMixin: (name) => source.activePlugins().filter((p) => p.hasMixin(name)),
    settingsOf: async (key) => {
      const plugin = source.getPlugin(key);
      const read = (plugin as (InvenTreePlugin & Partial<WithSettings>) | null)?.getSettings;
      return typeof read === 'function' ? read.call(plugin) : null;
    },
  };
  return Object.freeze(view);
}
