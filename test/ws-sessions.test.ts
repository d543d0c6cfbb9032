// WebSocket sessions and limits (issue 9, items 3, 4 and 8): a socket lives only while its token
// and user do, across server processes (logout or deactivation on process A closes the socket
// on process B within 1 s; expiry closes it and refuses new operations; a revocation written
// straight to the database is caught by the periodic re-check), message size and
// connection_init time are capped before sign-in, and operations per socket and sockets per
// user are limited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { startServerProcess, type ServerProcess, gqlAt } from './support/process.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';
import { wsQuery } from './support/ws.js';
import { sleep, waitFor } from './events-helpers.js';

interface Closed {
  code: number;
  reason: string;
  at: number;
}

interface Socket {
  client: Client;
  closed: Promise<Closed>;
  /** Errors delivered to this socket's subscriptions. */
  errors: unknown[];
  /** Starts a long-running subscription; returns its unsubscribe function. */
  subscribe(): () => void;
}

/** A graphql-ws client whose socket stays open (one running subscription) until closed. */
async function openSocket(url: string, token: string): Promise<Socket> {
  let onClosed!: (c: Closed) => void;
  const closed = new Promise<Closed>((r) => (onClosed = r));
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
    on: {
      closed: (e) =>
        onClosed({
          code: (e as { code: number }).code,
          reason: String((e as { reason: string }).reason),
          at: Date.now(),
        }),
    },
  });
  const errors: unknown[] = [];
  const subscribe = () =>
    client.subscribe(
      { query: 'subscription { events(names: ["ws-sessions.none"]) { id } }' },
      { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined },
    );
  subscribe();
  // A query answered on the same socket: it is acknowledged and its session registered.
  const me = await wsQuery<{ me: { username: string } }>(client, '{ me { username } }');
  assert.ok(me.data?.me.username, JSON.stringify(me));
  return { client, closed, errors, subscribe };
}

/** Resolves with the close, or with null when the socket is still open after `ms`. */
async function closedWithin(s: Socket, ms: number): Promise<Closed | null> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([s.closed, new Promise<null>((res) => (timer = setTimeout(() => res(null), ms)))]);
  clearTimeout(timer);
  return r;
}

/** A raw graphql-transport-ws socket (no client library), for what happens before sign-in. */
function rawSocket(
  url: string,
): Promise<{ ws: WebSocket; closed: Promise<{ code: number; at: number }>; openedAt: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; at: number }>((r) =>
      ws.once('close', (code) => r({ code, at: Date.now() })),
    );
    ws.once('error', () => undefined); // a refused frame may error the client side too
    ws.once('open', () => resolve({ ws, closed, openedAt: Date.now() }));
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
}

async function loginAt(url: string, username: string, password: string, expiresInDays?: number): Promise<string> {
  const r = await gqlAt<{ login: { token: string } }>(
    url,
    'mutation($u: String!, $p: String!, $d: Float) { login(username: $u, password: $p, expiresInDays: $d) { token } }',
    { u: username, p: password, d: expiresInDays ?? null },
  );
  if (!r.data?.login) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}

describe('WebSocket sessions and limits', () => {
  let a: TestServer;
  let b: ServerProcess;
  let users = 0;

  /** A fresh plain user; returns its id and password. */
  async function newUser(): Promise<{ id: string; username: string; password: string }> {
    const username = `wsuser${++users}`;
    const password = `${username}-password`;
    const r = await a.gql<{ createUser: { id: string } }>(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username, password } },
      a.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return { id: r.data!.createUser.id, username, password };
  }

  before(async () => {
    a = await startTestServer({
      env: {
        WS_CONNECTION_INIT_TIMEOUT_MS: '300',
        WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '5',
        WS_MAX_SOCKETS_PER_USER: '3',
        WS_SESSION_RECHECK_SECONDS: '0.5',
      },
    });
    // Process B: another server on the same database (default limits and re-check period).
    b = await startServerProcess({
      DATABASE_URL: a.databaseUrl,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      PLUGINS_ENABLED: 'false',
    });
  });

  after(async () => {
    if (b && b.child.exitCode === null && b.child.signalCode === null) {
      b.child.kill('SIGTERM');
      await b.exited;
    }
    await a?.stop();
  });

  it('has documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.wsMaxMessageBytes, 1_048_576);
    assert.equal(c.wsConnectionInitTimeoutMs, 5_000);
    assert.equal(c.wsMaxSubscriptionsPerSocket, 100);
    assert.equal(c.wsMaxSocketsPerUser, 20);
    assert.equal(c.wsSessionRecheckSeconds, 60);
    assert.throws(() => loadConfig({ WS_MAX_SOCKETS_PER_USER: '0' }), /WS_MAX_SOCKETS_PER_USER must be at least 1/);
  });

  it('logout on process A closes the sockets of that token on process B within 1 s (4401), not the others', async () => {
    const u = await newUser();
    const token = await loginAt(a.url, u.username, u.password);
    const other = await loginAt(a.url, u.username, u.password);
    const s = await openSocket(b.url, token);
    const kept = await openSocket(b.url, other);
    try {
      const t0 = Date.now();
      const r = await gqlAt(a.url, 'mutation { logout }', {}, token);
      assert.deepEqual(r.data, { logout: true });
      const closed = await closedWithin(s, 1000);
      assert.ok(closed, 'socket on process B still open 1 s after logout on process A');
      assert.equal(closed.code, 4401);
      assert.match(closed.reason, /token revoked \(logout\)/);
      assert.ok(closed.at - t0 < 1000, `closed after ${closed.at - t0} ms`);
      // The socket of the user's other token is untouched and still serves.
      assert.equal(await closedWithin(kept, 200), null);
      const me = await wsQuery<{ me: { username: string } }>(kept.client, '{ me { username } }');
      assert.equal(me.data?.me.username, u.username);
    } finally {
      await s.client.dispose();
      await kept.client.dispose();
    }
  });

  it("updateUser(isActive: false) on process A closes all of that user's sockets on process B within 1 s (4403)", async () => {
    const u = await newUser();
    const sockets = [
      await openSocket(b.url, await loginAt(a.url, u.username, u.password)),
      await openSocket(b.url, await loginAt(b.url, u.username, u.password)),
    ];
    const bystander = await openSocket(b.url, await loginAt(b.url, ADMIN.username, ADMIN.password));
    try {
      const t0 = Date.now();
      const r = await a.gql(
        'mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { isActive } }',
        { id: u.id },
        a.adminToken,
      );
      assert.deepEqual(r.data, { updateUser: { isActive: false } });
      for (const s of sockets) {
        const closed = await closedWithin(s, 1000);
        assert.ok(closed, 'socket still open 1 s after the user was deactivated');
        assert.equal(closed.code, 4403);
        assert.match(closed.reason, /user deactivated/);
        assert.ok(closed.at - t0 < 1000, `closed after ${closed.at - t0} ms`);
      }
      assert.equal(await closedWithin(bystander, 200), null, 'another user keeps their socket');
    } finally {
      for (const s of [...sockets, bystander]) await s.client.dispose();
    }
  });

  it('closes a socket when its token expires and refuses new operations on it', async () => {
    const u = await newUser();
    const token = await loginAt(b.url, u.username, u.password, 2 / 86_400); // valid 2 s
    const s = await openSocket(b.url, token);
    try {
      const closed = await closedWithin(s, 4000);
      assert.ok(closed, 'socket still open after its token expired');
      assert.equal(closed.code, 4401);
      assert.match(closed.reason, /token expired/);
      // A new operation (the client opens a new socket with the same token) is refused.
      await assert.rejects(wsQuery(s.client, '{ me { username } }'), (e: { code?: number }) => e.code === 4401);
    } finally {
      await s.client.dispose();
    }
  });

  it('a revocation written straight to the database is caught by the periodic re-check', async () => {
    const u = await newUser();
    const token = await loginAt(a.url, u.username, u.password);
    const s = await openSocket(a.url, token);
    const c = new pg.Client({ connectionString: a.databaseUrl });
    await c.connect();
    try {
      // No NOTIFY: only the re-check (every 0.5 s on server A) can see this.
      await c.query('update api_tokens set revoked_at = now() where user_id = $1', [Number(u.id)]);
      const closed = await closedWithin(s, 3000);
      assert.ok(closed, 'socket still open after its token was revoked in the database');
      assert.equal(closed.code, 4401);
    } finally {
      await c.end();
      await s.client.dispose();
    }
  });

  it('re-checks open sessions after the revocation listener reconnects (notices sent while deaf are lost)', async () => {
    // A third server on the same database with the default (60 s) periodic re-check.
    const c = await startTestServer({
      databaseUrl: a.databaseUrl,
      keepDatabase: true,
      env: { PLUGINS_ENABLED: 'false' },
    });
    const pgc = new pg.Client({ connectionString: a.databaseUrl });
    await pgc.connect();
    const u = await newUser();
    const s = await openSocket(c.url, await loginAt(c.url, u.username, u.password));
    try {
      c.app.authRevocations!.simulateDisconnect(); // reconnects after 250 ms
      await pgc.query('update users set is_active = false where id = $1', [Number(u.id)]);
      const closed = await closedWithin(s, 3000);
      assert.ok(closed, 'socket still open after the listener reconnected');
      assert.equal(closed.code, 4403);
    } finally {
      await pgc.end();
      await s.client.dispose();
      await c.stop();
    }
  });

  it('closes a socket whose message exceeds WS_MAX_MESSAGE_BYTES with 1009, before sign-in, and stays responsive', async () => {
    const { ws, closed } = await rawSocket(a.url);
    // 2 MiB connection_init (default limit 1 MiB).
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'x'.repeat(2 * 1024 * 1024) } }));
    const { code } = await closed;
    assert.equal(code, 1009);
    const t0 = performance.now();
    const health = await fetch(a.url.replace(/\/graphql$/, '/health'));
    assert.equal(health.status, 200);
    assert.ok(performance.now() - t0 < 1000);
    // A normal-sized init on a new socket still works.
    const s = await openSocket(a.url, a.adminToken);
    await s.client.dispose();
  });

  it('closes a socket that sends no connection_init within WS_CONNECTION_INIT_TIMEOUT_MS with 4408', async () => {
    const { closed, openedAt } = await rawSocket(a.url);
    const { code, at } = await closed;
    assert.equal(code, 4408);
    assert.ok(at - openedAt < 1500, `closed after ${at - openedAt} ms (limit 300 ms)`);
  });

  it('refuses operations beyond WS_MAX_SUBSCRIPTIONS_PER_SOCKET with TOO_MANY_SUBSCRIPTIONS and keeps the socket', async () => {
    const s = await openSocket(a.url, a.adminToken); // 1 running
    try {
      const stops = [1, 2, 3, 4].map(() => s.subscribe()); // 5 running: the limit
      s.subscribe(); // the 6th
      const refused = await waitFor(
        'the refusal',
        () => s.errors[0] as Array<{ message: string; extensions?: Record<string, unknown> }> | undefined,
        5000,
      );
      assert.equal(refused[0]?.extensions?.code, 'TOO_MANY_SUBSCRIPTIONS');
      assert.equal(refused[0]?.extensions?.limit, 5);
      assert.match(refused[0]!.message, /Too many operations on this socket \(limit 5\)/);
      // Ending one makes room for one more; the socket was never closed.
      stops[0]!();
      await sleep(100);
      s.subscribe();
      await sleep(300);
      assert.equal(s.errors.length, 1, JSON.stringify(s.errors));
      assert.equal(await closedWithin(s, 0), null);
    } finally {
      await s.client.dispose();
    }
  });

  it('closes a socket beyond WS_MAX_SOCKETS_PER_USER with 4429; other users are not affected', async () => {
    const u = await newUser();
    const token = await loginAt(a.url, u.username, u.password);
    const open = [await openSocket(a.url, token), await openSocket(a.url, token), await openSocket(a.url, token)];
    try {
      const fourth = openSocket(a.url, token);
      await assert.rejects(
        fourth,
        (e: { code?: number; reason?: string }) =>
          e.code === 4429 && /Too many sockets for this user \(limit 3\)/.test(String(e.reason)),
      );
      const admin = await openSocket(a.url, a.adminToken);
      await admin.client.dispose();
      // Closing one frees its place.
      await open.shift()!.client.dispose();
      await waitFor(
        'the freed place',
        async () => {
          const s = await openSocket(a.url, token).catch(() => undefined);
          if (s) open.push(s);
          return s;
        },
        5000,
        100,
      );
    } finally {
      for (const s of open) await s.client.dispose();
    }
  });
});
