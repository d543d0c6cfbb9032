// A dedicated Postgres connection that LISTENs on some channels and reconnects with backoff.
// After every (re)connect `onConnect` runs, so the owner can catch up on what it missed while
// deaf (NOTIFY is not queued for absent listeners).
import pg from 'pg';
import { logger } from '../log.js';

const log = logger('events');

export interface PgListenerOptions {
  databaseUrl: string;
  channels: readonly string[];
  onNotify(channel: string, payload: string): void;
  /** Runs after each successful LISTEN with the connected client (first connect included). */
  onConnect?(client: pg.Client, reconnect: boolean): Promise<void>;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class PgListener {
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #backoff: number;
  #stopped = false;
  #connectedOnce = false;

  constructor(private readonly opts: PgListenerOptions) {
    this.#backoff = opts.minBackoffMs ?? 250;
  }

  /** The live connection, if any (usable for small queries between notifications). */
  get client(): pg.Client | undefined {
    return this.#client;
  }

  /**
   * Connects and LISTENs. Rejects if the first attempt fails (later failures reconnect), unless
   * `retryFirst`: then it resolves at once and keeps retrying in the background.
   */
  async start(options: { retryFirst?: boolean } = {}): Promise<void> {
    await this.#connect(!options.retryFirst);
  }

  async #connect(throwOnError: boolean): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      application_name: this.opts.applicationName ?? 'partgraph-listener',
    });
    client.on('notification', (msg) => {
      if (this.#client === client) this.opts.onNotify(msg.channel, msg.payload ?? '');
    });
    client.on('error', (e) => {
      log.warn(`listener connection lost (${this.opts.channels.join(', ')}): ${e.message}`);
      this.#lost(client);
    });
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      for (const ch of this.opts.channels) await client.query(`LISTEN "${ch}"`);
      if (this.#stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.#client = client;
      const reconnect = this.#connectedOnce;
      this.#connectedOnce = true;
      this.#backoff = this.opts.minBackoffMs ?? 250;
      if (reconnect) log.info(`listener reconnected (${this.opts.channels.join(', ')})`);
      await this.opts.onConnect?.(client, reconnect);
    } catch (e) {
      if (this.#client === client) this.#client = undefined;
      void client.end().catch(() => undefined);
      if (throwOnError) throw e;
      log.warn(`listener could not connect: ${(e as Error).message}; retrying in ${this.#backoff} ms`);
      this.#schedule();
    }
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    void client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || this.#retry) return;
    const wait = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, this.opts.maxBackoffMs ?? 10_000);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (!this.#stopped) void this.#connect(false);
    }, wait);
    this.#retry.unref();
  }

  /** Test hook and recovery aid: drops the connection as if the network failed. */
  simulateDisconnect(): void {
    const c = this.#client;
    if (c) this.#lost(c);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    const c = this.#client;
    this.#client = undefined;
    await c?.end().catch(() => undefined);
  }
}
