// The plugin_migrations table (core migration Migration20261130100000PluginMigrations): which
// migrations of which plugin ran, when, and the tables each created. Written only inside the
// transaction that ran the migration, under the registry's advisory lock.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface AppliedMigration {
  pluginKey: string;
  name: string;
  appliedAt: Date;
  tables: string[];
}

interface Row {
  plugin_key: string;
  name: string;
  applied_at: Date;
  tables: string[];
}

const toApplied = (r: Row): AppliedMigration => ({
  pluginKey: r.plugin_key,
  name: r.name,
  appliedAt: new Date(r.applied_at),
  tables: r.tables,
});

/** The applied migrations of the given plugins, oldest first. */
export async function appliedMigrations(em: EntityManager, keys: readonly string[]): Promise<AppliedMigration[]> {
  if (!keys.length) return [];
  const rows = await em.execute<Row[]>(
    `select plugin_key, name, applied_at, tables from plugin_migrations
      where plugin_key in (select jsonb_array_elements_text(?::jsonb)) order by applied_at, name`,
    [JSON.stringify(keys)],
  );
  return rows.map(toApplied);
}

export async function recordMigration(
  em: EntityManager,
  key: string,
  name: string,
  tables: readonly string[],
): Promise<void> {
  await em.execute(
    'insert into plugin_migrations (plugin_key, name, tables) values (?, ?, array(select jsonb_array_elements_text(?::jsonb)))',
    [key, name, JSON.stringify(tables)],
  );
}

export async function forgetMigrations(em: EntityManager, key: string): Promise<void> {
  await em.execute('delete from plugin_migrations where plugin_key = ?', [key]);
}
