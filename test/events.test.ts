// Event outbox, bus, GraphQL subscription/query and the Postgres-backed pubSub, in one server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'graphql-ws';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../src/db/entities/index.js';
import { PgPubSub, pubSub } from '../src/events/pubsub.js';
import { triggerEvent } from '../src/events/trigger.js';
import type { EventRecord } from '../src/events/types.js';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient } from './support/ws.js';
import { FAST_JOBS, sleep, waitFor } from './events-helpers.js';

interface Streamed {
  items: Array<Record<string, unknown>>;
  errors: unknown[];
  done: boolean;
}

/** Starts a subscription and collects what it sends. */
function stream(client: Client, query: string, variables?: Record<string, unknown>): Streamed {
  const s: Streamed = { items: [], errors: [], done: false };
  client.subscribe(
    { query, variables },
    {
      next: (r) =>
        r.errors ? s.errors.push(...r.errors) : s.items.push((r.data as { events: Record<string, unknown> }).events),
      error: (e) => s.errors.push(e),
      complete: () => (s.done = true),
    },
  );
  return s;
}

const SUB = `subscription($names: [String!], $models: [String!]) {
  events(names: $names, models: $models) { id name model instanceId data user { id username } createdAt }
}`;

describe('events', () => {
  let s: TestServer;
  let em: () => EntityManager;
  const rows = async (name: string) =>
    (await em().execute<Array<{ n: string }>>('select count(*)::text as n from events where name = ?', [name]))[0]!.n;

  before(async () => {
    s = await startTestServer({ env: FAST_JOBS });
    em = () => s.app.orm.em.fork() as EntityManager;
  });
  after(() => s.stop());

  it('records nothing for a rolled-back change and exactly one row for a committed one', async () => {
    const events = s.app.services.events!;
    const seen: EventRecord[] = [];
    const off = events.onEvent((e) => void seen.push(e));
    const admin = await em().findOneOrFail(User, { username: 'admin' });
    try {
      await assert.rejects(
        em().transactional(async (tx) => {
          await triggerEvent(tx as EntityManager, 'test.rolledback', { a: 1 });
          throw new Error('change refused');
        }),
        /change refused/,
      );
      const id = await em().transactional((tx) =>
        triggerEvent(
          tx as EntityManager,
          'test.committed',
          { a: 2, nested: { ok: true } },
          { model: 'part', instanceId: 7, user: admin },
        ),
      );
      const got = await waitFor('the committed event on the bus', () => seen.find((e) => e.id === id));
      assert.deepEqual(
        { ...got, createdAt: undefined },
        {
          id,
          name: 'test.committed',
          model: 'part',
          instanceId: '7',
          data: { a: 2, nested: { ok: true } },
          user: { id: admin.id, username: 'admin' },
          createdAt: undefined,
        },
      );
      assert.ok(got.createdAt instanceof Date);
      await sleep(300); // a stray notification would have arrived by now
      assert.equal(seen.filter((e) => e.name === 'test.rolledback').length, 0);
      assert.equal(await rows('test.rolledback'), '0');
      assert.equal(await rows('test.committed'), '1');
    } finally {
      off();
    }
  });

  it('outside a transaction, writes pending changes and the event in one flush', async () => {
    const bad = em();
    bad.create(User, { username: 'admin', passwordHash: 'x' }); // duplicate username: the flush fails
    await assert.rejects(triggerEvent(bad, 'test.with-bad-change', {}), /unique|duplicate/i);
    assert.equal(await rows('test.with-bad-change'), '0');

    const good = em();
    const u = good.create(User, { username: 'evt-flush', passwordHash: 'x' });
    const id = await triggerEvent(good, 'test.with-good-change', { username: 'evt-flush' }, { user: u });
    assert.ok(u.id > 0, 'the pending user was flushed with the event');
    const [row] = await em().execute<Array<{ user_id: number }>>('select user_id from events where id = ?', [id]);
    assert.equal(row!.user_id, u.id);
  });

  it('refuses bad names and non-object data', async () => {
    await assert.rejects(s.app.services.events!.raise('no spaces allowed', {}), /invalid event name/);
    await assert.rejects(
      s.app.services.events!.raise('ok.name', [] as unknown as Record<string, unknown>),
      /data must be a JSON object/,
    );
  });

  it('streams committed events over graphql-ws, filtered by exact names, name prefixes and models', async () => {
    const token = await s.userToken({ username: 'watcher' });
    const client = wsClient({ url: s.url, token });
    const bus = s.app.services.events!.bus;
    const base = bus.listenerCount;
    try {
      const exact = stream(client, SUB, { names: ['part.created'] });
      const prefix = stream(client, SUB, { names: ['part.*'] });
      const models = stream(client, SUB, { models: ['stockitem'] });
      const both = stream(client, SUB, { names: ['*'], models: ['part'] });
      const all = stream(client, SUB, {});
      await waitFor('5 subscriptions', () => bus.listenerCount >= base + 5);

      const events = s.app.services.events!;
      await events.raise('part.created', { name: 'R1' }, { model: 'part', instanceId: 1 });
      await events.raise('part.deleted', {}, { model: 'part', instanceId: 1 });
      await events.raise('partcategory.saved', {}, { model: 'partcategory', instanceId: 3 });
      await events.raise('stockitem.saved', { quantity: '5' }, { model: 'stockitem', instanceId: 9 });
      await events.raise('custom.thing', { x: true });

      await waitFor('all five on the unfiltered stream', () => all.items.length === 5);
      await sleep(200);
      const names = (x: Streamed) => x.items.map((i) => i.name);
      assert.deepEqual(names(exact), ['part.created']);
      assert.deepEqual(names(prefix), ['part.created', 'part.deleted'], 'part.* does not match partcategory.saved');
      assert.deepEqual(names(models), ['stockitem.saved']);
      assert.deepEqual(names(both), ['part.created', 'part.deleted']);
      assert.deepEqual(names(all), [
        'part.created',
        'part.deleted',
        'partcategory.saved',
        'stockitem.saved',
        'custom.thing',
      ]);
      const first = exact.items[0]!;
      assert.equal(first.model, 'part');
      assert.equal(first.instanceId, '1');
      assert.deepEqual(first.data, { name: 'R1' });
      assert.equal(first.user, null);
      assert.match(String(first.createdAt), /^\d{4}-\d\d-\d\dT/);
      for (const x of [exact, prefix, models, both, all]) assert.deepEqual(x.errors, []);
    } finally {
      await client.dispose();
    }
    await waitFor('subscriptions to be released', () => bus.listenerCount === base);
  });

  it('rejects a malformed name pattern with BAD_USER_INPUT', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      const bad = stream(client, SUB, { names: ['pa*rt'] });
      await waitFor('the error', () => bad.errors.length > 0);
      const err = bad.errors[0] as
        | Array<{ message: string; extensions?: { code?: string } }>
        | { message: string; extensions?: { code?: string } };
      const first = Array.isArray(err) ? err[0]! : err;
      assert.match(first.message, /Invalid event name pattern "pa\*rt"/);
      assert.equal(first.extensions?.code, 'BAD_USER_INPUT');
    } finally {
      await client.dispose();
    }
  });

  it('lets staff page through the event log with the same filters; others are refused', async () => {
    const events = s.app.services.events!;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await events.raise('log.entry', { i }, { model: 'logtest', instanceId: i }));
    await events.raise('log_other', {});
    const q = `query($names: [String!], $models: [String!], $after: ID, $before: ID, $limit: Int) {
      events(names: $names, models: $models, after: $after, before: $before, limit: $limit) { id name instanceId data }
    }`;
    const page1 = await s.gql<{ events: Array<{ id: string; instanceId: string }> }>(
      q,
      { names: ['log.*'], limit: 2 },
      s.adminToken,
    );
    assert.deepEqual(
      page1.data?.events.map((e) => e.id),
      ids.slice(0, 2),
    );
    const page2 = await s.gql<{ events: Array<{ id: string }> }>(
      q,
      { names: ['log.*'], after: ids[1], limit: 2 },
      s.adminToken,
    );
    assert.deepEqual(
      page2.data?.events.map((e) => e.id),
      ids.slice(2, 4),
    );
    const last = await s.gql<{ events: Array<{ id: string }> }>(
      q,
      { models: ['logtest'], before: '999999999', limit: 2 },
      s.adminToken,
    );
    assert.deepEqual(
      last.data?.events.map((e) => e.id),
      ids.slice(3),
      'before without after: the newest page, in id order',
    );
    const exact = await s.gql<{ events: Array<{ name: string }> }>(q, { names: ['log_other'] }, s.adminToken);
    assert.deepEqual(
      exact.data?.events.map((e) => e.name),
      ['log_other'],
      '"_" is not a LIKE wildcard',
    );

    const user = await s.userToken({ username: 'not-staff' });
    const refused = await s.gql(q, {}, user);
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const bad = await s.gql(q, { limit: 5000 }, s.adminToken);
    assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(bad.errors?.[0]?.extensions?.field, 'limit');
  });

  it('catches up from the table after losing its LISTEN connection', async () => {
    const events = s.app.services.events!;
    const sub = events.subscribe({ names: ['test.while-deaf'] });
    events.bus.simulateDisconnect();
    const id = await events.raise('test.while-deaf', {}); // committed while nobody listens
    const next = await Promise.race([sub.next(), sleep(10_000).then(() => null)]);
    assert.ok(next && !next.done, 'delivered after the reconnect');
    assert.equal(next.value.id, id);
    await sub.return!();
  });
});

describe('pubSub over Postgres NOTIFY', () => {
  let s: TestServer;
  let other: PgPubSub;
  let detach: () => Promise<void>;
  before(async () => {
    s = await startTestServer();
    // A second, independent PgPubSub on the same database stands in for another process.
    other = new PgPubSub();
    detach = await other.attach(s.databaseUrl);
  });
  after(async () => {
    await detach();
    await s.stop();
  });

  const first = async (it: AsyncIterable<unknown>, ms = 5000): Promise<unknown> => {
    const iter = it[Symbol.asyncIterator]();
    const r = await Promise.race([iter.next(), sleep(ms).then(() => ({ done: true, value: 'TIMEOUT' }))]);
    await iter.return?.();
    return r.value;
  };

  it('delivers a publish to a subscriber on another connection, by topic and topic id', async () => {
    assert.ok(pubSub.attached);
    const plain = other.subscribe('PART_CHANGED');
    const five = other.subscribe('STOCK', 5);
    const six = other.subscribe('STOCK', 6);
    const got = Promise.all([first(plain), first(five), first(six, 1500)]);
    await sleep(50);
    pubSub.publish('PART_CHANGED', { id: 1, when: new Date('2026-01-01T00:00:00Z') });
    pubSub.publish('STOCK', 5, { q: 5 });
    assert.deepEqual(await got, [{ id: 1, when: '2026-01-01T00:00:00.000Z' }, { q: 5 }, 'TIMEOUT']);
  });

  it('carries payloads larger than a NOTIFY through the side table, in order', async () => {
    const sub = other.subscribe('BIG')[Symbol.asyncIterator]();
    const big = { blob: 'x'.repeat(20_000) };
    pubSub.publish('BIG', big);
    pubSub.publish('BIG', { small: true });
    const a = await sub.next();
    const b = await sub.next();
    await sub.return?.();
    assert.deepEqual(a.value, big);
    assert.deepEqual(b.value, { small: true });
    const [row] = await s.app.orm.em
      .fork()
      .execute<Array<{ n: string }>>(`select count(*)::text as n from pubsub_messages where topic = 'BIG'`);
    assert.equal(row!.n, '1');
  });
});
