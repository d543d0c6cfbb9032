// Login throttling. Failed sign-ins are counted per username and per client address in Postgres
// (table `login_throttle`, created by a migration, shared by every server process on the
// database) with rate-limiter-flexible. When a count reaches its limit within the window, sign-in
// for that username or address is refused for the block time with TOO_MANY_REQUESTS and a retry
// hint, before any password is checked (so a flood costs no password hashing).
// Must stay true: unknown usernames are counted exactly like existing ones, so the answers never
// tell whether a user exists; a successful sign-in clears its username's count (not the
// address's, so one valid account cannot be used to reset guessing from that address).
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '../graphql/errors.js';
import { logger } from '../log.js';

const log = logger('auth');

declare module '../graphql/context.js' {
  interface AppServices {
    /** Counts failed sign-ins (absent outside a running server). */
    loginThrottle?: LoginThrottle;
  }
}

/** Created by Migration20261128100000LoginThrottle; the column order is the library's. */
export const LOGIN_THROTTLE_TABLE = 'login_throttle';
const CLEANUP_EVERY_MS = 5 * 60_000;

export interface LoginThrottleOptions {
  databaseUrl: string;
  /** 0 turns the per-username limit off. */
  maxFailuresPerUser: number;
  /** 0 turns the per-address limit off. */
  maxFailuresPerIp: number;
  windowSeconds: number;
  blockSeconds: number;
}

/** Case and Unicode form do not make a new username key; very long names are hashed. */
export function usernameKey(username: string): string {
  const key = username.normalize('NFC').toLowerCase();
  return key.length <= 100 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** IPv4-mapped IPv6 counts as IPv4; IPv6 counts per /64, which one host usually owns whole. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array<string>(Math.max(8 - front.length - back.length, 0)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

interface Limit {
  limiter: RateLimiterPostgres;
  max: number;
}

export class LoginThrottle {
  readonly #pool: pg.Pool;
  readonly #byUser: Limit | undefined;
  readonly #byAddress: Limit | undefined;
  readonly #blockSeconds: number;
  readonly #cleanup: NodeJS.Timeout;

  constructor(opts: LoginThrottleOptions) {
    // A small pool of its own: throttling must answer even when the ORM's pool is busy.
    this.#pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 3,
      connectionTimeoutMillis: 5000,
      application_name: 'partgraph-login-throttle',
    });
    // An idle client dropped by the server emits 'error'; unhandled, it would end the process.
    this.#pool.on('error', (e) => log.warn(`login throttle pool: ${e.message}`));
    this.#blockSeconds = opts.blockSeconds;
    const limit = (keyPrefix: string, max: number): Limit | undefined =>
      max > 0
        ? {
            max,
            limiter: new RateLimiterPostgres({
              storeClient: this.#pool,
              storeType: 'pool',
              tableName: LOGIN_THROTTLE_TABLE,
              tableCreated: true,
              clearExpiredByTimeout: false, // our own timer below, which close() stops
              keyPrefix,
              points: max,
              duration: opts.windowSeconds,
              // Concurrent failures can overshoot the limit; the library blocks those itself.
              blockDuration: opts.blockSeconds,
            }),
          }
        : undefined;
    this.#byUser = limit('user', opts.maxFailuresPerUser);
    this.#byAddress = limit('ip', opts.maxFailuresPerIp);
    this.#cleanup = setInterval(() => void this.#deleteExpired(), CLEANUP_EVERY_MS);
    this.#cleanup.unref();
  }

  #entries(username: string, address: string | undefined): Array<[Limit, string]> {
    const out: Array<[Limit, string]> = [];
    if (this.#byUser) out.push([this.#byUser, usernameKey(username)]);
    if (this.#byAddress && address) out.push([this.#byAddress, addressKey(address)]);
    return out;
  }

  /** Throws TOO_MANY_REQUESTS while the username or the address is blocked. */
  async check(username: string, address: string | undefined): Promise<void> {
    const states = await Promise.all(
      this.#entries(username, address).map(async ([l, key]) => ({ l, res: await l.limiter.get(key) })),
    );
    let waitMs = 0;
    for (const { l, res } of states)
      if (res && res.consumedPoints >= l.max) waitMs = Math.max(waitMs, res.msBeforeNext);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw tooManyRequests(`Too many failed sign-in attempts: try again in ${seconds} s`, seconds);
    }
  }

  /** Counts a failed sign-in; the one that reaches a limit starts the block. */
  async failed(username: string, address: string | undefined): Promise<void> {
    await Promise.all(
      this.#entries(username, address).map(async ([l, key]) => {
        const res = await l.limiter.consume(key).catch((e: unknown) => {
          if (e instanceof RateLimiterRes) return e; // over the limit: already blocked by the library
          throw e;
        });
        if (res.consumedPoints === l.max) await l.limiter.block(key, this.#blockSeconds);
      }),
    );
  }

  /** A successful sign-in clears the username's count. */
  async succeeded(username: string): Promise<void> {
    await this.#byUser?.limiter.delete(usernameKey(username));
  }

  async #deleteExpired(): Promise<void> {
    try {
      await this.#pool.query(`DELETE FROM "${LOGIN_THROTTLE_TABLE}" WHERE expire < $1`, [Date.now() - 3_600_000]);
    } catch (e) {
      log.debug(`login throttle cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#cleanup);
    await this.#pool.end();
  }
}
