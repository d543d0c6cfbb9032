// The `events` subscription checks and parses its arguments once, when it starts: unsafe text in
// `names` is refused at subscribe time with BAD_USER_INPUT (before, it passed and every delivered
// event failed instead), and events are then delivered as they are (identity resolve, no
// per-event argument conversion or middleware), filtered by the bus before anything runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_SUBSCRIPTION_RESOLVE, SHARED_SUBSCRIPTION_EXECUTION } from '../src/graphql/build.js';
import { triggerEvent } from '../src/events/trigger.js';
import { sleep, waitFor } from './events-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient, wsQuery } from './support/ws.js';

describe('events subscription arguments', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    await s?.stop();
  });

  it('refuses unsafe names when subscribing, and resolves each event without per-event work', async () => {
    const field = s.app.holder.current.schema.getSubscriptionType()!.getFields().events!;
    assert.equal(field.extensions[IDENTITY_SUBSCRIPTION_RESOLVE], true);
    const event = { id: '1', name: 'part.created' };
    assert.equal(field.resolve!(event, { names: ['x'] }, {}, {} as never), event, 'the event itself');

    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      const refused = await wsQuery(client, 'subscription($n: [String!]) { events(names: $n) { id } }', {
        n: ['part.\u0000'],
      }).catch((errors: unknown) => ({ errors: errors as unknown[] }));
      const first = (refused.errors as Array<{ extensions?: Record<string, unknown> }> | undefined)?.[0];
      assert.equal(first?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(refused));
    } finally {
      await client.dispose();
    }
  });

  it('shares execution between identical subscriptions, each still getting only what its own filter matches', async () => {
    const field = s.app.holder.current.schema.getSubscriptionType()!.getFields().events!;
    assert.equal(field.extensions[SHARED_SUBSCRIPTION_EXECUTION], true);
    const userToken = await s.userToken({ username: 'shared-sub-user' });
    const query = 'subscription($n: [String!]) { events(names: $n) { id name } }';
    const bus = s.app.services.events!.bus;
    const base = bus.listenerCount;
    const clients = [s.adminToken, userToken, userToken].map((token) => wsClient({ url: s.url, token }));
    const got: string[][] = [[], [], []];
    const filters = [['shared.part.*'], ['shared.part.*'], ['shared.stock.*']];
    try {
      for (const [i, client] of clients.entries())
        client.subscribe<{ events: { name: string } }>(
          { query, variables: { n: filters[i] } },
          {
            next: (r) => got[i]!.push(r.data?.events.name ?? `error: ${JSON.stringify(r.errors)}`),
            error: (e) => got[i]!.push(`error: ${String(e)}`),
            complete: () => undefined,
          },
        );
      await waitFor('three subscriptions on the bus', () => bus.listenerCount >= base + 3 || undefined);
      const em = s.app.orm.em.fork() as EntityManager;
      await em.transactional((tx) => triggerEvent(tx as EntityManager, 'shared.part.one', {}));
      await em.transactional((tx) => triggerEvent(tx as EntityManager, 'shared.stock.one', {}));
      await em.transactional((tx) => triggerEvent(tx as EntityManager, 'shared.part.two', {}));
      await waitFor(
        'all deliveries',
        () => (got[0]!.length >= 2 && got[1]!.length >= 2 && got[2]!.length >= 1) || undefined,
      );
      await sleep(200); // nothing more arrives
      assert.deepEqual(got, [
        ['shared.part.one', 'shared.part.two'],
        ['shared.part.one', 'shared.part.two'],
        ['shared.stock.one'],
      ]);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
