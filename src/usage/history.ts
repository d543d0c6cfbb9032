// The history of composed schemas: one row per distinct hash (first composition kept: who, why,
// active set, switches; last_active_at moves each time it is put in service again). Writes are
// queued off the swap path; readers in this process wait for them (settled()).
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { MikroORM } from '../db/orm.js';
import { logger } from '../log.js';

const log = logger('schema-history');

export type SchemaChangeReason = 'toggle' | 'reload' | 'start-up' | 'install' | 'switch' | 'sync';

export interface SchemaVersionInfo {
  reason: SchemaChangeReason;
  username: string | null;
  activeKeys: readonly string[];
  switches: Readonly<Record<string, boolean>>;
}

export interface SchemaVersionRow {
  hash: string;
  sdl: string;
  activeKeys: string[];
  switches: string;
  reason: string;
  username: string | null;
  createdAt: Date;
  lastActiveAt: Date;
}

interface Raw {
  hash: string;
  sdl: string;
  active_keys: string[];
  switches: Record<string, boolean>;
  reason: string;
  username: string | null;
  created_at: Date;
  last_active_at: Date;
}

const toRow = (r: Raw): SchemaVersionRow => ({
  hash: r.hash,
  sdl: r.sdl,
  activeKeys: r.active_keys,
  switches: JSON.stringify(r.switches),
  reason: r.reason,
  username: r.username,
  createdAt: new Date(r.created_at),
  lastActiveAt: new Date(r.last_active_at),
});

export class SchemaHistory {
  #pending: Promise<void> = Promise.resolve();

  constructor(private readonly orm: MikroORM) {}

  #em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  /** Queues the write of a version just put in service (never throws; failures are logged). */
  record(state: { hash: string; sdl: string }, info: SchemaVersionInfo): void {
    // After a macrotask turn: formatting and sending tens of kB of SDL (~4 ms of CPU) would
    // otherwise run before the response of the request that swapped the schema goes out.
    const turn = new Promise<void>((resolve) => setImmediate(resolve));
    this.#pending = Promise.all([this.#pending, turn]).then(() =>
      this.#write(state, info).then(
        () => undefined,
        (e: unknown) => log.warn(`schema version ${state.hash} not recorded: ${(e as Error).message}`),
      ),
    );
  }

  async #write(state: { hash: string; sdl: string }, info: SchemaVersionInfo): Promise<void> {
    // Bound parameters (kysely, through the ORM's pool), not em.execute: that inlines the tens of kB
    // of SDL into the statement, escaping it character by character (~2 ms of CPU).
    await sql`insert into schema_versions (hash, sdl, active_keys, switches, reason, username)
       values (${state.hash}, ${state.sdl}, ${JSON.stringify([...info.activeKeys].sort())}::jsonb,
               ${JSON.stringify(info.switches)}::jsonb, ${info.reason}, ${info.username})
       on conflict (hash) do update set last_active_at = now(),
         -- a process that only followed another's change may have written first: the change's own row wins
         reason = case when schema_versions.reason = 'sync' then excluded.reason else schema_versions.reason end,
         username = case when schema_versions.reason = 'sync' then excluded.username else schema_versions.username end`.execute(
      this.#em().getKysely(),
    );
  }

  /** Resolves once this process's queued writes are done. */
  settled(): Promise<void> {
    return this.#pending;
  }

  /** Newest first; `after` is the hash of the last version of the previous page. */
  async list(first: number, after?: string | null): Promise<SchemaVersionRow[]> {
    await this.settled();
    const rows = await this.#em().execute<Raw[]>(
      `select * from schema_versions v
        where ?::text is null or (v.created_at, v.hash) < (select created_at, hash from schema_versions where hash = ?)
        order by v.created_at desc, v.hash desc limit ?`,
      [after ?? null, after ?? null, first],
    );
    return rows.map(toRow);
  }

  async get(hash: string): Promise<SchemaVersionRow | null> {
    await this.settled();
    const [row] = await this.#em().execute<Raw[]>('select * from schema_versions where hash = ?', [hash]);
    return row ? toRow(row) : null;
  }
}
