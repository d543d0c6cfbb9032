// Removing an AppMixin plugin's data on purpose (superuser `purgePluginData`, and the install
// helper's uninstall with deleteData): drops the tables its migrations created (as recorded in
// plugin_migrations, so it works after the plugin's code is gone) and forgets its migrations, in
// one transaction under the registry's advisory lock, with a row in the plugin audit trail
// (plugin_state_changes, source "purge-data"). Refused while the plugin is active.
import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginStateChange, User } from '../../../db/entities/index.js';
import type { MikroORM } from '../../../db/orm.js';
import { badInput } from '../../../graphql/errors.js';
import { logger } from '../../../log.js';
import { lockPluginState } from '../../registry/config-store.js';
import { tablePrefixOf } from './sql-check.js';
import { appliedMigrations, forgetMigrations } from './store.js';

const log = logger('plugins');

/** The audit trail's source for a purge. */
export const PURGE_SOURCE = 'purge-data';

export interface PurgeOptions {
  /** Who asked (null: the CLI or an uninstall without a user). */
  user: User | null;
}

/**
 * Drops the plugin's tables and forgets its migrations; returns the tables dropped (newest
 * first). BAD_USER_INPUT when the plugin is unknown to the database or active.
 */
export async function purgePluginData(orm: MikroORM, key: string, opts: PurgeOptions): Promise<string[]> {
  const dropped = await (orm.em.fork() as EntityManager).transactional(async (em) => {
    await lockPluginState(em);
    const [config] = await em.execute<Array<{ active: boolean }>>('select active from plugin_configs where key = ?', [
      key,
    ]);
    const applied = await appliedMigrations(em, [key]);
    if (!config && !applied.length) throw badInput(`Unknown plugin "${key}"`, 'key');
    if (config?.active) throw badInput(`Plugin "${key}" is active: deactivate it before purging its data`, 'key');
    const prefix = tablePrefixOf(key);
    // Newest first, so a table is dropped before the tables it references.
    const tables = [...new Set(applied.flatMap((m) => m.tables).reverse())].filter(
      (t) => t.startsWith(prefix) && /^[a-z0-9_]+$/.test(t),
    );
    for (const t of tables) {
      try {
        await em.execute(`drop table if exists "${t}"`);
      } catch (e) {
        // e.g. another plugin's table references it: nothing is dropped (the transaction rolls back).
        throw badInput(`Plugin "${key}": table "${t}" cannot be dropped: ${(e as Error).message}`, 'key');
      }
    }
    await forgetMigrations(em, key);
    em.create(PluginStateChange, {
      pluginKey: key,
      user: opts.user ? em.getReference(User, opts.user.id) : null,
      source: PURGE_SOURCE,
      fromActive: false,
      toActive: false,
    });
    await em.flush();
    return tables;
  });
  log.info(`plugin ${key}: purged its data (dropped ${dropped.join(', ') || 'no tables'})`);
  return dropped;
}
