// ValidationMixin through real HTTP and Postgres: refusals name the field and the plugin, nothing
// is written and no event recorded; deletion vetoes; serial and batch generators (queries and
// `nextSerial: true`); no effect while the plugin is inactive; a throwing hook fails closed with
// PLUGIN_VALIDATION_FAILED; several validators are asked in key order until one refuses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { badInput, errorCode, mkCategory, mkLocation, mkPart, ok } from './inventory-helpers.js';
import type { GqlResult } from './support/server.js';
import { startTestServer, type TestServer } from './support/server.js';

const RULES = 'sample-validation-rules';
const SECOND = 'validation-second';
const THROWS = 'validation-throws';

describe('ValidationMixin', () => {
  let s: TestServer;
  let db: pg.Client;

  const activate = (key: string, active: boolean) => s.setPluginActive(key, active);
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`)).rows[0].n);
  const eventCount = async (names: string[]) =>
    ok(await s.gql('query($n: [String!]) { events(names: $n, limit: 500) { id } }', { n: names }, s.adminToken)).events
      .length as number;
  const createPart = (input: Record<string, unknown>) =>
    s.gql('mutation($i: CreatePartInput!) { createPart(input: $i) { id name ipn } }', { i: input }, s.adminToken);
  const refusedBy = (r: GqlResult, plugin: string, field: string | null) => {
    const e = r.errors?.[0];
    assert.ok(e, `expected a refusal, got ${JSON.stringify(r.data)}`);
    assert.equal(e.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(e));
    assert.equal(e.extensions?.plugin, plugin, JSON.stringify(e));
    assert.equal(e.extensions?.field, field, JSON.stringify(e));
    return e.message;
  };
  /** Runs `body`, which must be refused, and checks that no part row and no part.* event appeared. */
  const nothingWritten = async (body: () => Promise<void>) => {
    const parts = await count('parts');
    const events = await eventCount(['part.*']);
    await body();
    assert.equal(await count('parts'), parts, 'no part written');
    assert.equal(await eventCount(['part.*']), events, 'no part event recorded');
  };

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true', PLUGIN_DIR: 'test/fixtures/plugins-validation' } });
    db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await s?.stop();
  });

  it('has no effect while the plugins are inactive', async () => {
    ok(await createPart({ name: 'forbidden but allowed', ipn: 'lowercase' }));
    const part = await mkPart(s, { name: 'Tracked inactive', trackable: true });
    const r = ok(
      await s.gql('query($p: ID!) { nextSerialNumber(part: $p) nextBatchCode }', { p: part.id }, s.adminToken),
    );
    assert.equal(r.nextSerialNumber, null);
    assert.equal(r.nextBatchCode, null);
    const item = await s.gql(
      'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }',
      { i: { part: part.id, nextSerial: true } },
      s.adminToken,
    );
    badInput(item, 'nextSerial');
  });

  it('refuses a forbidden part name naming the field and the plugin; nothing is written, no event', async () => {
    await activate(RULES, true);
    await nothingWritten(async () => {
      const msg = refusedBy(await createPart({ name: 'A forbidden part' }), RULES, 'name');
      assert.match(msg, /forbidden/);
    });
    const part = await mkPart(s, { name: 'Allowed part' });
    await nothingWritten(async () => {
      refusedBy(
        await s.gql(
          'mutation($id: ID!) { updatePart(id: $id, input: { name: "now forbidden" }) { id } }',
          { id: part.id },
          s.adminToken,
        ),
        RULES,
        'name',
      );
    });
    const stored = await db.query('select name from parts where id = $1', [part.id]);
    assert.equal(stored.rows[0].name, 'Allowed part');
    // An update that leaves the name alone does not ask about it.
    ok(
      await s.gql(
        'mutation($id: ID!) { updatePart(id: $id, input: { description: "d" }) { id } }',
        { id: part.id },
        s.adminToken,
      ),
    );
  });

  it('checks IPNs when given', async () => {
    await nothingWritten(async () => {
      refusedBy(await createPart({ name: 'Bad IPN', ipn: 'abc-1' }), RULES, 'ipn');
    });
    assert.equal(ok(await createPart({ name: 'Good IPN', ipn: 'ABC-12' })).createPart.ipn, 'ABC-12');
    ok(await createPart({ name: 'No IPN' }));
  });

  it('generates serial numbers and batch codes', async () => {
    const part = await mkPart(s, { name: 'Tracked', trackable: true });
    const q = 'query($p: ID!) { nextSerialNumber(part: $p) nextBatchCode(part: $p) }';
    let r = ok(await s.gql(q, { p: part.id }, s.adminToken));
    assert.equal(r.nextSerialNumber, '1');
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    assert.equal(r.nextBatchCode, `B-${today}`);
    ok(
      await s.gql(
        'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }',
        { i: { part: part.id, serial: 'SN-0009' } },
        s.adminToken,
      ),
    );
    r = ok(await s.gql(q, { p: part.id }, s.adminToken));
    assert.equal(r.nextSerialNumber, 'SN-0010');
    const created = ok(
      await s.gql(
        'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { serial } }',
        { i: { part: part.id, nextSerial: true } },
        s.adminToken,
      ),
    );
    assert.equal(created.createStockItem.serial, 'SN-0010');
    badInput(
      await s.gql(
        'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { serial } }',
        { i: { part: part.id, serial: 'X', nextSerial: true } },
        s.adminToken,
      ),
      'nextSerial',
    );
    assert.equal(errorCode(await s.gql(q, { p: part.id })), 'UNAUTHENTICATED');
  });

  it('asks several validators in key order until one refuses', async () => {
    await activate(SECOND, true);
    await nothingWritten(async () => {
      // The sample (first in key order) passes the name; the second refuses the whole instance.
      const msg = refusedBy(await createPart({ name: 'the second one' }), SECOND, null);
      assert.match(msg, /second validator refuses "the second one" \(create\)/);
      // Both would refuse: the first in key order answers.
      refusedBy(await createPart({ name: 'forbidden second' }), RULES, 'name');
    });
    ok(await createPart({ name: 'fine for both' }));
  });

  it('validates stock items (batch, serial with its part) and updates (deltas)', async () => {
    const part = await mkPart(s, { name: 'Serialized', trackable: true });
    const items = await count('stock_items');
    const item = (i: Record<string, unknown>) =>
      s.gql('mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }', { i }, s.adminToken);
    refusedBy(await item({ part: part.id, serial: 'S-1', batch: 'BAD' }), SECOND, 'batch');
    const msg = refusedBy(await item({ part: part.id, serial: '000' }), SECOND, 'serial');
    assert.match(msg, /part "Serialized" \(stockitem\)/);
    assert.equal(await count('stock_items'), items);
    const cat = await mkCategory(s, 'open');
    const rename = (name: string) =>
      s.gql(
        'mutation($id: ID!, $n: String!) { updatePartCategory(id: $id, input: { name: $n }) { name } }',
        { id: cat.id, n: name },
        s.adminToken,
      );
    assert.match(refusedBy(await rename('locked'), SECOND, 'name'), /from "open" to "locked"/);
    assert.equal(ok(await rename('still open')).updatePartCategory.name, 'still open');
  });

  it('vetoes a deletion', async () => {
    const keep = await mkLocation(s, 'keep');
    const locations = await count('stock_locations');
    const events = await eventCount(['stocklocation.*']);
    refusedBy(
      await s.gql('mutation($id: ID!) { deleteStockLocation(id: $id) }', { id: keep.id }, s.adminToken),
      SECOND,
      'id',
    );
    assert.equal(await count('stock_locations'), locations);
    assert.equal(await eventCount(['stocklocation.*']), events);
    const other = await mkLocation(s, 'drop');
    ok(await s.gql('mutation($id: ID!) { deleteStockLocation(id: $id) }', { id: other.id }, s.adminToken));
  });

  it('a hook that throws fails closed with PLUGIN_VALIDATION_FAILED naming the plugin', async () => {
    await activate(THROWS, true);
    await nothingWritten(async () => {
      const r = await createPart({ name: 'boom part' });
      const e = r.errors?.[0];
      assert.equal(e?.extensions?.code, 'PLUGIN_VALIDATION_FAILED', JSON.stringify(r));
      assert.equal(e?.extensions?.plugin, THROWS);
      assert.match(e?.message ?? '', /validation-throws/);
      assert.doesNotMatch(e?.message ?? '', /internal detail/);
    });
    ok(await createPart({ name: 'quiet part' }));
  });

  it('stops asking a plugin once it is deactivated', async () => {
    await activate(THROWS, false);
    await activate(SECOND, false);
    await activate(RULES, false);
    ok(await createPart({ name: 'boom, second, forbidden: all fine again' }));
    const part = await mkPart(s, { name: 'Tracked later', trackable: true });
    const r = ok(await s.gql('query($p: ID!) { nextSerialNumber(part: $p) }', { p: part.id }, s.adminToken));
    assert.equal(r.nextSerialNumber, null);
  });
});
