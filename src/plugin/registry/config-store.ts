// PluginConfig rows: created at discovery (inactive unless mandatory), read as the source of
// truth for the active set, and changed with an audit row and a NOTIFY in one transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../../db/entities/index.js';
import type { PluginRecord } from './records.js';

/** Postgres channel that tells every process a plugin's state changed. */
export const NOTIFY_CHANNEL = 'partgraph_plugins';
/** Advisory lock held while a process changes the active set (pg_advisory_xact_lock). */
const LOCK_SQL = `select pg_advisory_xact_lock(hashtext('partgraph.plugins'))`;

export interface ConfigRow {
  key: string;
  name: string;
  active: boolean;
  packageName: string | null;
  metadata: Record<string, unknown> | null;
}

interface RawRow {
  key: string;
  name: string;
  active: boolean;
  package_name: string | null;
  metadata: Record<string, unknown> | null;
}

const toRow = (r: RawRow): ConfigRow => ({
  key: r.key,
  name: r.name,
  active: r.active,
  packageName: r.package_name,
  metadata: r.metadata,
});

export function metadataJson(r: PluginRecord): Record<string, unknown> {
  return {
    ...r.meta,
    source: r.candidate.source,
    path: r.candidate.path,
    mixins: r.mixins,
    isMandatory: r.isMandatory,
    compatible: r.compatible,
  };
}

/**
 * Creates missing rows (inactive, mandatory ones active) and refreshes name/package/metadata of
 * existing ones. Mandatory plugins are forced active. One statement for all plugins.
 */
export async function upsertConfigs(em: EntityManager, records: PluginRecord[]): Promise<void> {
  if (!records.length) return;
  const rows = records.map((r) => ({
    key: r.key,
    name: r.meta.name,
    active: r.isMandatory,
    package_name: r.candidate.packageName,
    metadata: metadataJson(r),
  }));
  await em.execute(
    `insert into plugin_configs (key, name, active, package_name, metadata, created_at, updated_at)
     select x.key, x.name, x.active, x.package_name, x.metadata, now(), now()
       from jsonb_to_recordset(?::jsonb) as x(key varchar, name varchar, active boolean, package_name varchar, metadata jsonb)
     on conflict (key) do update set
       name = excluded.name, package_name = excluded.package_name, metadata = excluded.metadata,
       active = plugin_configs.active or excluded.active, updated_at = now()
     where plugin_configs.name is distinct from excluded.name
        or plugin_configs.package_name is distinct from excluded.package_name
        or plugin_configs.metadata is distinct from excluded.metadata
        or (excluded.active and not plugin_configs.active)`,
    [JSON.stringify(rows)],
  );
}

export async function readConfigs(em: EntityManager): Promise<ConfigRow[]> {
  const rows = await em.execute<RawRow[]>(
    'select key, name, active, package_name, metadata from plugin_configs order by key',
  );
  return rows.map(toRow);
}

export interface StateChangeInput {
  key: string;
  from: boolean;
  to: boolean;
  user: User | null;
  source: string;
}

/** Inside a transaction: take the cross-process lock (released at commit/rollback). */
export async function lockPluginState(em: EntityManager): Promise<void> {
  await em.execute(LOCK_SQL);
}

/**
 * Inside a transaction: sets `active`, records the audit row and queues the NOTIFY (Postgres
 * delivers it only if the transaction commits).
 */
export async function writeActive(em: EntityManager, change: StateChangeInput, origin: string): Promise<void> {
  // One statement (one round trip instead of three on every toggle); the CTEs run even unreferenced.
  await em.execute(
    `with changed as (update plugin_configs set active = ?, updated_at = now() where key = ?),
          audit as (insert into plugin_state_changes (plugin_key, user_id, source, from_active, to_active, created_at)
                    values (?, ?, ?, ?, ?, ?::timestamptz))
     select pg_notify(?, ?)`,
    [
      change.to,
      change.key,
      change.key,
      change.user?.id ?? null,
      change.source,
      change.from,
      change.to,
      // The application's clock, as for rows the ORM writes: a deprecation grace starts here (grace.ts).
      new Date().toISOString(),
      NOTIFY_CHANNEL,
      JSON.stringify({ origin, key: change.key, active: change.to }),
    ],
  );
}

/** Inside the toggle's transaction: its audit row records that force overrode PLUGIN_TOGGLE_GUARD. */
export async function markForced(em: EntityManager, key: string): Promise<void> {
  await em.execute(
    'update plugin_state_changes set forced = true where id = (select max(id) from plugin_state_changes where plugin_key = ?)',
    [key],
  );
}

/** Tells other processes that a schema-shaping global switch changed (they rebuild). */
export async function notifySettingsChanged(em: EntityManager, origin: string): Promise<void> {
  await em.execute('select pg_notify(?, ?)', [NOTIFY_CHANNEL, JSON.stringify({ origin, settings: true })]);
}
