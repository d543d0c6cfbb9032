// Marks the job attempts a worker process is running, so that other processes can tell the jobs
// of a crashed worker from the long-running jobs of a live one (orphans.ts). Each attempt is a
// session-level advisory lock held on one dedicated Postgres session of this process; when the
// process dies (kill -9, out of memory, a crash) its connection closes and Postgres releases
// every lock at once, while a live process keeps them however long its handlers run.
//
// What must stay true: the lock key of an attempt is `attemptLockKey(id, retryCount)` hashed by
// Postgres with hashtextextended(key, 0), here and in orphans.ts alike; locks are taken only on
// this session (the sweep tests them from another session, where a free lock means "nobody runs
// it"). If the session drops, the locks are gone until it reconnects and takes them again: in
// that window another process may retry a running job (a duplicate delivery, never a loss).
import pg from 'pg';
import { logger } from '../log.js';

const log = logger('jobs');

/** The advisory-lock key text of one attempt of a job (pg-boss id + retry count). */
export function attemptLockKey(id: string, retryCount: number): string {
  return `partgraph.job:${id}:${retryCount}`;
}

/** SQL of the lock key of an attempt, from a job row's columns (orphans.ts). */
export const ATTEMPT_LOCK_KEY_SQL = `hashtextextended('partgraph.job:' || id::text || ':' || retry_count::text, 0)`;

const RECONNECT_MS = 1000;

export class AttemptLocks {
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #held = new Set<string>();
  #stopped = false;

  constructor(private readonly databaseUrl: string) {}

  async start(): Promise<void> {
    await this.#session();
  }

  /** Marks an attempt as running in this process (until `release`). Never throws. */
  async hold(key: string): Promise<void> {
    this.#held.add(key);
    try {
      await (await this.#session()).query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } catch (e) {
      // The job still runs; it may be retried elsewhere meanwhile (at least once, not exactly once).
      log.warn(`could not mark job attempt ${key} as running: ${(e as Error).message}`);
    }
  }

  async release(key: string): Promise<void> {
    if (!this.#held.delete(key)) return;
    try {
      await this.#client?.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    } catch {
      /* the session is gone, and with it the lock */
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #session(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'partgraph-job-locks' });
      const lost = (why: string) => {
        if (this.#client !== client) return;
        this.#client = undefined;
        if (this.#stopped) return;
        log.warn(`job lock session lost (${why}); reconnecting`);
        setTimeout(() => void this.#relock(), RECONNECT_MS).unref();
      };
      client.on('error', (e) => lost(e.message));
      client.on('end', () => lost('connection ended'));
      try {
        await client.connect();
      } catch (e) {
        client.removeAllListeners();
        throw e;
      }
      this.#client = client;
      return client;
    })().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** After a lost session: reconnect and take the locks of the attempts still running. */
  async #relock(): Promise<void> {
    if (this.#stopped) return;
    try {
      const client = await this.#session();
      for (const key of this.#held) await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } catch (e) {
      log.warn(`job lock session: reconnect failed (${(e as Error).message}); retrying`);
      setTimeout(() => void this.#relock(), RECONNECT_MS).unref();
    }
  }
}
