// Token look-ups cached in memory for a few seconds (AUTH_TOKEN_CACHE_SECONDS), so a signed-in
// request does not query api_tokens + users every time.
// What must stay true:
// - a revocation (logout, revoked token, deactivated user) takes effect at once in every process:
//   each process drops the matching entries when it hears the NOTIFY (src/auth/revocations.ts),
//   and a look-up that was running while a revocation arrived is not stored;
// - while the LISTEN connection is down (notifications may be lost) nothing is served from the
//   cache, and after a reconnect it is emptied;
// - each request gets its own User and ApiToken, merged into its own EntityManager from the cached
//   data (no SQL), never an instance shared with another request;
// - expired tokens are refused by the cached expiry too.
import type { EntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken, User } from '../db/entities/index.js';
import type { AuthRevocations, Revocation } from './revocations.js';
import { hashToken, userForToken } from './tokens.js';

interface Entry {
  userId: number;
  tokenId: number;
  user: EntityData<User>;
  token: EntityData<ApiToken>;
  expiresAt: number | null;
  /** Served until then (ms since epoch). */
  until: number;
}

/** Data of a loaded entity, hidden properties (the password hash) included, relations as ids. */
function snapshot<T extends object>(em: EntityManager, entity: T): EntityData<T> {
  return em.getComparator().prepareEntity(entity) as EntityData<T>;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  /** Bumped by every revocation: a look-up that saw a bump while it ran is not stored. */
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly isLive: () => boolean,
    private readonly maxEntries = 10_000,
  ) {}

  /** Follows `revocations`; returns the function that stops following. */
  follow(revocations: AuthRevocations): () => void {
    const offRevoked = revocations.onRevoked((r) => this.revoked(r));
    const offResync = revocations.onResync(() => this.clear());
    return () => {
      offRevoked();
      offResync();
    };
  }

  get stats(): { size: number; hits: number; misses: number } {
    return { size: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }

  revoked(r: Revocation): void {
    this.#generation++;
    for (const [key, e] of this.#entries) {
      if (r.tokenId !== undefined ? e.tokenId === r.tokenId : e.userId === r.userId) this.#entries.delete(key);
    }
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** The active user for a token secret, like userForToken, from the cache when it may be trusted. */
  async lookup(em: EntityManager, secret: string): Promise<{ user: User; token: ApiToken } | null> {
    const key = hashToken(secret);
    const now = Date.now();
    const live = this.ttlMs > 0 && this.isLive();
    const hit = live ? this.#entries.get(key) : undefined;
    if (hit && hit.until > now && (hit.expiresAt === null || hit.expiresAt > now)) {
      this.#hits++;
      const user = em.merge(User, hit.user);
      const token = em.merge(ApiToken, { ...hit.token, user });
      return { user, token };
    }
    if (hit) this.#entries.delete(key);
    this.#misses++;
    const generation = this.#generation;
    const found = await userForToken(em, secret);
    if (!found || !live || generation !== this.#generation || !this.isLive()) return found;
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, {
      userId: found.user.id,
      tokenId: found.token.id,
      user: snapshot(em, found.user),
      token: snapshot(em, found.token),
      expiresAt: found.token.expiresAt ? found.token.expiresAt.getTime() : null,
      until: now + this.ttlMs,
    });
    return found;
  }
}
