// Text input over real HTTP: NUL and unpaired surrogates are BAD_USER_INPUT naming the field
// (in variables and in inline literals, in mutation inputs, list filters and sign-in) and
// change nothing; text is stored in Unicode NFC; serial numbers are unique per part in a
// normalised form (zero-width characters, full-width letters, dashes, case), enforced by the
// database so concurrent creates and direct inserts cannot add a look-alike; and the SerialKey
// migration keeps a database with pre-existing look-alikes startable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../src/db/orm.js';
import { createTestDatabase } from './support/db.js';
import { startTestServer, type GqlResult, type TestServer } from './support/server.js';
import { badInput, mkCategory, mkItem, mkPart, ok } from './inventory-helpers.js';

const NUL = '\u0000';
const LONE_HIGH = '\uD800';
const LONE_LOW = '\uDC00';

describe('text input', () => {
  let s: TestServer;
  let user: string;
  before(async () => {
    s = await startTestServer();
    user = await s.userToken({ username: 'typist' });
  });
  after(() => s?.stop());

  const counts = async () =>
    ok(
      await s.gql(
        '{ parts { totalCount } partCategories { totalCount } stockItems { totalCount } events(limit: 1000) { id } }',
        {},
        s.adminToken,
      ),
    );

  describe('NUL and unpaired surrogates', () => {
    it('refuses them in every text field of the inventory mutations, naming the field, and changes nothing', async () => {
      const part = await mkPart(s, { name: 'Text host', trackable: true });
      const cat = await mkCategory(s, 'Text cat');
      const before = await counts();
      const createPart = (i: Record<string, unknown>) =>
        s.gql('mutation($i: CreatePartInput!) { createPart(input: $i) { id } }', { i }, user);
      const cases: Array<[string, () => Promise<GqlResult>]> = [
        ['name', () => createPart({ name: `bad${NUL}name` })],
        ['name', () => createPart({ name: `bad${LONE_HIGH}` })],
        ['ipn', () => createPart({ name: 'ok', ipn: `${LONE_LOW}IPN` })],
        ['description', () => createPart({ name: 'ok', description: `x${NUL}` })],
        ['units', () => createPart({ name: 'ok', units: `p${LONE_HIGH}cs` })],
        [
          'name',
          () =>
            s.gql(
              'mutation($id: ID!, $i: UpdatePartInput!) { updatePart(id: $id, input: $i) { id } }',
              { id: part.id, i: { name: `n${NUL}` } },
              user,
            ),
        ],
        [
          'serial',
          () =>
            s.gql(
              'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }',
              { i: { part: part.id, serial: `SN${NUL}1` } },
              user,
            ),
        ],
        [
          'batch',
          () =>
            s.gql(
              'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }',
              { i: { part: part.id, serial: 'B-1', batch: LONE_LOW } },
              user,
            ),
        ],
        [
          'name',
          () =>
            s.gql(
              'mutation($i: CreatePartCategoryInput!) { createPartCategory(input: $i) { id } }',
              { i: { name: `c${LONE_HIGH}` } },
              s.adminToken,
            ),
        ],
        [
          'description',
          () =>
            s.gql(
              'mutation($id: ID!) { updatePartCategory(id: $id, input: { description: "d\\u0000" }) { id } }',
              { id: cat.id },
              s.adminToken,
            ),
        ],
        // An inline literal is refused like a variable (graphql-js's parser itself refuses an
        // unpaired surrogate escape in a literal).
        [
          'name',
          () => s.gql('mutation { createStockLocation(input: { name: "loc\\u0000" }) { id } }', {}, s.adminToken),
        ],
        ['name', () => s.gql('mutation { createPart(input: { name: "inline\\u0000" }) { id } }', {}, user)],
        ['id', () => s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: `1${NUL}` }, user)],
      ];
      for (const [field, run] of cases) {
        const r = await run();
        const message = badInput(r, field);
        assert.match(message, /NUL|unpaired surrogate/, message);
      }
      assert.deepEqual(await counts(), before);
    });

    it('refuses them in search strings and filters', async () => {
      const cases: Array<[string, string, Record<string, unknown>]> = [
        ['search', 'query($s: String) { parts(search: $s) { totalCount } }', { s: `a${NUL}` }],
        ['search', 'query($s: String) { partCategories(search: $s) { totalCount } }', { s: LONE_HIGH }],
        ['search', 'query($s: String) { stockLocations(search: $s) { totalCount } }', { s: `x${LONE_LOW}` }],
        ['serial', 'query($s: String) { stockItems(serial: $s) { totalCount } }', { s: `SN${LONE_LOW}` }],
        ['batch', 'query($s: String) { stockItems(batch: $s) { totalCount } }', { s: NUL }],
      ];
      for (const [field, query, vars] of cases) badInput(await s.gql(query, vars, user), field);
    });

    it('refuses them in sign-in and user administration', async () => {
      badInput(
        await s.gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
          u: `admin${NUL}`,
          p: 'x',
        }),
        'username',
      );
      badInput(
        await s.gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
          u: 'admin',
          p: `pw${LONE_HIGH}`,
        }),
        'password',
      );
      badInput(
        await s.gql(
          'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
          { i: { username: 'newbie', password: `long-enough${LONE_LOW}` } },
          s.adminToken,
        ),
        'password',
      );
    });

    it('keeps well-formed text outside the Basic Multilingual Plane', async () => {
      const p = ok(
        await s.gql('mutation { createPart(input: { name: "Rocket 🚀 𝔸" }) { name } }', {}, user),
      ).createPart;
      assert.equal(p.name, 'Rocket 🚀 𝔸');
    });
  });

  it('refuses them in plugin, setting and event-log arguments too, naming the field', async () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['key', 'query($k: String!) { plugin(key: $k) { key } }', { k: `partgraph-core${NUL}` }],
      [
        'value',
        'mutation($v: String) { updateGlobalSetting(key: "ENABLE_PLUGINS_URL", value: $v) { key } }',
        { v: `x${NUL}` },
      ],
      [
        'value',
        'mutation($v: String) { updatePluginSetting(plugin: "partgraph-core", key: "K", value: $v) { key } }',
        { v: `x${LONE_HIGH}` },
      ],
      ['names', 'query($n: [String!]) { events(names: $n) { id } }', { n: [`part.${NUL}`] }],
    ];
    for (const [field, query, variables] of cases) {
      const r = await s.gql(query, variables, s.adminToken);
      assert.equal(r.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${field}: ${JSON.stringify(r.errors)}`);
      assert.equal(r.errors?.[0]?.extensions?.field, field, JSON.stringify(r.errors));
    }
  });

  it('stores text in Unicode NFC, and finds it whichever form is searched', async () => {
    const decomposed = 'Cafe\u0301 resistor'; // "e" + combining acute
    const part = ok(
      await s.gql(
        'mutation($i: CreatePartInput!) { createPart(input: $i) { id name description } }',
        { i: { name: decomposed, description: 'A\u030A' } },
        user,
      ),
    ).createPart;
    assert.equal(part.name, 'Caf\u00e9 resistor');
    assert.equal(part.description, '\u00c5');
    const found = ok(await s.gql('query($s: String) { parts(search: $s) { items { id } } }', { s: 'cafe\u0301' }, user))
      .parts.items;
    assert.deepEqual(found, [{ id: part.id }]);
    const [event] = ok(
      await s.gql('query { events(names: ["part.created"], limit: 1000) { instanceId data } }', {}, s.adminToken),
    ).events.filter((e: { instanceId: string }) => e.instanceId === part.id);
    assert.equal(event.data.name, 'Caf\u00e9 resistor');
  });

  describe('serial numbers', () => {
    const create = (part: string, serial: string) =>
      s.gql(
        'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id serial } }',
        { i: { part, serial } },
        user,
      );

    it('treats look-alikes as the same serial for one part, and finds the item by any of them', async () => {
      const part = await mkPart(s, { name: 'Serial look-alikes', trackable: true });
      const other = await mkPart(s, { name: 'Serial other part', trackable: true });
      const first = ok(await create(part.id, 'SN-1')).createStockItem;
      for (const lookAlike of [
        'SN\u200B-1',
        '\uFEFFSN-1',
        'ＳＮ－１',
        'sn-1',
        'SN\u20101',
        'SN\u22121',
        ' SN-1\u00AD',
      ]) {
        const message = badInput(await create(part.id, lookAlike), 'serial');
        assert.match(message, new RegExp(`stock item ${first.id}`), message);
      }
      badInput(await create(part.id, '\u200B\u200D'), 'serial'); // nothing visible
      ok(await create(other.id, 'ＳＮ－１')); // unique per part only
      ok(await create(part.id, 'SN-2'));
      for (const query of ['SN-1', 'ＳＮ－１', 'sn\u200B-1']) {
        const r = ok(
          await s.gql(
            'query($p: ID!, $s: String) { stockItems(part: $p, serial: $s) { items { id serial } } }',
            { p: part.id, s: query },
            user,
          ),
        );
        assert.deepEqual(r.stockItems.items, [{ id: first.id, serial: 'SN-1' }], query);
      }
      // Renaming onto a look-alike is refused; changing the case of its own serial is not.
      const second = ok(await create(part.id, 'SN-3')).createStockItem;
      const update = (id: string, i: Record<string, unknown>) =>
        s.gql(
          'mutation($id: ID!, $i: UpdateStockItemInput!) { updateStockItem(id: $id, input: $i) { serial status } }',
          { id, i },
          user,
        );
      badInput(await update(second.id, { serial: 'ｓｎ-1' }), 'serial');
      assert.deepEqual(ok(await update(first.id, { serial: 'sn-1' })).updateStockItem, {
        serial: 'sn-1',
        status: 'OK',
      });
      assert.deepEqual(ok(await update(first.id, { status: 'DAMAGED' })).updateStockItem, {
        serial: 'sn-1',
        status: 'DAMAGED',
      });
    });

    it('lets exactly one of several simultaneous look-alike creates win (the database decides)', async () => {
      const part = await mkPart(s, { name: 'Serial race', trackable: true });
      const variants = [
        'RACE-7',
        'race-7',
        'RACE\u200B-7',
        'ＲＡＣＥ-7',
        'RACE\u20137',
        'Race-7',
        'RACE-\u200D7',
        'rAcE-7',
      ];
      const results = await Promise.all(variants.map((v) => create(part.id, v)));
      assert.equal(results.filter((r) => !r.errors).length, 1, JSON.stringify(results));
      for (const r of results.filter((r) => r.errors)) badInput(r, 'serial');
      assert.equal(
        ok(await s.gql('query($p: ID!) { stockItems(part: $p) { totalCount } }', { p: part.id }, user)).stockItems
          .totalCount,
        1,
      );
    });

    it('is enforced by the database: a direct insert of a look-alike key, or of a serial without its key, is refused', async () => {
      const part = await mkPart(s, { name: 'Serial db', trackable: true });
      await mkItem(s, { part: part.id, serial: 'DB-1' });
      const c = new pg.Client({ connectionString: s.databaseUrl });
      await c.connect();
      try {
        const insert = (serial: string, key: string | null) =>
          c.query(
            `insert into stock_items (created_at, updated_at, part_id, quantity, serial, serial_key) values (now(), now(), $1, 1, $2, $3)`,
            [Number(part.id), serial, key],
          );
        await assert.rejects(
          insert('DB\u200B-1', 'db-1'),
          (e: { constraint?: string }) => e.constraint === 'stock_items_part_id_serial_key_unique',
        );
        await assert.rejects(
          insert('DB-2', null),
          (e: { constraint?: string }) => e.constraint === 'stock_items_serial_with_key',
        );
      } finally {
        await c.end();
      }
    });
  });
});

describe('the SerialKey migration', () => {
  it('backfills keys and keeps a database with existing look-alike serials startable', async () => {
    const db = await createTestDatabase('mig');
    const orm = await MikroORM.init(ormOptions(db.url));
    try {
      await orm.migrator.up({ to: 'Migration20261127100000Settings' });
      const em = orm.em.fork();
      const [{ id: partId }] = await em.execute<Array<{ id: number }>>(
        `insert into parts (created_at, updated_at, name, trackable) values (now(), now(), 'Old', true) returning id`,
      );
      const serials = ['SN-1', 'SN\u200B-1', "O'Brien\\1", 'sn-1', '\u200B', 'SN-2'];
      for (const serial of serials) {
        await em.execute(
          `insert into stock_items (created_at, updated_at, part_id, quantity, serial) values (now(), now(), ?, 1, ?)`,
          [partId, serial],
        );
      }
      await orm.migrator.up();
      const rows = await em.execute<Array<{ serial: string; serial_key: string }>>(
        `select serial, serial_key from stock_items order by id`,
      );
      const keys = rows.map((r) => r.serial_key.replace(/\u200B\d+$/, '\u200B#'));
      assert.deepEqual(
        rows.map((r) => r.serial),
        serials,
      );
      assert.deepEqual(keys, ['sn-1', 'sn-1\u200B#', "o'brien\\1", 'sn-1\u200B#', '\u200B#', 'sn-2']);
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});
