// Retries, within seconds, the jobs of a worker process that died mid-run. pg-boss alone would
// wait for the job's heartbeat (>= 10 s, JOBS_HEARTBEAT_SECONDS) or its expiry, then for the
// retry delay. Every worker process runs this sweep every JOBS_ORPHAN_CHECK_SECONDS over the
// queues it works: an `active` job older than GRACE_SECONDS whose attempt lock (attempt-locks.ts)
// nobody holds has lost its worker. It is failed through pg-boss (fenced to that attempt, so a
// job that completed or moved on meanwhile is left alone; the crash counts as an attempt) and,
// when a retry remains, pulled forward to run now instead of after the retry delay: the crash
// was not the job's fault.
//
// What must stay true: the lock test runs on a pooled session, never the one holding the locks
// (a session always gets its own lock), and only for jobs past the grace period, which covers
// the moment between pg-boss handing a job to a worker and the worker taking its lock.
import type { PgBoss } from 'pg-boss';
import { logger } from '../log.js';
import { ATTEMPT_LOCK_KEY_SQL } from './attempt-locks.js';

const log = logger('jobs');

/** A job this young is never taken for an orphan (its worker may not hold the lock yet). */
export const GRACE_SECONDS = 5;

export interface OrphanSweepOptions {
  boss: PgBoss;
  /** pg-boss schema. */
  schema: string;
  /** The queues this process works (only their orphans are retried here). */
  queues: () => string[];
  everySeconds: number;
}

interface OrphanRow {
  id: string;
  name: string;
  retry_count: number;
}

export class OrphanSweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #tables = new Map<string, string>();

  constructor(private readonly opts: OrphanSweepOptions) {}

  start(): void {
    this.#timer = setInterval(
      () => void this.sweep().catch((e: unknown) => log.warn(`orphaned job sweep failed: ${(e as Error).message}`)),
      this.opts.everySeconds * 1000,
    );
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One pass (never two at once); resolves to the number of jobs sent back to the queue. */
  sweep(): Promise<number> {
    this.#running ??= this.#sweep().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #table(queue: string): Promise<string> {
    let table = this.#tables.get(queue);
    if (!table) {
      table = (await this.opts.boss.getQueue(queue))?.table ?? 'job';
      if (!/^\w+$/.test(table)) throw new Error(`unexpected pg-boss table name ${table}`);
      this.#tables.set(queue, table);
    }
    return table;
  }

  async #sweep(): Promise<number> {
    const byTable = new Map<string, string[]>();
    for (const queue of this.opts.queues()) {
      const table = await this.#table(queue);
      byTable.set(table, [...(byTable.get(table) ?? []), queue]);
    }
    let retried = 0;
    for (const [table, queues] of byTable) {
      // Materialised first, so the lock test runs only on the candidates.
      const { rows } = await this.opts.boss.getDb().executeSql(
        `with candidates as materialized (
           select id, name, retry_count from "${this.opts.schema}"."${table}"
            where name = any($1::text[]) and state = 'active' and started_on < now() - make_interval(secs => $2)
         )
         select id::text as id, name, retry_count from candidates where pg_try_advisory_xact_lock(${ATTEMPT_LOCK_KEY_SQL})`,
        [queues, GRACE_SECONDS],
      );
      for (const job of rows as OrphanRow[]) {
        const result = await this.opts.boss.fail(job.name, [{ id: job.id, retryCount: job.retry_count }], {
          message:
            'the worker process running this job ended during the run (crash or kill); retried by another worker',
        });
        // pg-boss types the response as an empty interface; it carries the affected count.
        if (!(result as { affected?: number }).affected) continue; // settled or retried meanwhile
        await this.opts.boss.update(job.name, undefined, { id: job.id, startAfter: 0 });
        log.warn(
          `job ${job.id} on queue ${job.name} lost its worker process mid-run: sent back to the queue (attempt ${job.retry_count + 1} ended)`,
        );
        retried++;
      }
    }
    return retried;
  }
}
