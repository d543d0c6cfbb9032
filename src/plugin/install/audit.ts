// What an install or uninstall leaves behind in the database, in the caller's transaction: the
// audit rows (plugin_state_changes, action install/uninstall), the event, and the NOTIFY that
// makes every other server re-run discovery (delivered at commit). Also the cross-process lock
// that keeps two installs from writing DATA_DIR/plugins-installed at once.
import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginStateChange, User } from '../../db/entities/index.js';
import type { MikroORM } from '../../db/orm.js';
import { triggerEvent } from '../../events/trigger.js';
import { NOTIFY_CHANNEL } from '../registry/config-store.js';

const LOCK_SQL = `select pg_advisory_xact_lock(hashtext('partgraph.plugins.install'))`;

/** Runs `fn` in a transaction holding the install lock (other processes' installs wait). */
export function withInstallLock<T>(orm: MikroORM, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return (orm.em.fork() as EntityManager).transactional(async (em) => {
    await em.execute(LOCK_SQL);
    return fn(em as EntityManager);
  });
}

export interface PackageChange {
  action: 'install' | 'uninstall';
  packageName: string;
  version: string | null;
  /** What the plugins file records (or recorded) after `name@`. */
  spec: string;
  keys: string[];
  user: User | null;
  source: string;
  /** Origin id of the registry making the change (its own NOTIFY is ignored). */
  origin: string;
  extra?: Record<string, unknown>;
}

export async function recordPackageChange(em: EntityManager, change: PackageChange): Promise<void> {
  const detail = `${change.packageName}@${change.spec}${change.version && change.version !== change.spec ? ` (version ${change.version})` : ''}`;
  for (const key of change.keys)
    em.create(PluginStateChange, {
      pluginKey: key,
      user: change.user ? em.getReference(User, change.user.id) : null,
      source: change.source,
      fromActive: false,
      toActive: false,
      action: change.action,
      detail,
    });
  await em.flush();
  await triggerEvent(
    em,
    change.action === 'install' ? 'plugin.installed' : 'plugin.uninstalled',
    {
      package: change.packageName,
      version: change.version,
      spec: change.spec,
      keys: change.keys,
      source: change.source,
      ...change.extra,
    },
    { model: 'pluginpackage', instanceId: change.packageName, user: change.user },
  );
  await em.execute('select pg_notify(?, ?)', [
    NOTIFY_CHANNEL,
    JSON.stringify({ origin: change.origin, discover: true, package: change.packageName }),
  ]);
}
