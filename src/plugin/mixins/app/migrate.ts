// Applying an AppMixin plugin's pending migrations (the mixin's prepare hook, and CLI
// `plugins migrate KEY`): the plugin's entities are made known to the server's ORM, then every
// declared migration not yet in plugin_migrations runs, in declaration order, inside the caller's
// transaction (which holds the registry's advisory lock, so another process waits and then finds
// them applied). Each statement is checked again (sql-check.ts) before it runs. Any failure
// throws, naming the migration; the caller rolls everything back.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '../../../db/orm.js';
import { logger } from '../../../log.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { lockPluginState } from '../../registry/config-store.js';
import { appDeclarationOf, migrationName, type PluginEntity, type PluginMigrationClass } from './mixin.js';
import { checkMigrationSql } from './sql-check.js';
import { appliedMigrations, recordMigration } from './store.js';
import type { Migration } from '@mikro-orm/migrations';

const log = logger('plugins');

/** Per ORM: the entity definitions registered for each plugin key (re-registered when they change). */
const registered = new WeakMap<MikroORM, Map<string, readonly PluginEntity[]>>();

/**
 * Makes the plugin's entities known to the server's ORM (MikroORM `discoverEntity`), replacing
 * the ones of an earlier version of the plugin. Idempotent.
 */
export function registerEntities(orm: MikroORM, key: string, entities: readonly PluginEntity[]): void {
  const byKey = registered.get(orm) ?? new Map<string, readonly PluginEntity[]>();
  registered.set(orm, byKey);
  const previous = byKey.get(key);
  if (previous === entities) return;
  if (entities.length) orm.discoverEntity([...entities], [...(previous ?? [])]);
  byKey.set(key, entities);
}

/** A migration's statements, with up() awaited (it gets no driver: addSql only). */
async function statementsOf(cls: PluginMigrationClass): Promise<string[]> {
  const m = new (cls as unknown as new (d: unknown, c: unknown) => Migration)(undefined, undefined);
  await m.up();
  return m.getQueries().map((q) => {
    if (typeof q !== 'string') throw new Error('addSql() takes SQL text in plugin migrations');
    return q;
  });
}

/** Names of the declared migrations not applied yet (in declaration order). */
export function pendingOf(declared: readonly PluginMigrationClass[], applied: ReadonlySet<string>): string[] {
  return declared.map(migrationName).filter((n) => !applied.has(n));
}

/**
 * Runs the plugin's pending migrations in `em`'s transaction; returns the names applied. Throws
 * `migration "<name>" failed: ...` (the transaction must then be rolled back).
 */
export async function applyPendingMigrations(
  plugin: InvenTreePlugin,
  ctx: { em: EntityManager; orm: MikroORM },
): Promise<string[]> {
  const d = appDeclarationOf(plugin);
  try {
    registerEntities(ctx.orm, plugin.key, d.entities);
  } catch (e) {
    throw new Error(`its entities could not be registered: ${(e as Error).message}`);
  }
  const applied = new Set((await appliedMigrations(ctx.em, [plugin.key])).map((m) => m.name));
  const done: string[] = [];
  for (const cls of d.migrations) {
    const name = migrationName(cls);
    if (applied.has(name)) continue;
    const t0 = performance.now();
    try {
      const statements = await statementsOf(cls);
      const { created } = checkMigrationSql(d.prefix, statements);
      for (const sql of statements) await ctx.em.execute(sql);
      await recordMigration(ctx.em, plugin.key, name, created);
    } catch (e) {
      throw new Error(`migration "${name}" failed: ${(e as Error).message}`);
    }
    log.info(`plugin ${plugin.key}: applied migration ${name} (${(performance.now() - t0).toFixed(1)} ms)`);
    done.push(name);
  }
  return done;
}

/**
 * Applies the plugin's pending migrations on their own (CLI `plugins migrate KEY`), in one
 * transaction under the registry's advisory lock, whether or not the plugin is active.
 */
export function migratePlugin(orm: MikroORM, plugin: InvenTreePlugin): Promise<string[]> {
  return (orm.em.fork() as EntityManager).transactional(async (em) => {
    await lockPluginState(em);
    return applyPendingMigrations(plugin, { em, orm });
  });
}
