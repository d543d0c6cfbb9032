// Real server processes on one database: a subscriber on process A sees events committed by
// process B (a real mutation) and by this test process; an event committed while the only
// server is frozen and then killed -9 is delivered to a consumer after the next start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openOrm } from '../src/db/orm.js';
import { raiseEvent } from '../src/events/trigger.js';
import type { EventRecord } from '../src/events/types.js';
import { createTestDatabase } from './support/db.js';
import { startServerProcess, type ServerProcess, gqlAt as gql } from './support/process.js';
import { ADMIN, startTestServer } from './support/server.js';
import { wsClient } from './support/ws.js';
import { modulesWithConsumers, waitFor } from './events-helpers.js';

async function login(url: string): Promise<string> {
  const r = await gql<{ login: { token: string } }>(
    url,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: ADMIN.username, p: ADMIN.password },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.login.token;
}

async function stopProcess(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
}

/** Raises an event from this test process (a third process on the database). */
async function raiseFromHere(databaseUrl: string, name: string, data: Record<string, unknown> = {}): Promise<string> {
  const orm = await openOrm(databaseUrl);
  try {
    return await raiseEvent(orm, name, data);
  } finally {
    await orm.close();
  }
}

describe('events across server processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const procs: ServerProcess[] = [];
  const env = () => ({
    DATABASE_URL: db.url,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    PLUGIN_DIR: 'test/fixtures/plugins-ok',
    JOBS_POLL_SECONDS: '0.5',
  });

  before(async () => {
    db = await createTestDatabase('xp');
  });
  after(async () => {
    for (const p of procs) await stopProcess(p).catch(() => undefined);
    await db.drop();
  });

  it('a subscriber on process A receives events committed by process B and by another process', async () => {
    const a = await startServerProcess(env());
    procs.push(a);
    const b = await startServerProcess(env(), ['serve', '--role', 'web']);
    procs.push(b);
    assert.match(b.output(), /role web/);

    const tokenA = await login(a.url);
    const client = wsClient({ url: a.url, token: tokenA });
    const got: EventRecord[] = [];
    const errors: unknown[] = [];
    client.subscribe(
      {
        query:
          'subscription { events(names: ["plugin.*", "xp.*"]) { id name model instanceId data user { username } createdAt } }',
      },
      {
        next: (r) => (r.errors ? errors.push(r.errors) : got.push((r.data as { events: EventRecord }).events)),
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    try {
      // The subscription is live once a probe committed from here comes through.
      await waitFor(
        'the subscription to be live',
        async () => {
          await raiseFromHere(db.url, 'xp.probe');
          return got.some((e) => e.name === 'xp.probe');
        },
        15_000,
        200,
      );

      // A real mutation on process B records plugin.activated in its transaction.
      const tokenB = await login(b.url);
      const list = await gql<{ plugins: Array<{ key: string; name: string; active: boolean }> }>(
        b.url,
        '{ plugins { key name active } }',
        {},
        tokenB,
      );
      const hello = list.data?.plugins.find((p) => p.name === 'Hello Folder');
      assert.ok(hello && !hello.active, `fixture plugin available: ${JSON.stringify(list)}`);
      const r = await gql(
        b.url,
        'mutation($k: String!) { activatePlugin(key: $k) { key active } }',
        { k: hello.key },
        tokenB,
      );
      assert.equal(r.errors, undefined);
      const activated = await waitFor('plugin.activated from process B', () =>
        got.find((e) => e.name === 'plugin.activated'),
      );
      assert.equal(activated.instanceId, hello.key);
      assert.equal(activated.model, 'pluginconfig');
      assert.deepEqual(activated.user, { username: 'admin' });

      const id = await raiseFromHere(db.url, 'xp.from-test', { hello: 'world' });
      const mine = await waitFor('the event raised by the test process', () => got.find((e) => e.id === id));
      assert.deepEqual(mine.data, { hello: 'world' });
      assert.deepEqual(errors, []);
    } finally {
      await client.dispose();
    }
    await stopProcess(b);
    await stopProcess(a);
  });

  it('an event committed while the only server is frozen, then killed -9, is delivered after the next start', async () => {
    const p = await startServerProcess(env());
    procs.push(p);
    p.child.kill('SIGSTOP'); // alive (its connections open) but unable to dispatch
    const id = await raiseFromHere(db.url, 'xp.durable', { n: 1 });
    p.child.kill('SIGKILL');
    await p.exited;

    const orm = await openOrm(db.url);
    const [row] = await (orm.em.fork() as EntityManager).execute<Array<{ d: Date | null }>>(
      'select dispatched_at as d from events where id = ?',
      [id],
    );
    await orm.close();
    assert.equal(row!.d, null, 'not dispatched before the crash');

    const delivered: EventRecord[] = [];
    const s = await startTestServer({
      databaseUrl: db.url,
      keepDatabase: true,
      env: { JOBS_POLL_SECONDS: '0.5', PLUGIN_DIR: 'test/fixtures/plugins-ok' },
      modules: modulesWithConsumers((events) =>
        events.registerConsumer({
          key: 'c.durable',
          wants: (e) => e.name === 'xp.durable',
          process: async (e) => void delivered.push(e),
        }),
      ),
    });
    try {
      await waitFor('the delivery after restart', () => delivered.length > 0);
      await new Promise((r) => setTimeout(r, 700));
      assert.deepEqual(
        delivered.map((e) => [e.id, e.name, e.data]),
        [[id, 'xp.durable', { n: 1 }]],
      );
    } finally {
      await s.stop();
    }
  });
});
