// The change feed: hears plugin state changes made by other processes — LISTEN on a dedicated
// connection (the shared PgListener reconnects with backoff) plus a slow poll in case a notification was missed.
import { PgListener } from '../../events/pg-listener.js';
import { NOTIFY_CHANNEL } from './config-store.js';

export interface ChangeFeedOptions {
  databaseUrl: string;
  /** This process's origin id: its own notifications are ignored. */
  origin: string;
  pollMs: number;
  /**
   * Called (debounced) when the active set may have changed elsewhere; `discover` when another
   * process installed or uninstalled a plugin package (re-run discovery).
   */
  onChange: (change: { discover: boolean }) => void;
}

export class ChangeFeed {
  readonly #pg: PgListener;
  #poll: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #started = false;
  /** A NOTIFY asking for discovery arrived since the last (debounced) call. */
  #discover = false;

  constructor(private readonly opts: ChangeFeedOptions) {
    this.#pg = new PgListener({
      databaseUrl: opts.databaseUrl,
      channels: [NOTIFY_CHANNEL],
      applicationName: 'partgraph-plugins',
      onNotify: (_channel, payload) => {
        try {
          const message = JSON.parse(payload || '{}') as { origin?: string; discover?: boolean };
          if (message.origin === opts.origin) return;
          if (message.discover) this.#discover = true;
        } catch {
          // unreadable payload: treat as a change
        }
        this.#trigger();
      },
      // Any connect after start() (a reconnect, or a first connect that had failed): changes may
      // have happened while this process was deaf.
      onConnect: async () => {
        if (this.#started) opts.onChange({ discover: true });
      },
    });
  }

  async start(): Promise<void> {
    await this.#pg.start({ retryFirst: true });
    this.#started = true;
    this.#poll = setInterval(() => this.opts.onChange({ discover: false }), this.opts.pollMs);
    this.#poll.unref();
  }

  #trigger(): void {
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      const discover = this.#discover;
      this.#discover = false;
      this.opts.onChange({ discover });
    }, 50);
  }

  async stop(): Promise<void> {
    clearInterval(this.#poll);
    clearTimeout(this.#debounce);
    await this.#pg.stop();
  }
}
