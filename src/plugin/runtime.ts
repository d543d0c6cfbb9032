// What a running plugin instance can reach of the server (its database, for settings and the data API). Bound by
// the registry when it instantiates the plugin; kept off the instance so plugins cannot clobber it.
import type { MikroORM } from '../db/orm.js';
import type { AppServices } from '../graphql/context.js';
import { MixinNotImplementedError } from './errors.js';

/** A plugin instance, structurally (plugin.ts reads its runtime here, so this module must not import it). */
interface RuntimeOwner {
  readonly key: string;
}

export interface PluginRuntime {
  orm: MikroORM;
  /** The server's services (inventory validators for the data API); absent outside a server. */
  services?: AppServices;
}

const runtimes = new WeakMap<RuntimeOwner, PluginRuntime>();

export function bindRuntime(plugin: RuntimeOwner, runtime: PluginRuntime): void {
  runtimes.set(plugin, runtime);
}

export function runtimeOf(plugin: RuntimeOwner): PluginRuntime {
  const rt = runtimes.get(plugin);
  if (!rt)
    throw new MixinNotImplementedError(
      `plugin "${plugin.key}" is not running in a server (it was not loaded by the plugin registry)`,
    );
  return rt;
}
