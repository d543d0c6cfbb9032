// Turns an Authorization header (HTTP) or connection param (WebSocket) into a user.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiToken, User } from '../db/entities/index.js';
import { unauthenticated } from '../graphql/errors.js';
import type { TokenCache } from './token-cache.js';
import { tokenFromHeader, userForToken } from './tokens.js';

export interface Authenticated {
  user: User | null;
  token: ApiToken | null;
}

/**
 * No header: anonymous. A header with an unknown, expired or revoked token: UNAUTHENTICATED.
 * With `cache`, recent look-ups are answered from memory (src/auth/token-cache.ts).
 */
export async function authenticate(
  em: EntityManager,
  authorization: string | undefined | null,
  cache?: TokenCache,
): Promise<Authenticated> {
  if (!authorization) return { user: null, token: null };
  const secret = tokenFromHeader(authorization);
  if (!secret) throw unauthenticated('Malformed Authorization header: expected "Bearer <token>" or "Token <token>"');
  const found = cache ? await cache.lookup(em, secret) : await userForToken(em, secret);
  if (!found) throw unauthenticated('Invalid, expired or revoked token');
  return found;
}
