// Token look-ups are cached (AUTH_TOKEN_CACHE_SECONDS), yet a logout and a deactivated user are
// refused within 1 s by every server process: two real server processes on one database, the
// cache set to 30 s so only the revocation notice can make either process forget a token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { hashToken } from '../src/auth/tokens.js';
import { createTestDatabase } from './support/db.js';
import { gqlAt, startServerProcess, type ServerProcess } from './support/process.js';
import { ADMIN } from './support/server.js';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id } } }';
const ME = '{ me { username } }';

/** Milliseconds until `url` refuses `token` (UNAUTHENTICATED), polling; fails after `limitMs`. */
async function refusedWithin(url: string, token: string, limitMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const r = await gqlAt(url, ME, {}, token);
    const elapsed = performance.now() - t0;
    if (r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return elapsed;
    assert.equal(r.data?.me?.username, 'alice', JSON.stringify(r));
    if (elapsed > limitMs) assert.fail(`${url} still accepted the token after ${Math.round(elapsed)} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('token cache across processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: string;
  let aliceId: string;

  const login = async (url: string, u: string, p: string) => {
    const r = await gqlAt<{ login: { token: string; user: { id: string } } }>(url, LOGIN, { u, p });
    assert.ok(r.data, JSON.stringify(r));
    return r.data.login;
  };

  before(async () => {
    db = await createTestDatabase('tokencache');
    const env = {
      DATABASE_URL: db.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      AUTH_TOKEN_CACHE_SECONDS: '30',
    };
    a = await startServerProcess(env);
    b = await startServerProcess(env);
    admin = (await login(a.url, ADMIN.username, ADMIN.password)).token;
    const r = await gqlAt<{ createUser: { id: string } }>(
      a.url,
      'mutation { createUser(input: { username: "alice", password: "alice-password-1" }) { id } }',
      {},
      admin,
    );
    assert.ok(r.data, JSON.stringify(r));
    aliceId = r.data.createUser.id;
  });

  after(async () => {
    for (const p of [a, b]) {
      if (p && p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await p.exited;
      }
    }
    await db?.drop();
  });

  it('serves tokens from the cache, and a logout on one process is refused by both within 1 s', async () => {
    // The cache is in use: a token revoked behind the servers' backs (no notice) still works.
    const hidden = await login(a.url, 'alice', 'alice-password-1');
    await gqlAt(b.url, ME, {}, hidden.token);
    await sql(db.url, `update api_tokens set revoked_at = now() where token_hash = '${hashToken(hidden.token)}'`);
    assert.equal((await gqlAt(b.url, ME, {}, hidden.token)).data?.me?.username, 'alice', 'served from the cache');

    const { token } = await login(a.url, 'alice', 'alice-password-1');
    for (const p of [a, b]) assert.equal((await gqlAt(p.url, ME, {}, token)).data?.me?.username, 'alice');
    const out = await gqlAt(a.url, 'mutation { logout }', {}, token);
    assert.equal(out.data?.logout, true, JSON.stringify(out));
    const [onA, onB] = await Promise.all([refusedWithin(a.url, token, 1000), refusedWithin(b.url, token, 1000)]);
    assert.ok(onA < 1000 && onB < 1000, `refused after ${onA} / ${onB} ms`);
  });

  it('a user deactivated on one process is refused by both within 1 s', async () => {
    const { token } = await login(b.url, 'alice', 'alice-password-1');
    for (const p of [a, b]) assert.equal((await gqlAt(p.url, ME, {}, token)).data?.me?.username, 'alice');
    const r = await gqlAt(
      a.url,
      'mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { isActive } }',
      { id: aliceId },
      admin,
    );
    assert.equal(r.data?.updateUser?.isActive, false, JSON.stringify(r));
    await Promise.all([refusedWithin(a.url, token, 1000), refusedWithin(b.url, token, 1000)]);
  });
});
