// Auth revocations: tells every server process that a token or a user lost access, so state
// kept in memory (open WebSocket sessions today, a token cache later) can drop it at once.
// Writers queue `NOTIFY partgraph_auth` in the transaction that revokes (Postgres delivers it
// only on commit, to every listening process, this one included); each process LISTENs on one
// dedicated connection (the shared PgListener, which reconnects with backoff).
// What must stay true: the database is the truth and a notification is only a hint. After a
// reconnect `onResync` listeners run, because notifications sent while deaf are lost.
import type { EntityManager } from '@mikro-orm/postgresql';
import { PgListener } from '../events/pg-listener.js';
import { logger } from '../log.js';

const log = logger('auth');

export const AUTH_CHANNEL = 'partgraph_auth';

/** `logout`: the token's own holder signed out; `user-deactivated`: updateUser(isActive: false). */
export type RevocationReason = 'logout' | 'token-revoked' | 'user-deactivated';

export interface Revocation {
  userId: number;
  /** Set when one token was revoked; absent when the whole user lost access. */
  tokenId?: number;
  reason: RevocationReason;
}

const REASONS: readonly RevocationReason[] = ['logout', 'token-revoked', 'user-deactivated'];

/** Queues the notification on `em`'s connection; inside a transaction it is sent on commit. */
export async function publishRevocation(em: EntityManager, revocation: Revocation): Promise<void> {
  await em.execute('select pg_notify(?, ?)', [AUTH_CHANNEL, JSON.stringify(revocation)]);
}

/** The revocation in a notification payload, or null when it is not one. */
export function parseRevocation(payload: string): Revocation | null {
  try {
    const r = JSON.parse(payload) as Partial<Revocation>;
    if (!Number.isInteger(r.userId) || !REASONS.includes(r.reason as RevocationReason)) return null;
    if (r.tokenId !== undefined && !Number.isInteger(r.tokenId)) return null;
    return { userId: r.userId!, reason: r.reason!, ...(r.tokenId !== undefined ? { tokenId: r.tokenId } : {}) };
  } catch {
    return null;
  }
}

export type RevocationListener = (revocation: Revocation) => void;

/** One per process: hears revocations from every process and hands them to its listeners. */
export class AuthRevocations {
  readonly #pg: PgListener;
  readonly #revoked = new Set<RevocationListener>();
  readonly #resync = new Set<() => void>();

  constructor(databaseUrl: string) {
    this.#pg = new PgListener({
      databaseUrl,
      channels: [AUTH_CHANNEL],
      applicationName: 'partgraph-auth',
      onNotify: (_channel, payload) => {
        const r = parseRevocation(payload);
        if (!r) return log.warn(`ignored an unreadable ${AUTH_CHANNEL} notification`);
        for (const l of this.#revoked) this.#call(() => l(r));
      },
      onConnect: async (_client, reconnect) => {
        if (reconnect) for (const l of this.#resync) this.#call(l);
      },
    });
  }

  /** Resolves after the first LISTEN attempt; if it failed, keeps retrying in the background. */
  async start(): Promise<void> {
    await this.#pg.start({ retryFirst: true });
  }

  async stop(): Promise<void> {
    await this.#pg.stop();
  }

  /** Calls `listener` for every revocation any process publishes; returns the unsubscribe function. */
  onRevoked(listener: RevocationListener): () => void {
    this.#revoked.add(listener);
    return () => this.#revoked.delete(listener);
  }

  /** Calls `listener` after a reconnect: revocations may have been missed, re-check from the database. */
  onResync(listener: () => void): () => void {
    this.#resync.add(listener);
    return () => this.#resync.delete(listener);
  }

  /** Whether the LISTEN connection is up now (while it is down, notifications may be lost). */
  get listening(): boolean {
    return this.#pg.client !== undefined;
  }

  /** Test hook: drops the LISTEN connection as if the network failed. */
  simulateDisconnect(): void {
    this.#pg.simulateDisconnect();
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      log.error('auth revocation listener failed', e);
    }
  }
}
