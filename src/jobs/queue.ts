// The background job queue: pg-boss 12 on the application database (schema `pgboss`).
//
// Roles: every process can send, schedule and inspect jobs; only `worker` and `all` processes
// run handlers (`work`), pg-boss maintenance and the cron clock. In a `web` process `work()`
// registers nothing and resolves to null. Queues are created on first use.
//
// Jobs are run at least once. A worker that dies mid-run (crash, kill -9) loses its jobs for
// seconds only: each running attempt holds a lock on a Postgres session of its process
// (attempt-locks.ts), and the other workers' sweep (orphans.ts) retries at once an active job
// whose lock is free. A worker that is alive but stuck (frozen, cut off from the database) stops
// refreshing the jobs' heartbeat and pg-boss retries them after `heartbeatSeconds`; a live
// worker keeps refreshing it however long a handler runs.
import { hostname } from 'node:os';
import {
  PgBoss,
  type JobWithMetadata,
  type Queue,
  type Schedule,
  type ScheduleOptions,
  type SendOptions,
} from 'pg-boss';
import type { ProcessRole } from '../config.js';
import { logger } from '../log.js';
import { AttemptLocks, attemptLockKey } from './attempt-locks.js';
import { OrphanSweeper } from './orphans.js';

const log = logger('jobs');

export type { Schedule, ScheduleOptions, SendOptions };
/** Queue-level defaults (retries, expiry, retention) accepted by `createQueue`. */
export type QueueOptions = Omit<Queue, 'name'>;
export type JobState = JobWithMetadata['state'];

export interface JobQueueOptions {
  databaseUrl: string;
  role: ProcessRole;
  /** Postgres schema of pg-boss's tables (default `pgboss`). */
  schema?: string;
  /** How often idle workers poll, and retried jobs are picked up (seconds, >= 0.5; default 2). */
  pollingIntervalSeconds?: number;
  /** Graceful stop: how long to wait for running handlers (ms, default 5000). */
  stopTimeoutMs?: number;
  /** pg-boss connection pool size (default 5). */
  maxConnections?: number;
  /**
   * Heartbeat of jobs sent through this queue and of queues created here (integer seconds >= 10,
   * default 30): a job whose worker stops refreshing it for this long is retried.
   */
  heartbeatSeconds?: number;
  /** How often worker processes look for jobs whose worker process died (seconds, default 2). */
  orphanCheckSeconds?: number;
}

export const DEFAULT_HEARTBEAT_SECONDS = 30;
export const DEFAULT_ORPHAN_CHECK_SECONDS = 2;

/** What a handler receives for one job. */
export interface JobContext<T> {
  id: string;
  queue: string;
  data: T;
  /** 0 on the first attempt, then 1, 2… on retries. */
  attempt: number;
  /** Aborted at the timeout or when the worker stops. */
  signal: AbortSignal;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<unknown>;

export interface WorkOptions {
  /** Fail an attempt that runs longer (seconds). Without it, the job's `expireInSeconds` applies. */
  timeoutSeconds?: number;
  /** Jobs of this queue run in parallel in this process (default 1). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

/** A job as stored by pg-boss, for inspection (failed jobs keep their error in `output`). */
export interface JobInfo<T = Record<string, unknown>> {
  id: string;
  queue: string;
  state: JobState;
  data: T;
  /** Attempts after the first. */
  retryCount: number;
  retryLimit: number;
  /** The handler's return value, or the error of the last failed attempt ({ message, stack }). */
  output: Record<string, unknown> | null;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface JobRow<T> {
  id: string;
  state: JobState;
  data: T;
  output: Record<string, unknown> | null;
  retry_count: number;
  retry_limit: number;
  created_on: Date | string;
  started_on: Date | string | null;
  completed_on: Date | string | null;
}

export class JobTimeoutError extends Error {
  constructor(queue: string, id: string, seconds: number) {
    super(`job ${id} on queue ${queue} timed out after ${seconds}s`);
    this.name = 'JobTimeoutError';
  }
}

/** The error message a failed job's output holds (pg-boss stores the thrown error as { message, stack }). */
export function jobErrorMessage(output: Record<string, unknown> | null): string | null {
  if (!output) return null;
  const m = output.message;
  return typeof m === 'string' ? m : JSON.stringify(output);
}

/**
 * Runs `run` with a deadline: rejects with `onTimeout()` and aborts the signal given to `run`
 * when `seconds` pass first. The abandoned promise is left to settle on its own.
 */
export async function withTimeout<T>(
  seconds: number,
  parent: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  onTimeout: () => Error,
): Promise<T> {
  const ac = new AbortController();
  const signal = parent ? AbortSignal.any([parent, ac.signal]) : ac.signal;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // Settles at the deadline, or at once when the parent aborts (pg-boss stopping): a handler
  // that ignores its signal must not keep the worker, or the process, waiting.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = onTimeout();
      ac.abort(e);
      reject(e);
    }, seconds * 1000);
    timer.unref();
    onAbort = () => reject(parent?.reason instanceof Error ? parent.reason : new Error('aborted'));
    if (parent?.aborted) onAbort();
    else parent?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(signal), deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort) parent?.removeEventListener('abort', onAbort);
  }
}

/** A queue with a fixed payload type (see `JobQueue.define`). */
export interface TypedQueue<T extends object> {
  readonly name: string;
  send(data: T, options?: SendOptions): Promise<string | null>;
  work(handler: JobHandler<T>, options?: WorkOptions): Promise<string | null>;
  schedule(cron: string, data: T, options?: ScheduleOptions): Promise<void>;
  unschedule(key?: string): Promise<void>;
  find(options?: { state?: JobState; data?: Partial<T>; limit?: number }): Promise<Array<JobInfo<T>>>;
}

/** pg-boss accepts whole seconds from 1 to 45 for its schedule checks. */
function cronSeconds(poll: number | undefined): number {
  return Math.min(45, Math.max(1, Math.round(poll ?? 2)));
}

/** pg-boss checks heartbeats and expiries in its monitor pass: a third of the heartbeat, 2 to 60 s. */
function monitorSeconds(heartbeat: number): number {
  return Math.min(60, Math.max(2, Math.floor(heartbeat / 3)));
}

export class JobQueue {
  readonly boss: PgBoss;
  readonly role: ProcessRole;
  /** Whether this process runs job handlers (role `worker` or `all`). */
  readonly runsWorkers: boolean;
  /** Heartbeat (seconds) given to jobs sent here; pass it to `boss.send` when sending directly. */
  readonly heartbeatSeconds: number;
  #queues = new Map<string, Promise<void>>();
  #workers = new Map<string, string[]>();
  #started = false;
  #locks: AttemptLocks | undefined;
  #orphans: OrphanSweeper | undefined;

  constructor(private readonly opts: JobQueueOptions) {
    this.role = opts.role;
    this.runsWorkers = opts.role !== 'web';
    this.heartbeatSeconds = opts.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
    if (!Number.isInteger(this.heartbeatSeconds) || this.heartbeatSeconds < 10)
      throw new Error(`job heartbeat must be a whole number of seconds >= 10, got ${this.heartbeatSeconds}`);
    this.boss = new PgBoss({
      connectionString: opts.databaseUrl,
      schema: opts.schema ?? 'pgboss',
      max: opts.maxConnections ?? 5,
      application_name: `partgraph-jobs-${opts.role}`,
      useListenNotify: true,
      supervise: this.runsWorkers,
      schedule: this.runsWorkers,
      migrate: true,
      instanceName: `partgraph-${opts.role}@${hostname()}`,
      // Schedules are checked at the polling pace (pg-boss defaults to every 30 s, which sends
      // the occurrences of sub-minute recurrence rules in bursts).
      cronMonitorIntervalSeconds: cronSeconds(opts.pollingIntervalSeconds),
      cronWorkerIntervalSeconds: cronSeconds(opts.pollingIntervalSeconds),
      // Heartbeats and expiries are only checked in the monitor pass (pg-boss default: every
      // 60 s), which would add up to a minute to the heartbeat.
      superviseIntervalSeconds: monitorSeconds(this.heartbeatSeconds),
      monitorIntervalSeconds: monitorSeconds(this.heartbeatSeconds),
    });
    this.boss.on('error', (e) => log.warn(`pg-boss: ${e.message}`));
  }

  async start(): Promise<void> {
    await this.boss.start();
    if (this.runsWorkers) {
      this.#locks = new AttemptLocks(this.opts.databaseUrl);
      await this.#locks.start();
      this.#orphans = new OrphanSweeper({
        boss: this.boss,
        schema: this.opts.schema ?? 'pgboss',
        queues: () => [...this.#workers.keys()],
        everySeconds: this.opts.orphanCheckSeconds ?? DEFAULT_ORPHAN_CHECK_SECONDS,
      });
      this.#orphans.start();
    }
    this.#started = true;
    log.debug(`job queue started (role ${this.role}${this.runsWorkers ? ', running workers' : ', send only'})`);
  }

  /** Graceful: stops fetching, waits up to `stopTimeoutMs` for running handlers, closes the pool. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#orphans?.stop();
    await this.boss.stop({ graceful: true, close: true, timeout: this.opts.stopTimeoutMs ?? 5000 });
    await this.#locks?.stop();
  }

  /** One round trip on the queue's own connection pool (readiness checks). */
  async ping(): Promise<void> {
    if (!this.#started) throw new Error('job queue is not running');
    await this.boss.getDb().executeSql('select 1');
  }

  /** Creates the queue once per process (pg-boss ignores an existing one); options apply on creation. */
  createQueue(name: string, options: QueueOptions = {}): Promise<void> {
    let p = this.#queues.get(name);
    if (!p) {
      // notify: new jobs wake idle workers at once (pg-boss LISTEN/NOTIFY) instead of at the next poll.
      p = this.boss.createQueue(name, { notify: true, heartbeatSeconds: this.heartbeatSeconds, ...options });
      p.catch(() => this.#queues.delete(name));
      this.#queues.set(name, p);
    }
    return p;
  }

  async send<T extends object>(queue: string, data: T, options: SendOptions = {}): Promise<string | null> {
    await this.createQueue(queue);
    return this.boss.send(queue, data, { heartbeatSeconds: this.heartbeatSeconds, ...options });
  }

  /**
   * Runs `handler` for jobs of `queue` in this process; a throw (or the timeout) fails the
   * attempt, which pg-boss retries per the job's retry options. Resolves to the worker id,
   * or null in a `web` process, where nothing runs.
   */
  async work<T extends object>(
    queue: string,
    handler: JobHandler<T>,
    options: WorkOptions = {},
  ): Promise<string | null> {
    if (!this.runsWorkers) {
      log.debug(`not working queue ${queue}: this process has role web`);
      return null;
    }
    await this.createQueue(queue);
    const poll = options.pollingIntervalSeconds ?? this.opts.pollingIntervalSeconds ?? 2;
    const id = await this.boss.work<T>(
      queue,
      {
        batchSize: 1,
        localConcurrency: options.concurrency ?? 1,
        pollingIntervalSeconds: poll,
        notifyPollingIntervalSeconds: poll,
      },
      async ([job]) => {
        if (!job) return;
        const seconds = options.timeoutSeconds ?? job.expireInSeconds;
        // Held while the attempt runs: tells other workers this process is still on it (orphans.ts).
        const lock = attemptLockKey(job.id, job.retryCount);
        const attempt = [{ id: job.id, retryCount: job.retryCount }];
        await this.#locks?.hold(lock);
        try {
          let result: unknown;
          try {
            result = await withTimeout(
              seconds,
              job.signal,
              (signal) => handler({ id: job.id, queue, data: job.data, attempt: job.retryCount, signal }),
              () => new JobTimeoutError(queue, job.id, seconds),
            );
          } catch (e) {
            // Settled before the lock is released, so the orphan sweep never sees a finished
            // attempt active and unlocked. pg-boss's own settle after us is fenced to this
            // attempt and changes nothing (and still settles the job if ours failed).
            await this.boss.fail(queue, attempt, e as object).catch(() => undefined);
            throw e;
          }
          await this.boss.complete(queue, attempt, result as object).catch(() => undefined);
          return result;
        } finally {
          await this.#locks?.release(lock);
        }
      },
    );
    this.#workers.set(queue, [...(this.#workers.get(queue) ?? []), id]);
    return id;
  }

  /** Stops this process's workers of `queue`, waiting for running handlers. */
  async offWork(queue: string): Promise<void> {
    if (!this.#workers.has(queue)) return;
    this.#workers.delete(queue);
    await this.boss.offWork(queue, { wait: true });
  }

  /**
   * Sends a job to `queue` on a cron schedule (`m h dom mon dow`, UTC unless `options.tz`).
   * With several processes each occurrence is sent once. `options.key` allows several
   * schedules on one queue. Replaces an existing schedule with the same queue and key.
   */
  async schedule(
    queue: string,
    cron: string,
    data: object | null = null,
    options: ScheduleOptions = {},
  ): Promise<void> {
    await this.createQueue(queue);
    await this.boss.schedule(queue, cron, data, options);
  }

  async unschedule(queue: string, key?: string): Promise<void> {
    await this.boss.unschedule(queue, key);
  }

  getSchedules(queue?: string): Promise<Schedule[]> {
    return this.boss.getSchedules(queue);
  }

  /**
   * Jobs of `queue`, newest first, optionally by id, state and data containment (`data @> …`).
   * Reads pg-boss's job table directly (pg-boss's own findJobs cannot filter by state).
   */
  async findJobs<T extends object = Record<string, unknown>>(
    queue: string,
    options: { state?: JobState; data?: object; id?: string; limit?: number } = {},
  ): Promise<Array<JobInfo<T>>> {
    if (options.id !== undefined && !UUID_RE.test(options.id)) return []; // pg-boss ids are uuids
    await this.createQueue(queue);
    const info = await this.boss.getQueue(queue);
    const table = info?.table ?? 'job';
    if (!/^\w+$/.test(table)) throw new Error(`unexpected pg-boss table name ${table}`);
    const schema = this.opts.schema ?? 'pgboss';
    const where = ['name = $1'];
    const values: unknown[] = [queue];
    if (options.id) where.push(`id = $${values.push(options.id)}::uuid`);
    if (options.state) where.push(`state::text = $${values.push(options.state)}`);
    if (options.data) where.push(`data @> $${values.push(JSON.stringify(options.data))}::jsonb`);
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const { rows } = await this.boss.getDb().executeSql(
      `select id::text as id, state::text as state, data, output, retry_count, retry_limit, created_on, started_on, completed_on
         from "${schema}"."${table}" where ${where.join(' and ')} order by created_on desc, id desc limit ${limit}`,
      values,
    );
    return (rows as JobRow<T>[]).map((r) => ({
      id: r.id,
      queue,
      state: r.state,
      data: r.data,
      retryCount: r.retry_count,
      retryLimit: r.retry_limit,
      output: r.output,
      createdOn: new Date(r.created_on),
      startedOn: r.started_on ? new Date(r.started_on) : null,
      completedOn: r.completed_on ? new Date(r.completed_on) : null,
    }));
  }

  async getJob<T extends object = Record<string, unknown>>(queue: string, id: string): Promise<JobInfo<T> | null> {
    return (await this.findJobs<T>(queue, { id }))[0] ?? null;
  }

  /** Re-runs a failed job (its retry count starts over from where it ended). */
  async retry(queue: string, id: string): Promise<void> {
    await this.boss.retry(queue, id);
  }

  /** A typed view of one queue. */
  define<T extends object>(name: string, options: QueueOptions = {}): TypedQueue<T> {
    const ready = () => this.createQueue(name, options);
    return {
      name,
      send: async (data, o) => {
        await ready();
        return this.send(name, data, o);
      },
      work: async (handler, o) => {
        await ready();
        return this.work<T>(name, handler, o);
      },
      schedule: async (cron, data, o) => {
        await ready();
        return this.schedule(name, cron, data, o);
      },
      unschedule: (key) => this.unschedule(name, key),
      find: async (o = {}) => {
        await ready();
        return this.findJobs<T>(name, o);
      },
    };
  }
}
