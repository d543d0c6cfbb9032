// API tokens: random secrets handed out once; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken, User } from '../db/entities/index.js';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function issueToken(em: EntityManager, user: User, name: string, expiresAt?: Date | null): Promise<string> {
  const secret = 'pgt_' + randomBytes(24).toString('base64url');
  em.create(ApiToken, { user, name, tokenHash: hashToken(secret), expiresAt: expiresAt ?? null });
  await em.flush();
  return secret;
}

/** Reads `Authorization: Bearer <token>` or InvenTree's `Token <token>`. */
export function tokenFromHeader(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const m = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header.trim());
  return m?.[1];
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The active user for a token, or null when unknown, revoked, expired or the user is inactive. */
export async function userForToken(em: EntityManager, secret: string): Promise<{ user: User; token: ApiToken } | null> {
  const token = await em.findOne(ApiToken, { tokenHash: hashToken(secret) }, { populate: ['user'], strategy: 'joined' });
  if (!token || token.revokedAt) return null;
  const now = new Date();
  if (token.expiresAt && token.expiresAt <= now) return null;
  if (!token.user.isActive) return null;
  // Write last-used at most once a minute per token so reads stay reads.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: now });
    token.lastUsedAt = now;
  }
  return { user: token.user, token };
}
