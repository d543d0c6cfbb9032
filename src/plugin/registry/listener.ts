// Hears plugin state changes made by other processes: LISTEN on a dedicated connection (it
// reconnects after errors) plus a slow poll in case a notification was missed.
import pg from 'pg';
import { logger } from '../../log.js';
import { NOTIFY_CHANNEL } from './config-store.js';

const log = logger('plugins');

export interface ChangeListenerOptions {
  databaseUrl: string;
  /** This process's origin id: its own notifications are ignored. */
  origin: string;
  pollMs: number;
  /** Called (debounced) when the active set may have changed elsewhere. */
  onChange: () => void;
}

export class ChangeListener {
  #client: pg.Client | undefined;
  #poll: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly opts: ChangeListenerOptions) {}

  async start(): Promise<void> {
    await this.#connect();
    this.#poll = setInterval(() => this.opts.onChange(), this.opts.pollMs);
    this.#poll.unref();
  }

  #trigger(): void {
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => this.opts.onChange(), 50);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.databaseUrl });
    client.on('notification', (msg) => {
      if (msg.channel !== NOTIFY_CHANNEL) return;
      try {
        if ((JSON.parse(msg.payload ?? '{}') as { origin?: string }).origin === this.opts.origin) return;
      } catch {
        // unreadable payload: treat as a change
      }
      this.#trigger();
    });
    client.on('error', (e) => {
      log.warn(`plugin change listener lost its connection: ${e.message}`);
      this.#reconnectLater(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.#client = client;
    } catch (e) {
      log.warn(`could not LISTEN for plugin changes (polling meanwhile): ${(e as Error).message}`);
      this.#reconnectLater(client);
    }
  }

  #reconnectLater(client: pg.Client): void {
    void client.end().catch(() => undefined);
    if (this.#client === client) this.#client = undefined;
    if (this.#stopped || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (this.#stopped) return;
      // Changes may have happened while we were deaf.
      this.opts.onChange();
      void this.#connect();
    }, 1000);
    this.#retry.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#poll);
    clearTimeout(this.#retry);
    clearTimeout(this.#debounce);
    const c = this.#client;
    this.#client = undefined;
    await c?.end().catch(() => undefined);
  }
}
