// Operation usage in Postgres: batch upserts (counts are incremented, so several processes share
// the tables), retention cleanup, and the reads behind the staff API and the toggle preview.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '../db/orm.js';
import type { DocumentUsage } from './coordinates.js';

export interface UsageBatchRow {
  hash: string;
  client_name: string;
  client_version: string;
  role: string;
  count: number;
  first_seen: string;
  last_seen: string;
}

const fork = (orm: MikroORM) => orm.em.fork() as EntityManager;

/**
 * Writes one batch: documents not stored yet (only while fewer than `maxOperations` are kept),
 * then the counters of the documents that are stored, per (document, client, role, day).
 */
export async function flushUsage(
  orm: MikroORM,
  docs: readonly DocumentUsage[],
  rows: readonly UsageBatchRow[],
  maxOperations: number,
): Promise<void> {
  await fork(orm).transactional(async (em) => {
    if (docs.length) {
      const json = docs.map((d) => ({
        hash: d.hash,
        operation_name: d.operationName?.slice(0, 255) ?? null,
        operation_type: d.operationType,
        document: d.text,
        coordinates: d.coordinates,
      }));
      await em.execute(
        `insert into operation_documents (hash, operation_name, operation_type, document, coordinates)
         select x.hash, x.operation_name, x.operation_type, x.document,
                array(select jsonb_array_elements_text(x.coordinates))
           from jsonb_to_recordset(?::jsonb) as x(hash varchar, operation_name varchar, operation_type varchar, document text, coordinates jsonb)
          where (select count(*) from operation_documents) < ?
         on conflict (hash) do nothing`,
        [JSON.stringify(json), maxOperations],
      );
    }
    if (!rows.length) return;
    await em.execute(
      `insert into operation_usage (hash, client_name, client_version, role, day, count, first_seen, last_seen)
       select x.hash, x.client_name, x.client_version, x.role, (x.first_seen at time zone 'UTC')::date,
              x.count, x.first_seen, x.last_seen
         from jsonb_to_recordset(?::jsonb) as x(hash varchar, client_name varchar, client_version varchar, role varchar, count bigint, first_seen timestamptz, last_seen timestamptz)
        where exists (select 1 from operation_documents d where d.hash = x.hash)
       on conflict (hash, client_name, client_version, role, day) do update set
         count = operation_usage.count + excluded.count,
         first_seen = least(operation_usage.first_seen, excluded.first_seen),
         last_seen = greatest(operation_usage.last_seen, excluded.last_seen)`,
      [JSON.stringify(rows)],
    );
    await em.execute(
      `update operation_documents d set last_seen = greatest(d.last_seen, x.last_seen)
         from (select hash, max(last_seen) as last_seen
                 from jsonb_to_recordset(?::jsonb) as r(hash varchar, last_seen timestamptz) group by hash) x
        where d.hash = x.hash`,
      [JSON.stringify(rows.map((r) => ({ hash: r.hash, last_seen: r.last_seen })))],
    );
  });
}

/** Deletes counters older than the retention, and documents no longer seen within it. */
export async function cleanupUsage(orm: MikroORM, retentionDays: number): Promise<void> {
  const em = fork(orm);
  await em.execute(`delete from operation_usage where day < (now() at time zone 'UTC')::date - ?::int`, [
    retentionDays,
  ]);
  await em.execute(`delete from operation_documents where last_seen < now() - make_interval(days => ?)`, [
    retentionDays,
  ]);
}

export interface ClientUsageRow {
  name: string;
  version: string;
  count: number;
  lastSeen: Date;
}

export interface OperationUsageRow {
  hash: string;
  operationName: string | null;
  operationType: string;
  document: string;
  coordinates: string[];
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  clients: ClientUsageRow[];
  /** Roles of the callers (anonymous, user, staff, superuser), never who they were. */
  roles: string[];
}

export interface UsageFilter {
  since: Date;
  client?: string | null;
  coordinate?: string | null;
  limit?: number;
}

interface RawUsage {
  hash: string;
  operation_name: string | null;
  operation_type: string;
  document: string;
  coordinates: string[];
  client_name: string;
  client_version: string;
  roles: string[];
  count: string;
  first_seen: Date;
  last_seen: Date;
}

/** Operations seen since `since` (optionally by one client / using one coordinate), most used first. */
export async function readOperationUsage(em: EntityManager, filter: UsageFilter): Promise<OperationUsageRow[]> {
  const params: unknown[] = [filter.since.toISOString()];
  let where = `u.day >= (?::timestamptz at time zone 'UTC')::date and u.last_seen >= ?::timestamptz`;
  params.push(filter.since.toISOString());
  if (filter.client) {
    where += ' and u.client_name = ?';
    params.push(filter.client);
  }
  if (filter.coordinate) {
    where += ' and d.coordinates @> array[?]::text[]';
    params.push(filter.coordinate);
  }
  const raw = await em.execute<RawUsage[]>(
    `select d.hash, d.operation_name, d.operation_type, d.document, d.coordinates,
            u.client_name, u.client_version, array_agg(distinct u.role) as roles, sum(u.count)::text as count,
            min(u.first_seen) as first_seen, max(u.last_seen) as last_seen
       from operation_usage u join operation_documents d on d.hash = u.hash
      where ${where}
      group by d.hash, u.client_name, u.client_version`,
    params,
  );
  const byHash = new Map<string, OperationUsageRow>();
  for (const r of raw) {
    let op = byHash.get(r.hash);
    if (!op) {
      op = {
        hash: r.hash,
        operationName: r.operation_name,
        operationType: r.operation_type,
        document: r.document,
        coordinates: r.coordinates,
        count: 0,
        firstSeen: new Date(r.first_seen),
        lastSeen: new Date(r.last_seen),
        clients: [],
        roles: [],
      };
      byHash.set(r.hash, op);
    }
    for (const role of r.roles) if (!op.roles.includes(role)) op.roles.push(role);
    const count = Number(r.count);
    op.count += count;
    if (new Date(r.first_seen) < op.firstSeen) op.firstSeen = new Date(r.first_seen);
    if (new Date(r.last_seen) > op.lastSeen) op.lastSeen = new Date(r.last_seen);
    op.clients.push({ name: r.client_name, version: r.client_version, count, lastSeen: new Date(r.last_seen) });
  }
  const ops = [...byHash.values()].sort((a, b) => b.count - a.count || a.hash.localeCompare(b.hash));
  for (const op of ops) {
    op.clients.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    op.roles.sort();
  }
  return filter.limit ? ops.slice(0, filter.limit) : ops;
}
