// The signed-in WebSocket sessions of this process, by user. It enforces the per-user socket
// limit and closes sockets whose token or user lost access:
// - at once on a revocation notice from any process (logout → 4401, deactivated user → 4403),
// - when the token expires (a timer per session; ws.ts also checks at every subscribe),
// - after a periodic re-check against the database, and after the notice listener reconnects
//   (notices sent while it was deaf are lost; the database is the truth).
// Must stay true: a session is removed when its socket closes, and closing is idempotent.
import type { Revocation } from '../auth/revocations.js';
import type { TokenDenial } from '../auth/tokens.js';
import { logger } from '../log.js';

const log = logger('ws');

/** Invalid, revoked or expired token (graphql-ws's Unauthorized). */
export const WS_CLOSE_UNAUTHORIZED = 4401;
/** The user was deactivated (graphql-ws's Forbidden). */
export const WS_CLOSE_FORBIDDEN = 4403;
/** The user already has the maximum number of sockets on this process. */
export const WS_CLOSE_TOO_MANY_SOCKETS = 4429;

/** Longest delay setTimeout accepts (about 24.8 days); later expiries re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionSocket {
  close(code: number, reason: string): void;
}

export class WsSession {
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly userId: number,
    readonly tokenId: number,
    readonly expiresAt: Date | null,
    private readonly socket: SessionSocket,
    private readonly onClosed: (s: WsSession) => void,
  ) {
    this.#arm();
  }

  get closed(): boolean {
    return this.#closed;
  }

  get expired(): boolean {
    return !!this.expiresAt && this.expiresAt.getTime() <= Date.now();
  }

  /** Closes the socket (graphql-ws then ends its operations) and forgets the session. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.onClosed(this);
    log.debug(`closing socket of user ${this.userId} (token ${this.tokenId}): ${code} ${reason}`);
    this.socket.close(code, reason);
  }

  /** The socket closed by itself: stop the timer and forget the session. */
  ended(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.onClosed(this);
  }

  #arm(): void {
    if (!this.expiresAt) return;
    const wait = this.expiresAt.getTime() - Date.now();
    if (wait <= 0) {
      this.close(WS_CLOSE_UNAUTHORIZED, 'Unauthorized: token expired');
      return;
    }
    this.#timer = setTimeout(() => this.#arm(), Math.min(wait, MAX_TIMER_MS));
    this.#timer.unref();
  }
}

export interface WsSessionsOptions {
  maxSocketsPerUser: number;
  /** Period of the database re-check of every open session's token. */
  recheckMs: number;
  /** The tokens among `ids` that no longer grant access (src/auth/tokens.ts deniedTokens). */
  deniedTokens(ids: readonly number[]): Promise<Map<number, TokenDenial>>;
}

const DENIAL_CLOSE: Record<TokenDenial, [number, string]> = {
  revoked: [WS_CLOSE_UNAUTHORIZED, 'Unauthorized: token revoked'],
  expired: [WS_CLOSE_UNAUTHORIZED, 'Unauthorized: token expired'],
  'user-inactive': [WS_CLOSE_FORBIDDEN, 'Forbidden: user deactivated'],
};

const REVOCATION_CLOSE: Record<Revocation['reason'], [number, string]> = {
  logout: [WS_CLOSE_UNAUTHORIZED, 'Unauthorized: token revoked (logout)'],
  'token-revoked': DENIAL_CLOSE.revoked,
  'user-deactivated': DENIAL_CLOSE['user-inactive'],
};

export class WsSessions {
  readonly #byUser = new Map<number, Set<WsSession>>();
  readonly #timer: NodeJS.Timeout;
  #checking: Promise<void> | undefined;

  constructor(private readonly opts: WsSessionsOptions) {
    this.#timer = setInterval(() => void this.recheck(), opts.recheckMs);
    this.#timer.unref();
  }

  /** Open sessions of this process. */
  get size(): number {
    let n = 0;
    for (const set of this.#byUser.values()) n += set.size;
    return n;
  }

  /**
   * Registers a signed-in socket. Over the per-user limit the socket is closed with 4429 and
   * null is returned.
   */
  open(userId: number, tokenId: number, expiresAt: Date | null, socket: SessionSocket): WsSession | null {
    const set = this.#byUser.get(userId) ?? new Set<WsSession>();
    if (set.size >= this.opts.maxSocketsPerUser) {
      socket.close(WS_CLOSE_TOO_MANY_SOCKETS, `Too many sockets for this user (limit ${this.opts.maxSocketsPerUser})`);
      return null;
    }
    const session = new WsSession(userId, tokenId, expiresAt, socket, (s) => this.#forget(s));
    if (session.closed) return null; // already expired
    set.add(session);
    this.#byUser.set(userId, set);
    return session;
  }

  /** A revocation notice (from any process): closes the matching sockets. */
  revoked(r: Revocation): void {
    const [code, reason] = REVOCATION_CLOSE[r.reason];
    for (const s of [...(this.#byUser.get(r.userId) ?? [])]) {
      if (r.tokenId === undefined || s.tokenId === r.tokenId) s.close(code, reason);
    }
  }

  /** Re-checks every open session's token against the database; closes those that lost access. */
  recheck(): Promise<void> {
    this.#checking ??= this.#recheck().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #recheck(): Promise<void> {
    const sessions = [...this.#byUser.values()].flatMap((set) => [...set]);
    if (!sessions.length) return;
    try {
      const denied = await this.opts.deniedTokens([...new Set(sessions.map((s) => s.tokenId))]);
      for (const s of sessions) {
        const why = denied.get(s.tokenId);
        if (why) s.close(...DENIAL_CLOSE[why]);
      }
    } catch (e) {
      log.warn(`could not re-check WebSocket sessions: ${(e as Error).message}`);
    }
  }

  /** Stops the periodic re-check (sockets are closed by the server's shutdown). */
  stop(): void {
    clearInterval(this.#timer);
  }

  #forget(s: WsSession): void {
    const set = this.#byUser.get(s.userId);
    if (!set) return;
    set.delete(s);
    if (!set.size) this.#byUser.delete(s.userId);
  }
}
