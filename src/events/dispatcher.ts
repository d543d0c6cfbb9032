// Turns committed outbox rows into background jobs: one pg-boss job per (event, interested
// consumer), and runs those jobs in worker processes.
//
// Exactly-once enqueueing with several processes: a pass claims undispatched rows with
// `FOR UPDATE SKIP LOCKED`, sends the jobs through the same transaction (pg-boss `db` option)
// and sets `dispatched_at`, then commits. A crash before the commit leaves the rows
// undispatched; the next pass (at start, on every NOTIFY, and on a periodic sweep) takes them.
//
// Processing is at-least-once per consumer: a throwing or timed-out attempt is retried with
// the consumer's retry policy; after the last retry the job stays `failed` in pg-boss with the
// error in its output. The job handler looks the consumer up by key in the process that runs
// the job; if it is not registered there the attempt fails (and is retried). A delivery cut off
// by the death of its worker process is retried by another worker within seconds (the job
// queue's attempt locks and orphan sweep); one whose worker hangs, after the job heartbeat.
import { hostname } from 'node:os';
import pg from 'pg';
import type { JobContext, JobQueue } from '../jobs/queue.js';
import { withTimeout } from '../jobs/queue.js';
import { logger } from '../log.js';
import { EVENT_SELECT, fetchEventsByIds, toEventRecord, type EventRow } from './rows.js';
import type { ConsumerOptions, EventConsumer, EventRecord } from './types.js';

const log = logger('events');

/** The pg-boss queue of event deliveries. */
export const EVENT_JOB_QUEUE = 'partgraph.event';

/** Payload of one delivery job. */
export interface EventJobData {
  eventId: string;
  /** Event name, for people browsing jobs. */
  name: string;
  consumer: string;
  timeoutSeconds: number;
}

export const DEFAULT_CONSUMER_OPTIONS: Required<ConsumerOptions> = {
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  timeoutSeconds: 60,
};

/** The consumers registered in this process. */
export class ConsumerRegistry {
  #consumers = new Map<string, EventConsumer>();
  /** Keys unregistered in this process (e.g. a plugin deactivated): their queued jobs are skipped. */
  #retired = new Set<string>();

  /** Adds (or replaces) a consumer; returns a function that removes exactly this registration. */
  register(consumer: EventConsumer): () => void {
    if (!consumer.key) throw new Error('an event consumer needs a key');
    this.#consumers.set(consumer.key, consumer);
    this.#retired.delete(consumer.key);
    return () => {
      if (this.#consumers.get(consumer.key) === consumer) this.unregister(consumer.key);
    };
  }

  unregister(key: string): boolean {
    const had = this.#consumers.delete(key);
    if (had) this.#retired.add(key);
    return had;
  }

  get(key: string): EventConsumer | undefined {
    return this.#consumers.get(key);
  }

  /** Was registered here and has been unregistered since (not merely unknown to this process). */
  isRetired(key: string): boolean {
    return this.#retired.has(key);
  }

  list(): EventConsumer[] {
    return [...this.#consumers.values()];
  }
}

export interface DispatcherOptions {
  databaseUrl: string;
  jobs: JobQueue;
  consumers: ConsumerRegistry;
  /** Checked once per batch; false = claim the rows without enqueueing anything. */
  shouldDispatch: () => Promise<boolean>;
  defaults?: Partial<ConsumerOptions>;
  /** Safety-net pass interval for missed notifications (ms, default 10000). */
  sweepMs?: number;
  /** Rows per transaction (default 100). */
  batchSize?: number;
  /** Delivery jobs run in parallel per worker process (default 4). */
  concurrency?: number;
}

export class EventDispatcher {
  #pool: pg.Pool;
  #sweep: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  readonly defaults: Required<ConsumerOptions>;

  constructor(private readonly opts: DispatcherOptions) {
    this.#pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 3, application_name: 'partgraph-dispatch' });
    this.#pool.on('error', (e) => log.warn(`dispatcher pool: ${e.message}`));
    this.defaults = { ...DEFAULT_CONSUMER_OPTIONS, ...opts.defaults };
  }

  /** Starts the worker (worker/all roles) and dispatches what is pending. */
  async start(): Promise<void> {
    await this.opts.jobs.createQueue(EVENT_JOB_QUEUE);
    await this.opts.jobs.work<EventJobData>(EVENT_JOB_QUEUE, (job) => this.#process(job), {
      concurrency: this.opts.concurrency ?? 4,
    });
    await this.flush();
    this.#sweep = setInterval(() => this.poke(), this.opts.sweepMs ?? 10_000);
    this.#sweep.unref();
  }

  /** Stops dispatching and this process's delivery workers (waiting for running ones). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#sweep);
    await this.#running?.catch(() => undefined);
    await this.opts.jobs
      .offWork(EVENT_JOB_QUEUE)
      .catch((e: unknown) => log.warn(`stopping event workers: ${(e as Error).message}`));
    await this.#pool.end();
  }

  /** Asks for a pass soon (called for every committed event); passes never overlap. */
  poke(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.dispatchPending();
        } while (this.#again && !this.#stopped);
      } catch (e) {
        log.error('event dispatch failed (will retry on the next event or sweep)', e);
      } finally {
        this.#running = undefined;
      }
    })();
  }

  /** Runs a pass now (or joins the running one) and resolves when no pass is running. */
  async flush(): Promise<void> {
    this.poke();
    while (this.#running) await this.#running;
  }

  /** Dispatches every undispatched row visible now; resolves to how many rows it claimed. */
  async dispatchPending(): Promise<number> {
    let total = 0;
    const size = this.opts.batchSize ?? 100;
    for (;;) {
      if (this.#stopped) return total;
      const n = await this.#dispatchBatch(size);
      total += n;
      if (n < size) return total;
    }
  }

  async #dispatchBatch(size: number): Promise<number> {
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<EventRow>(
        `${EVENT_SELECT} where e.dispatched_at is null order by e.id limit ${size} for update of e skip locked`,
      );
      if (!rows.length) {
        await client.query('commit');
        return 0;
      }
      const events = rows.map(toEventRecord);
      const enabled = await this.opts.shouldDispatch();
      const consumers = this.opts.consumers.list();
      const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
      let jobs = 0;
      if (enabled) {
        for (const event of events) {
          for (const consumer of consumers) {
            if (!(await this.#wants(consumer, event))) continue;
            const o = { ...this.defaults, ...definedOptions(consumer) };
            const data: EventJobData = {
              eventId: event.id,
              name: event.name,
              consumer: consumer.key,
              timeoutSeconds: o.timeoutSeconds,
            };
            await this.opts.jobs.boss.send(EVENT_JOB_QUEUE, data, {
              db,
              retryLimit: o.retryLimit,
              retryDelay: o.retryDelay,
              retryBackoff: o.retryBackoff,
              // pg-boss's own expiry is the backstop; the handler enforces timeoutSeconds itself.
              expireInSeconds: Math.ceil(o.timeoutSeconds) + 30,
              // A live worker refreshes it while the consumer runs, however long; a frozen one does not.
              heartbeatSeconds: this.opts.jobs.heartbeatSeconds,
            });
            jobs++;
          }
        }
      }
      await client.query('update events set dispatched_at = now() where id = any($1::bigint[])', [
        events.map((e) => e.id),
      ]);
      await client.query('commit');
      log.debug(
        `dispatched ${events.length} event(s) as ${jobs} job(s)${enabled ? '' : ' (event processing is disabled)'}`,
      );
      return events.length;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async #wants(consumer: EventConsumer, event: EventRecord): Promise<boolean> {
    try {
      return await consumer.wants(event);
    } catch (e) {
      log.error(`consumer ${consumer.key}: wants() threw on ${event.name} #${event.id}; not delivering`, e);
      return false;
    }
  }

  async #process(job: JobContext<EventJobData>): Promise<void> {
    const { eventId, consumer: key, timeoutSeconds } = job.data;
    const consumer = this.opts.consumers.get(key);
    if (!consumer && this.opts.consumers.isRetired(key)) {
      // Unregistered on purpose (its plugin was deactivated): nothing to deliver to any more.
      log.info(`skipping delivery of event #${eventId} to "${key}": the consumer was unregistered`);
      return;
    }
    if (!consumer)
      throw new Error(
        `event consumer "${key}" is not registered in this process (${hostname()} pid ${process.pid}); the job will be retried`,
      );
    const [event] = await fetchEventsByIds(this.#pool, [eventId]);
    if (!event) throw new Error(`event #${eventId} no longer exists`);
    await withTimeout(
      timeoutSeconds,
      job.signal,
      (signal) => consumer.process(event, { signal, attempt: job.attempt, jobId: job.id }),
      () => new Error(`event consumer "${key}" timed out after ${timeoutSeconds}s on ${event.name} #${event.id}`),
    );
  }
}

function definedOptions(c: ConsumerOptions): ConsumerOptions {
  const o: ConsumerOptions = {};
  if (c.retryLimit !== undefined) o.retryLimit = c.retryLimit;
  if (c.retryDelay !== undefined) o.retryDelay = c.retryDelay;
  if (c.retryBackoff !== undefined) o.retryBackoff = c.retryBackoff;
  if (c.timeoutSeconds !== undefined) o.timeoutSeconds = c.timeoutSeconds;
  return o;
}
