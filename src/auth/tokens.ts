// API tokens: random secrets handed out once; only their SHA-256 is stored. Revoking one
// notifies every server process (src/auth/revocations.ts) in the same transaction.
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken, type User } from '../db/entities/index.js';
import { publishRevocation, type RevocationReason } from './revocations.js';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function issueToken(
  em: EntityManager,
  user: User,
  name: string,
  expiresAt?: Date | null,
): Promise<string> {
  const secret = `pgt_${randomBytes(24).toString('base64url')}`;
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
  const token = await em.findOne(
    ApiToken,
    { tokenHash: hashToken(secret) },
    { populate: ['user'], strategy: 'joined' },
  );
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

/** Marks `token` revoked and tells every process (sockets signed in with it close with 4401). */
export async function revokeToken(
  em: EntityManager,
  token: ApiToken,
  reason: Extract<RevocationReason, 'logout' | 'token-revoked'>,
): Promise<void> {
  token.revokedAt ??= new Date();
  // The fork shares `token`, so the change is flushed inside the transaction with the NOTIFY.
  await em.transactional(async (tx) => {
    await tx.flush();
    await publishRevocation(tx as EntityManager, { userId: token.user.id, tokenId: token.id, reason });
  });
}

/** Why a token no longer grants access. */
export type TokenDenial = 'revoked' | 'expired' | 'user-inactive';

const DENIED_CHUNK = 1000;

/** For open sessions: the tokens among `ids` that no longer grant access (unknown ids count as revoked). */
export async function deniedTokens(
  em: EntityManager,
  ids: readonly number[],
  now = new Date(),
): Promise<Map<number, TokenDenial>> {
  const denied = new Map<number, TokenDenial>(ids.map((id) => [id, 'revoked']));
  for (let i = 0; i < ids.length; i += DENIED_CHUNK) {
    const chunk = ids.slice(i, i + DENIED_CHUNK);
    const rows = await em.execute<Array<{ id: number; revoked: boolean; expired: boolean; active: boolean }>>(
      `select t.id, t.revoked_at is not null as revoked, coalesce(t.expires_at <= ?, false) as expired, u.is_active as active
         from api_tokens t join users u on u.id = t.user_id where t.id in (${chunk.map(() => '?').join(', ')})`,
      [now, ...chunk],
    );
    for (const r of rows) {
      if (r.revoked) continue;
      if (!r.active) denied.set(r.id, 'user-inactive');
      else if (r.expired) denied.set(r.id, 'expired');
      else denied.delete(r.id);
    }
  }
  return denied;
}
