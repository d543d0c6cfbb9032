// subscribeTo's filtering and ending, and the staff-only / superuser-only guards (no database:
// pubSub delivers in-process until a server attaches it to Postgres).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphQLResolveInfo } from 'graphql';
import type { User } from '../db/entities/index.js';
import { pubSub } from '../events/pubsub.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { SdlFieldConfig, SdlFieldResolver } from './composition/contribution.js';
import { staffOnly, subscribeTo, superuserOnly } from './field-access.js';
import { InvenTreePlugin } from './plugin.js';

class Demo extends InvenTreePlugin {
  static override NAME = 'Demo';
}
const plugin = new Demo();
const info = { parentType: { name: 'Query' }, fieldName: 'secret' } as unknown as GraphQLResolveInfo;
const ctxOf = (user: Partial<User> | null) => ({ user }) as unknown as GraphQLContext;

describe('subscribeTo', () => {
  it('yields only what the filter accepts, and return() ends a pending next()', async () => {
    const config = subscribeTo<{ n: number }>('unit.field-access', (p, args) => p.n % 2 === Number(args.odd));
    const source = config.subscribe!(undefined, { odd: 1 }, ctxOf(null), info, plugin) as AsyncIterable<{ n: number }>;
    const it = source[Symbol.asyncIterator]();
    for (const n of [2, 3, 4, 5]) await pubSub.publish('unit.field-access', { n });
    assert.deepEqual((await it.next()).value, { n: 3 });
    assert.deepEqual((await it.next()).value, { n: 5 });
    const pending = it.next();
    await it.return!();
    assert.equal((await pending).done, true, 'an idle subscription can be ended');
    assert.deepEqual(config.resolve!({ n: 1 }, {}, ctxOf(null), info, plugin), { n: 1 });
  });
});

describe('staffOnly / superuserOnly', () => {
  const run = (r: SdlFieldResolver | SdlFieldConfig, user: Partial<User> | null) =>
    (r as SdlFieldResolver)({ secret: 'default' }, {}, ctxOf(user), info, plugin);
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return (e as { extensions?: { code?: string } }).extensions?.code;
    }
  };

  it('refuses anonymous and non-staff callers before the resolver runs', () => {
    let ran = 0;
    const guarded = staffOnly(() => ++ran);
    assert.equal(
      code(() => run(guarded, null)),
      'UNAUTHENTICATED',
    );
    assert.equal(
      code(() => run(guarded, { isStaff: false, isSuperuser: false })),
      'FORBIDDEN',
    );
    assert.equal(ran, 0);
    assert.equal(run(guarded, { isStaff: true, isSuperuser: false }), 1);
    assert.equal(run(staffOnly(), { isStaff: false, isSuperuser: true }), 'default', 'guards the default resolver');
  });

  it('superuserOnly refuses staff; the plugin is passed on and is `this`', () => {
    const guarded = superuserOnly(function (this: unknown, _s, _a, _c, _i, p) {
      return [this, p];
    });
    assert.equal(
      code(() => run(guarded, { isStaff: true, isSuperuser: false })),
      'FORBIDDEN',
    );
    const [self, passed] = (guarded as SdlFieldResolver).call(
      plugin,
      {},
      {},
      ctxOf({ isSuperuser: true }),
      info,
      plugin,
    ) as unknown[];
    assert.equal(self, plugin);
    assert.equal(passed, plugin);
  });
});
