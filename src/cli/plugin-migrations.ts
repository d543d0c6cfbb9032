// `partgraph plugins migrations KEY` (an AppMixin plugin's declared migrations: applied when, or
// pending) and `plugins migrate KEY` (applies the pending ones now, under the registry's lock,
// active or not; activation would do the same).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '../db/orm.js';
import { migratePlugin } from '../plugin/mixins/app/migrate.js';
import { appDeclarationOfClass, migrationName } from '../plugin/mixins/app/mixin.js';
import { appliedMigrations } from '../plugin/mixins/app/store.js';
import type { PluginRecord } from '../plugin/registry/records.js';
import type { PluginRegistry } from '../plugin/registry/registry.js';
import { instantiate } from '../plugin/registry/instantiate.js';
import { bindRuntime } from '../plugin/runtime.js';

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function appRecord(registry: PluginRegistry, key: string | undefined): PluginRecord {
  if (!key) throw new Error('usage: plugins migrate|migrations KEY');
  const record = registry.record(key);
  if (!record) throw new Error(`Unknown plugin "${key}"`);
  if (!record.mixins.includes('app')) throw new Error(`Plugin "${key}" does not use AppMixin (it has no migrations)`);
  return record;
}

/** Lists declared migrations (applied with their time, or pending) and applied ones no longer declared. */
export async function listMigrations(
  registry: PluginRegistry,
  orm: MikroORM,
  key: string | undefined,
): Promise<number> {
  const record = appRecord(registry, key);
  const declared = appDeclarationOfClass(record.cls).migrations.map(migrationName);
  const applied = await appliedMigrations(orm.em.fork() as EntityManager, [record.key]);
  const at = new Map(applied.map((m) => [m.name, m.appliedAt]));
  for (const name of declared) out(`${name}  ${at.get(name)?.toISOString() ?? 'pending'}`);
  for (const m of applied)
    if (!declared.includes(m.name)) out(`${m.name}  ${m.appliedAt.toISOString()} (no longer declared)`);
  return 0;
}

export async function runMigrations(registry: PluginRegistry, orm: MikroORM, key: string | undefined): Promise<number> {
  const record = appRecord(registry, key);
  const plugin = instantiate(record);
  bindRuntime(plugin, { orm });
  const done = await migratePlugin(orm, plugin);
  out(done.length ? `applied: ${done.join(', ')}` : 'no pending migrations');
  return 0;
}
