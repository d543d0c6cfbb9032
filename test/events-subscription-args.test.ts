// The `events` subscription checks and parses its arguments once, when it starts: unsafe text in
// `names` is refused at subscribe time with BAD_USER_INPUT (before, it passed and every delivered
// event failed instead), and events are then delivered as they are (identity resolve, no
// per-event argument conversion or middleware), filtered by the bus before anything runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDENTITY_SUBSCRIPTION_RESOLVE } from '../src/graphql/build.js';
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
});
