// The per-process event bus: hears every committed outbox row through Postgres (LISTEN
// partgraph_events, payload = event id), reads the rows, and fans them out to in-process
// listeners and subscriptions. It never relies on who raised an event: a row committed by any
// process on the same database reaches every bus.
//
// Live delivery is at-most-once per bus (a subscriber that connects later does not get older
// events). After a lost connection the bus catches up from the table: rows with an id above
// the highest it had delivered. Durable, at-least-once processing is the dispatcher's job.
import type pg from 'pg';
import { logger } from '../log.js';
import { channel } from './channel.js';
import { PgListener } from './pg-listener.js';
import { EVENT_SELECT, fetchEventsByIds, toEventRecord, type EventRow } from './rows.js';
import { matchesFilter, type EventFilter, type EventRecord } from './types.js';

const log = logger('events');

export const EVENTS_CHANNEL = 'partgraph_events';

export type EventListener = (event: EventRecord) => void | Promise<void>;

export interface EventBusOptions {
  databaseUrl: string;
  /** Events a slow subscription may have queued before it is ended with an error (default 10000). */
  maxQueue?: number;
}

/** How many recently delivered ids are remembered to drop duplicates after a catch-up. */
const RECENT = 5000;
const CATCH_UP_LIMIT = 1000;

export class EventBus {
  #listener: PgListener;
  #listeners = new Set<EventListener>();
  #pending = new Set<string>();
  #flushing: Promise<void> | undefined;
  #recent = new Set<string>();
  #lastId = 0n;
  #stopped = false;
  #closers = new Set<() => void>();

  constructor(private readonly opts: EventBusOptions) {
    this.#listener = new PgListener({
      databaseUrl: opts.databaseUrl,
      channels: [EVENTS_CHANNEL],
      applicationName: 'partgraph-events',
      onNotify: (_ch, payload) => this.#notified(payload),
      onConnect: (client, reconnect) => (reconnect ? this.#catchUp(client) : this.#init(client)),
    });
  }

  async start(): Promise<void> {
    await this.#listener.start();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const close of [...this.#closers]) close();
    await this.#flushing?.catch(() => undefined);
    await this.#listener.stop();
  }

  /** Calls `listener` for every event this process hears; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Live stream of events matching `filter`, from now on. Ends when the consumer stops
   * iterating or the bus stops; fails if the consumer falls `maxQueue` events behind.
   */
  subscribe(filter: EventFilter = {}): AsyncIterableIterator<EventRecord> {
    let off = () => {};
    const ch = channel<EventRecord>(() => {
      off();
      this.#closers.delete(close);
    }, this.opts.maxQueue);
    const close = () => ch.end();
    off = this.onEvent((event) => {
      if (matchesFilter(filter, event)) ch.push(event);
    });
    this.#closers.add(close);
    if (this.#stopped) close();
    return ch.iterator;
  }

  /** How many listeners and subscriptions are attached (tests wait on it). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Test hook: drop the LISTEN connection as a network failure would. */
  simulateDisconnect(): void {
    this.#listener.simulateDisconnect();
  }

  async #init(client: pg.Client): Promise<void> {
    const { rows } = await client.query<{ max: string | null }>('select max(id)::text as max from events');
    const max = BigInt(rows[0]?.max ?? '0');
    if (max > this.#lastId) this.#lastId = max;
  }

  /** After a reconnect: deliver rows committed while we were not listening. */
  async #catchUp(client: pg.Client): Promise<void> {
    for (;;) {
      const { rows } = await client.query<EventRow>(
        `${EVENT_SELECT} where e.id > $1 order by e.id limit ${CATCH_UP_LIMIT}`,
        [this.#lastId.toString()],
      );
      if (rows.length) log.info(`caught up on ${rows.length} event(s) missed while disconnected`);
      this.#deliver(rows.map(toEventRecord));
      if (rows.length < CATCH_UP_LIMIT) return;
    }
  }

  #notified(payload: string): void {
    if (!/^\d+$/.test(payload) || this.#recent.has(payload)) return;
    this.#pending.add(payload);
    this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#flush());
  }

  /** Reads the notified rows in one query (notifications arrive in commit order; ids may not). */
  async #flush(): Promise<void> {
    try {
      while (this.#pending.size && !this.#stopped) {
        const ids = [...this.#pending];
        this.#pending.clear();
        const client = this.#listener.client;
        if (!client) return; // the reconnect's catch-up reads them
        try {
          this.#deliver(await fetchEventsByIds(client, ids));
        } catch (e) {
          log.warn(`could not read notified events ${ids.join(',')}: ${(e as Error).message}`);
        }
      }
    } finally {
      this.#flushing = undefined;
      if (this.#pending.size && !this.#stopped) this.#notified([...this.#pending][0]!);
    }
  }

  #deliver(events: EventRecord[]): void {
    for (const event of events) {
      if (this.#recent.has(event.id)) continue;
      this.#remember(event.id);
      // Listeners are not awaited: a slow one must not hold up the others or the stream.
      for (const l of [...this.#listeners]) {
        const fail = (e: unknown) => log.error(`event listener failed on ${event.name} #${event.id}`, e);
        try {
          void Promise.resolve(l(event)).catch(fail);
        } catch (e) {
          fail(e);
        }
      }
    }
  }

  #remember(id: string): void {
    this.#recent.add(id);
    if (this.#recent.size > RECENT) this.#recent.delete(this.#recent.values().next().value!);
    const n = BigInt(id);
    if (n > this.#lastId) this.#lastId = n;
  }
}
