// Shared subscription execution on a real graphql-js schema: identical subscriptions (document,
// variables, role) execute once per event and get the same result; each subscriber's own
// `subscribe` still decides access and filtering; unmarked fields execute per subscriber.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GraphQLError,
  GraphQLID,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionResult,
} from 'graphql';
import { channel, type Channel } from '../events/channel.js';
import { SHARED_SUBSCRIPTION_EXECUTION } from '../graphql/build.js';
import { subscribeShared } from './shared-subscriptions.js';

interface Item {
  id: string;
  kind: string;
}

function fixture() {
  const subscribers: Array<{ kind: string | null; ch: Channel<Item> }> = [];
  let executions = 0;
  const Item = new GraphQLObjectType<Item>({
    name: 'Item',
    fields: {
      id: { type: GraphQLID },
      kind: { type: GraphQLString },
      // Counts how often the selection runs.
      seen: { type: GraphQLString, resolve: (i) => `${i.id}:${++executions}` },
    },
  });
  const feed = (shared: boolean) => ({
    type: Item,
    args: { kind: { type: GraphQLString } },
    extensions: shared ? { [SHARED_SUBSCRIPTION_EXECUTION]: true } : {},
    subscribe: (_: unknown, args: { kind?: string | null }, ctx: { user: { isStaff: boolean } | null }) => {
      if (!ctx.user?.isStaff) throw new GraphQLError('staff only', { extensions: { code: 'FORBIDDEN' } });
      const entry = {
        kind: args.kind ?? null,
        ch: channel<Item>(() => subscribers.splice(subscribers.indexOf(entry), 1)),
      };
      subscribers.push(entry);
      return entry.ch.iterator;
    },
    resolve: (i: Item) => i,
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({ name: 'Subscription', fields: { feed: feed(true), plain: feed(false) } }),
  });
  return {
    schema,
    executions: () => executions,
    /** Hands one event object to every subscriber whose filter matches (as the event bus does). */
    publish(item: Item) {
      for (const s of [...subscribers]) if (!s.kind || s.kind === item.kind) s.ch.push(item);
    },
  };
}

const staff = { user: { isStaff: true, isSuperuser: false } };
const superuser = { user: { isStaff: true, isSuperuser: true } };
const plainUser = { user: { isStaff: false, isSuperuser: false } };

async function start(
  f: ReturnType<typeof fixture>,
  field: 'feed' | 'plain',
  kind: string,
  contextValue: unknown,
): Promise<AsyncIterator<ExecutionResult> | ExecutionResult> {
  const document = parse(`subscription($k: String) { ${field}(kind: $k) { id kind seen } }`);
  const r = await subscribeShared({ schema: f.schema, document, variableValues: { k: kind }, contextValue });
  return Symbol.asyncIterator in r ? (r as AsyncIterableIterator<ExecutionResult>)[Symbol.asyncIterator]() : r;
}

const stream = (r: AsyncIterator<ExecutionResult> | ExecutionResult) => {
  assert.ok('next' in r, `a stream, got ${JSON.stringify(r)}`);
  return r as AsyncIterator<ExecutionResult>;
};

describe('shared subscription execution', () => {
  it('never shares a result between two users of the same role', async () => {
    const f = fixture();
    const alice = stream(await start(f, 'feed', 'a', { user: { id: 1, isStaff: true, isSuperuser: false } }));
    const bob = stream(await start(f, 'feed', 'a', { user: { id: 2, isStaff: true, isSuperuser: false } }));
    const alice2 = stream(await start(f, 'feed', 'a', { user: { id: 1, isStaff: true, isSuperuser: false } }));
    f.publish({ id: '9', kind: 'a' });
    const [ra, rb, ra2] = await Promise.all([alice.next(), bob.next(), alice2.next()]);
    assert.notEqual(ra.value, rb.value, 'two users: two executions');
    assert.equal(ra.value, ra2.value, 'one user twice: one execution');
    await Promise.all([alice.return?.(), bob.return?.(), alice2.return?.()]);
  });

  it('executes identical subscriptions once per event; filters and access stay per subscriber', async () => {
    const f = fixture();
    const a1 = stream(await start(f, 'feed', 'a', staff));
    const a2 = stream(await start(f, 'feed', 'a', staff));
    const aSuper = stream(await start(f, 'feed', 'a', superuser));
    const b = stream(await start(f, 'feed', 'b', staff));
    const refused = await start(f, 'feed', 'a', plainUser);
    assert.ok(!('next' in refused), 'a subscriber without access gets no stream');
    assert.equal((refused as ExecutionResult).errors?.[0]?.extensions.code, 'FORBIDDEN');

    f.publish({ id: '1', kind: 'a' });
    f.publish({ id: '2', kind: 'b' });
    const [r1, r2, rs, rb] = await Promise.all([a1.next(), a2.next(), aSuper.next(), b.next()]);
    assert.deepEqual({ ...r1.value.data.feed }, { id: '1', kind: 'a', seen: '1:1' });
    assert.equal(r2.value, r1.value, 'the same result object for identical subscriptions');
    assert.equal(rs.value.data.feed.id, '1');
    assert.notEqual(rs.value, r1.value, 'another role executes on its own');
    assert.equal(rb.value.data.feed.id, '2', 'the b filter skipped event 1');
    assert.equal(
      f.executions(),
      3,
      'event 1: once for the two staff subscribers, once for the superuser; event 2: once',
    );

    // Nothing of event 2 reached the a subscribers: their next result is event 3.
    f.publish({ id: '3', kind: 'a' });
    assert.equal((await a1.next()).value.data.feed.id, '3');
    assert.equal((await a2.next()).value.data.feed.id, '3');
    await Promise.all([a1, a2, aSuper, b].map((s) => s.return?.()));
  });

  it('executes unmarked subscription fields per subscriber', async () => {
    const f = fixture();
    const p1 = stream(await start(f, 'plain', 'a', staff));
    const p2 = stream(await start(f, 'plain', 'a', staff));
    f.publish({ id: '1', kind: 'a' });
    const [r1, r2] = await Promise.all([p1.next(), p2.next()]);
    assert.equal(r1.value.data.plain.id, '1');
    assert.equal(r2.value.data.plain.id, '1');
    assert.equal(f.executions(), 2);
    await Promise.all([p1.return?.(), p2.return?.()]);
  });
});
