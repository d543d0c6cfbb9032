// The PubSub handed to type-graphql's buildSchema (for `@Subscription({ topics })` resolvers,
// core or plugin), backed by Postgres NOTIFY on channel `partgraph_pubsub` so a publish in one
// server process reaches subscribers in every process on the same database.
//
// - Payloads must be JSON-serialisable (Dates arrive as ISO strings).
// - `publish(topic, payload)` or, with a topic id, `publish(topic, id, payload)` paired with
//   `@Subscription({ topics, topicId })` (the routing key is then `topic:id`), like
//   graphql-yoga's createPubSub.
// - Payloads whose message would exceed ~7000 bytes (NOTIFY's limit is 8000) are stored in
//   `pubsub_messages` and only their id is sent; rows older than 10 minutes are deleted.
// - Delivery goes through Postgres even within one process (one path, one order). Until the
//   events module attaches a database (CLI, schema emit), publishes are delivered in-process.
// - One database per process: the first `attach` wins; later attaches to other URLs share it.
import pg from 'pg';
import type { PubSub } from 'type-graphql';
import { logger } from '../log.js';
import { channel, type Channel } from './channel.js';
import { PgListener } from './pg-listener.js';

const log = logger('pubsub');

export const PUBSUB_CHANNEL = 'partgraph_pubsub';
const INLINE_LIMIT = 7000;
const CLEANUP_EVERY_MS = 60_000;

interface Wire {
  /** routing key */
  k: string;
  /** inline payload */
  p?: unknown;
  /** id in pubsub_messages */
  r?: string;
}

interface Backend {
  url: string;
  refs: number;
  pool: pg.Pool;
  listener: PgListener;
}

export class PgPubSub implements PubSub {
  #topics = new Map<string, Set<Channel<unknown>>>();
  #backend: Backend | undefined;
  #opening: Promise<Backend> | undefined;
  #sending: Promise<void> = Promise.resolve();
  #receiving: Promise<void> = Promise.resolve();
  #lastCleanup = 0;

  /** Connects to `databaseUrl` (reference-counted); resolves to the matching detach. */
  async attach(databaseUrl: string): Promise<() => Promise<void>> {
    if (!this.#backend) {
      // Concurrent attaches (several servers starting in one process) share one connection.
      this.#opening ??= this.#open(databaseUrl).finally(() => (this.#opening = undefined));
      const opened = await this.#opening;
      this.#backend ??= opened;
    }
    const backend = this.#backend;
    if (backend.url !== databaseUrl)
      log.warn('pubSub is already attached to another database in this process; sharing it');
    backend.refs++;
    let detached = false;
    return async () => {
      if (detached) return;
      detached = true;
      if (--backend.refs > 0) return;
      await this.#sending;
      if (this.#backend === backend) this.#backend = undefined;
      await backend.listener.stop();
      await this.#receiving;
      await backend.pool.end();
    };
  }

  async #open(databaseUrl: string): Promise<Backend> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'partgraph-pubsub' });
    pool.on('error', (e) => log.warn(`pubsub pool: ${e.message}`));
    const listener = new PgListener({
      databaseUrl,
      channels: [PUBSUB_CHANNEL],
      applicationName: 'partgraph-pubsub-listen',
      onNotify: (_ch, payload) => this.#received(payload),
    });
    try {
      await listener.start();
    } catch (e) {
      await pool.end();
      throw e;
    }
    return { url: databaseUrl, refs: 0, pool, listener };
  }

  get attached(): boolean {
    return this.#backend !== undefined;
  }

  publish(routingKey: string, ...args: unknown[]): void {
    const key = args.length >= 2 ? `${routingKey}:${String(args[0])}` : routingKey;
    const payload = args.length >= 2 ? args[1] : args[0];
    const backend = this.#backend;
    if (!backend) {
      this.#deliver(key, payload);
      return;
    }
    this.#sending = this.#sending
      .then(() => this.#send(backend, key, payload))
      .catch((e: unknown) => log.error(`publish to "${key}" failed`, e));
  }

  /** Resolves when every publish so far has been handed to Postgres (tests, shutdown). */
  async flush(): Promise<void> {
    await this.#sending;
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterable<unknown> {
    const key = dynamicId === undefined ? routingKey : `${routingKey}:${String(dynamicId)}`;
    const ch = channel<unknown>(() => {
      const set = this.#topics.get(key);
      set?.delete(ch);
      if (set && !set.size) this.#topics.delete(key);
    });
    let set = this.#topics.get(key);
    if (!set) {
      set = new Set();
      this.#topics.set(key, set);
    }
    set.add(ch);
    return ch.iterator;
  }

  async #send(backend: Backend, key: string, payload: unknown): Promise<void> {
    const inline = JSON.stringify({ k: key, p: payload } satisfies Wire);
    if (Buffer.byteLength(inline) <= INLINE_LIMIT) {
      await backend.pool.query('select pg_notify($1, $2)', [PUBSUB_CHANNEL, inline]);
      return;
    }
    const { rows } = await backend.pool.query<{ id: string }>(
      'insert into pubsub_messages (topic, payload) values ($1, $2::jsonb) returning id::text as id',
      [key, JSON.stringify(payload ?? null)],
    );
    await backend.pool.query('select pg_notify($1, $2)', [
      PUBSUB_CHANNEL,
      JSON.stringify({ k: key, r: rows[0]!.id } satisfies Wire),
    ]);
    if (Date.now() - this.#lastCleanup > CLEANUP_EVERY_MS) {
      this.#lastCleanup = Date.now();
      await backend.pool.query(`delete from pubsub_messages where created_at < now() - interval '10 minutes'`);
    }
  }

  #received(raw: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(raw) as Wire;
    } catch {
      log.warn('ignoring an unreadable pubsub notification');
      return;
    }
    if (!this.#topics.has(wire.k)) return; // nobody here listens: skip the payload fetch
    const backend = this.#backend;
    // Chained so a large (fetched) payload does not overtake the messages after it.
    this.#receiving = this.#receiving
      .then(async () => {
        let payload = wire.p;
        if (wire.r !== undefined) {
          if (!backend) return;
          const { rows } = await backend.pool.query<{ payload: unknown }>(
            'select payload from pubsub_messages where id = $1',
            [wire.r],
          );
          if (!rows.length) return log.warn(`pubsub message ${wire.r} is gone (older than 10 minutes?)`);
          payload = rows[0]!.payload;
        }
        this.#deliver(wire.k, payload);
      })
      .catch((e: unknown) => log.error('pubsub delivery failed', e));
  }

  #deliver(key: string, payload: unknown): void {
    for (const ch of [...(this.#topics.get(key) ?? [])]) ch.push(payload);
  }
}

/** The process-wide PubSub (type-graphql `buildSchema({ pubSub })`). */
export const pubSub = new PgPubSub();
