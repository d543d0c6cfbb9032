// Login throttling over HTTP: per username (known and unknown alike), per client address (the
// socket's, or X-Forwarded-For only behind TRUST_PROXY), reset by a successful sign-in, and
// shared by two App instances on one database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { App } from '../src/server/app.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

interface Attempt {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfterSeconds: number | undefined;
  retryAfterHeader: string | null;
  token: string | undefined;
}

async function attempt(
  url: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Attempt> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LOGIN, variables: { u: username, p: password } }),
  });
  const body = (await res.json()) as {
    data?: { login: { token: string } } | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  const e = body.errors?.[0];
  return {
    status: res.status,
    code: e?.extensions?.code as string | undefined,
    message: e?.message,
    retryAfterSeconds: e?.extensions?.retryAfterSeconds as number | undefined,
    retryAfterHeader: res.headers.get('retry-after'),
    token: body.data?.login.token,
  };
}

/** The parts of an answer that must not differ between a known and an unknown username. */
const shape = (a: Attempt) => ({
  status: a.status,
  code: a.code,
  message: a.message,
  retryAfter: a.retryAfterSeconds !== undefined,
});

describe('login throttling per username', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      env: {
        LOGIN_MAX_FAILURES_PER_USER: '3',
        LOGIN_MAX_FAILURES_PER_IP: '1000',
        LOGIN_BLOCK_SECONDS: '120',
        LOGIN_FAILURE_WINDOW_SECONDS: '600',
      },
    });
  });
  after(() => s.stop());

  it('after 3 wrong passwords refuses even the right one with TOO_MANY_REQUESTS and a retry hint', async () => {
    await s.userToken({ username: 'victim' });
    for (let i = 0; i < 3; i++) {
      const a = await attempt(s.url, 'victim', 'wrong');
      assert.equal(a.code, 'UNAUTHENTICATED', `attempt ${i + 1} is an ordinary failure`);
    }
    const blocked = await attempt(s.url, 'victim', 'victim-password');
    assert.equal(blocked.token, undefined, 'no token while throttled');
    assert.equal(blocked.code, 'TOO_MANY_REQUESTS');
    assert.equal(blocked.status, 429);
    assert.ok(
      blocked.retryAfterSeconds! > 100 && blocked.retryAfterSeconds! <= 120,
      `retryAfterSeconds ${blocked.retryAfterSeconds}`,
    );
    assert.equal(blocked.retryAfterHeader, String(blocked.retryAfterSeconds));
    assert.match(blocked.message!, /Too many failed sign-in attempts/);
    // Case does not open a new counter.
    assert.equal((await attempt(s.url, 'VICTIM', 'victim-password')).code, 'TOO_MANY_REQUESTS');
    // Other users are not affected, and the server stays responsive.
    assert.ok((await attempt(s.url, ADMIN.username, ADMIN.password)).token);
  });

  it('answers an unknown username exactly like an existing one', async () => {
    await s.userToken({ username: 'alice' });
    const known: Attempt[] = [];
    const unknown: Attempt[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await attempt(s.url, 'alice', 'wrong'));
      unknown.push(await attempt(s.url, 'nobody-by-this-name', 'wrong'));
    }
    assert.deepEqual(unknown.map(shape), known.map(shape));
    assert.deepEqual(
      known.map((a) => a.code),
      ['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS'],
    );
  });

  it('a successful sign-in resets the username count', async () => {
    await s.userToken({ username: 'bob' });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) assert.equal((await attempt(s.url, 'bob', 'wrong')).code, 'UNAUTHENTICATED');
      assert.ok((await attempt(s.url, 'bob', 'bob-password')).token, `round ${round}: the right password still works`);
    }
    // Without a success in between, the same failures do block.
    for (let i = 0; i < 3; i++) assert.equal((await attempt(s.url, 'bob', 'wrong')).code, 'UNAUTHENTICATED');
    assert.equal((await attempt(s.url, 'bob', 'bob-password')).code, 'TOO_MANY_REQUESTS');
  });

  it('a second App instance on the same database sees the same count', async () => {
    await s.userToken({ username: 'carol' });
    const config = loadConfig({
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: s.databaseUrl,
      LOGIN_MAX_FAILURES_PER_USER: '3',
    });
    const other = new App(config, { modules: [] });
    await other.start();
    try {
      for (let i = 0; i < 3; i++) assert.equal((await attempt(s.url, 'carol', 'wrong')).code, 'UNAUTHENTICATED');
      assert.equal((await attempt(other.url, 'carol', 'carol-password')).code, 'TOO_MANY_REQUESTS');
    } finally {
      await other.stop();
    }
  });
});

describe('login throttling per client address', () => {
  it('counts the socket address and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const s = await startTestServer({ env: { LOGIN_MAX_FAILURES_PER_USER: '1000', LOGIN_MAX_FAILURES_PER_IP: '4' } });
    try {
      for (let i = 0; i < 4; i++) {
        const a = await attempt(s.url, `guess${i}`, 'wrong', { 'x-forwarded-for': `198.51.100.${i}` });
        assert.equal(a.code, 'UNAUTHENTICATED');
      }
      const blocked = await attempt(s.url, ADMIN.username, ADMIN.password, { 'x-forwarded-for': '198.51.100.99' });
      assert.equal(blocked.code, 'TOO_MANY_REQUESTS', 'a forged X-Forwarded-For does not escape the address limit');
      assert.ok(blocked.retryAfterSeconds! > 0);
    } finally {
      await s.stop();
    }
  });

  it('behind TRUST_PROXY uses the address the proxy appended', async () => {
    const s = await startTestServer({
      env: { LOGIN_MAX_FAILURES_PER_USER: '1000', LOGIN_MAX_FAILURES_PER_IP: '4', TRUST_PROXY: 'true' },
    });
    try {
      for (let i = 0; i < 4; i++) {
        // The left entry is whatever the client claimed; the proxy appended the real address.
        const a = await attempt(s.url, `guess${i}`, 'wrong', { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` });
        assert.equal(a.code, 'UNAUTHENTICATED');
      }
      assert.equal(
        (await attempt(s.url, ADMIN.username, ADMIN.password, { 'x-forwarded-for': '203.0.113.7' })).code,
        'TOO_MANY_REQUESTS',
      );
      const elsewhere = await attempt(s.url, ADMIN.username, ADMIN.password, {
        'x-forwarded-for': '203.0.113.7, 203.0.113.8',
      });
      assert.ok(elsewhere.token, 'another client address signs in');
    } finally {
      await s.stop();
    }
  });
});
