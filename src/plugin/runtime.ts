// What a running plugin instance can reach of the server (its database, for settings). Bound by
// the registry when it instantiates the plugin; kept off the instance so plugins cannot clobber it.
import type { MikroORM } from '../db/orm.js';
import { MixinNotImplementedError } from './errors.js';
import type { InvenTreePlugin } from './plugin.js';

export interface PluginRuntime {
  orm: MikroORM;
}

const runtimes = new WeakMap<InvenTreePlugin, PluginRuntime>();

export function bindRuntime(plugin: InvenTreePlugin, runtime: PluginRuntime): void {
  runtimes.set(plugin, runtime);
}

export function runtimeOf(plugin: InvenTreePlugin): PluginRuntime {
  const rt = runtimes.get(plugin);
  if (!rt)
    throw new MixinNotImplementedError(
      `plugin "${plugin.key}" is not running in a server (it was not loaded by the plugin registry)`,
    );
  return rt;
}
