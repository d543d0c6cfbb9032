// Real server processes (npm start's entry point): shutdown is bounded by SHUTDOWN_DRAIN_MS even
// when a request hangs in the database; two processes share the login-throttle counts; the start
// log suggests creating a user only when there is none.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from './support/db.js';
import { startServerProcess, type ServerProcess } from './support/process.js';
import { ADMIN } from './support/server.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: any;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

async function stopProcess(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

const withAdmin = (db: TestDb, extra: Record<string, string> = {}) => ({
  DATABASE_URL: db.url,
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
  ...extra,
});

describe('server processes: shutdown, shared throttling, start log', () => {
  let db: TestDb;
  const procs: ServerProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const p = await startServerProcess(env);
    procs.push(p);
    return p;
  };
  before(async () => {
    db = await createTestDatabase('ops');
  });
  after(async () => {
    for (const p of procs) await stopProcess(p).catch(() => undefined);
    await db.drop();
  });

  it('exits within SHUTDOWN_DRAIN_MS plus a small margin while a request hangs on a database lock', async () => {
    const server = await start(withAdmin(db, { SHUTDOWN_DRAIN_MS: '1000' }));
    const token = (await gql(server.url, LOGIN, { u: ADMIN.username, p: ADMIN.password })).body.data.login
      .token as string;
    // Another session holds an exclusive lock on parts: the request below waits on it.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table "parts" in access exclusive mode');
      const hung = gql(server.url, '{ parts { totalCount } }', {}, token).catch((e: unknown) => e);
      // Wait until the server's query is really waiting for the lock.
      for (let i = 0; ; i++) {
        const { rows } = await locker.query<{ n: number }>(
          `select count(*)::int as n from pg_locks where not granted and relation = '"parts"'::regclass`,
        );
        if (rows[0].n > 0) break;
        if (i > 100) throw new Error('the request never reached the lock');
        await new Promise((r) => setTimeout(r, 50));
      }
      const t0 = Date.now();
      server.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        server.exited,
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 20_000))),
      ]);
      clearTimeout(timer);
      const ms = Date.now() - t0;
      assert.notEqual(code, 'timeout', `still running 20 s after SIGTERM:\n${server.output()}`);
      assert.ok(ms < 1000 + 4000, `exited ${ms} ms after SIGTERM (drain 1000 ms):\n${server.output()}`);
      assert.equal(code, 0);
      assert.match(server.output(), /still running after the 1000 ms drain/);
      if (process.env.SHOW_OUTPUT) console.log(ms, server.output());
      await hung; // the client sees its connection closed
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
    }
  });

  it('two processes share the failed sign-in count', async () => {
    const env = withAdmin(db, { LOGIN_MAX_FAILURES_PER_USER: '3', LOGIN_BLOCK_SECONDS: '60' });
    const a = await start(env);
    const b = await start(env);
    for (let i = 0; i < 3; i++) {
      const r = await gql(a.url, LOGIN, { u: ADMIN.username, p: 'wrong' });
      assert.equal(r.body.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    }
    const onB = await gql(b.url, LOGIN, { u: ADMIN.username, p: ADMIN.password });
    assert.equal(onB.body.data ?? null, null, 'no token from the other process either');
    assert.equal(onB.body.errors?.[0].extensions?.code, 'TOO_MANY_REQUESTS');
    assert.ok((onB.body.errors?.[0].extensions?.retryAfterSeconds as number) > 0);
    assert.equal(onB.status, 429);
  });

  it('the start log suggests creating a user only when the user table is empty', async () => {
    // This database has the admin user by now; no ADMIN_* this time.
    const withUsers = await start({ DATABASE_URL: db.url, ADMIN_USERNAME: '', ADMIN_PASSWORD: '' });
    await new Promise((r) => setTimeout(r, 500)); // a hint logged after "listening on" would be here by now
    assert.doesNotMatch(withUsers.output(), /createuser|create a user/);
    const empty = await createTestDatabase('ops');
    try {
      const fresh = await start({ DATABASE_URL: empty.url, ADMIN_USERNAME: '', ADMIN_PASSWORD: '' });
      assert.match(fresh.output(), /no users yet.*createuser/);
      await stopProcess(fresh);
    } finally {
      await empty.drop();
    }
  });
});
