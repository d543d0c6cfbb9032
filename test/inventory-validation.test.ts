// Inventory API: roles, every mutation's field-named validation errors (and that a refused
// mutation changes nothing, events included), the database-side checks, and the events raised.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startTestServer, type GqlResult, type TestServer } from './support/server.js';
import { badInput, errorCode, mkCategory, mkItem, mkLocation, mkPart, ok } from './inventory-helpers.js';

const long = (n: number) => 'x'.repeat(n);

describe('inventory validation and roles', () => {
  let s: TestServer;
  let user: string;
  let staff: string;
  before(async () => {
    s = await startTestServer();
    user = await s.userToken({ username: 'plain' });
    staff = await s.userToken({ username: 'keeper', staff: true });
  });
  after(() => s.stop());

  /** Everything the inventory holds plus the number of recorded events: must not move on refused input. */
  async function fingerprint(): Promise<unknown> {
    const r = await s.gql(
      `{ partCategories(limit: 500) { totalCount items { id name description path parent { id } } }
         stockLocations(limit: 500) { totalCount items { id name description path parent { id } } }
         parts(limit: 500) { totalCount items { id name ipn description active trackable units category { id } } }
         stockItems(limit: 500) { totalCount items { id quantity serial batch status part { id } location { id } } }
         events(limit: 1000) { id } }`,
      {},
      s.adminToken,
    );
    return ok(r);
  }

  /** Runs refused mutations and checks each names its field and that nothing changed. */
  async function expectRefused(cases: Array<[field: string, run: () => Promise<GqlResult>]>): Promise<void> {
    const beforeState = await fingerprint();
    for (const [field, run] of cases) badInput(await run(), field);
    assert.deepEqual(await fingerprint(), beforeState);
  }

  describe('roles', () => {
    it('refuses anonymous reads and writes with UNAUTHENTICATED', async () => {
      for (const q of [
        '{ partCategories { totalCount } }',
        '{ parts { totalCount } }',
        '{ stockLocations { totalCount } }',
        '{ stockItems { totalCount } }',
        '{ part(id: 1) { id } }',
        'mutation { createPart(input: { name: "anon" }) { id } }',
        'mutation { createPartCategory(input: { name: "anon" }) { id } }',
      ]) {
        const r = await s.gql(q);
        assert.equal(errorCode(r), 'UNAUTHENTICATED', q);
        assert.equal(r.data ?? null, null);
      }
    });

    it('lets only staff change categories and locations', async () => {
      const cat = await mkCategory(s, 'Role cat');
      const loc = await mkLocation(s, 'Role loc');
      for (const [q, v] of [
        ['mutation { createPartCategory(input: { name: "Nope" }) { id } }', {}],
        ['mutation($id: ID!) { updatePartCategory(id: $id, input: { name: "Nope" }) { id } }', { id: cat.id }],
        ['mutation($id: ID!) { deletePartCategory(id: $id) }', { id: cat.id }],
        ['mutation { createStockLocation(input: { name: "Nope" }) { id } }', {}],
        ['mutation($id: ID!) { updateStockLocation(id: $id, input: { name: "Nope" }) { id } }', { id: loc.id }],
        ['mutation($id: ID!) { deleteStockLocation(id: $id) }', { id: loc.id }],
      ] as const) {
        assert.equal(errorCode(await s.gql(q, v, user)), 'FORBIDDEN', q);
      }
      // A staff member (not superuser) may; a plain user may still read.
      const sub = await mkCategory(s, 'Staff made', cat.id, staff);
      assert.equal(sub.path, 'Role cat/Staff made');
      await mkLocation(s, 'Staff loc', loc.id, staff);
      const read = ok(
        await s.gql('query($id: ID!) { partCategory(id: $id) { children { name } } }', { id: cat.id }, user),
      );
      assert.deepEqual(read.partCategory.children, [{ name: 'Staff made' }]);
    });

    it('lets any signed-in user change parts and stock items', async () => {
      const p = await mkPart(s, { name: 'User part' }, user);
      const i = await mkItem(s, { part: p.id, quantity: 4 }, user);
      ok(
        await s.gql(
          'mutation($id: ID!) { updateStockItem(id: $id, input: { quantity: 3 }) { id } }',
          { id: i.id },
          user,
        ),
      );
      ok(await s.gql('mutation($id: ID!) { deleteStockItem(id: $id) }', { id: i.id }, user));
      ok(
        await s.gql(
          'mutation($id: ID!) { updatePart(id: $id, input: { name: "User part 2" }) { id } }',
          { id: p.id },
          user,
        ),
      );
      ok(await s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: p.id }, user));
    });
  });

  for (const tree of [
    { label: 'category', type: 'PartCategory', mk: mkCategory },
    { label: 'location', type: 'StockLocation', mk: mkLocation },
  ]) {
    describe(`${tree.label} mutations`, () => {
      const create = (input: Record<string, unknown>) =>
        s.gql(
          `mutation($i: Create${tree.type}Input!) { create${tree.type}(input: $i) { id } }`,
          { i: input },
          s.adminToken,
        );
      const update = (id: string, input: Record<string, unknown>) =>
        s.gql(
          `mutation($id: ID!, $i: Update${tree.type}Input!) { update${tree.type}(id: $id, input: $i) { id } }`,
          { id, i: input },
          s.adminToken,
        );
      const del = (id: string, reparent?: boolean) =>
        s.gql(
          `mutation($id: ID!, $r: Boolean) { delete${tree.type}(id: $id, reparent: $r) }`,
          { id, r: reparent },
          s.adminToken,
        );

      it(`validates create${tree.type}`, async () => {
        const top = await tree.mk(s, `V ${tree.label} top`);
        await tree.mk(s, 'Taken', top.id);
        const other = await tree.mk(s, `V ${tree.label} other`);
        await expectRefused([
          ['name', () => create({ name: '' })],
          ['name', () => create({ name: '   ' })],
          ['name', () => create({ name: long(101) })],
          ['name', () => create({ name: 'a/b' })],
          ['name', () => create({ name: `V ${tree.label} top` })], // top level is a sibling set too
          ['name', () => create({ name: 'Taken', parent: top.id })],
          ['name', () => create({ name: ' Taken ', parent: top.id })], // compared after trimming
          ['description', () => create({ name: 'Fine', description: long(251) })],
          ['parent', () => create({ name: 'Fine', parent: '999999' })],
          ['parent', () => create({ name: 'Fine', parent: 'abc' })],
        ]);
        // Same name under another parent is fine; 100 characters is the limit.
        await tree.mk(s, 'Taken', other.id);
        await tree.mk(s, long(100), other.id);
      });

      it(`validates update${tree.type}`, async () => {
        const top = await tree.mk(s, `U ${tree.label} top`);
        const a = await tree.mk(s, 'A', top.id);
        await tree.mk(s, 'B', top.id);
        const child = await tree.mk(s, 'Child', a.id);
        await expectRefused([
          ['id', () => update('999999', { name: 'X' })],
          ['id', () => update('-1', { name: 'X' })],
          ['name', () => update(a.id, { name: null })],
          ['name', () => update(a.id, { name: '' })],
          ['name', () => update(a.id, { name: 'x/y' })],
          ['name', () => update(a.id, { name: long(101) })],
          ['name', () => update(a.id, { name: 'B' })],
          ['name', () => update(child.id, { parent: top.id, name: 'B' })], // clash at the destination
          ['description', () => update(a.id, { description: long(251) })],
          ['parent', () => update(a.id, { parent: '999999' })],
          ['parent', () => update(a.id, { parent: a.id })],
          ['parent', () => update(a.id, { parent: child.id })],
          ['parent', () => update(top.id, { parent: child.id })],
        ]);
        // Renaming to its own name and clearing the description are fine.
        ok(await update(a.id, { name: 'A', description: null }));
      });

      it(`validates delete${tree.type}`, async () => {
        const top = await tree.mk(s, `D ${tree.label} top`);
        await tree.mk(s, 'Kid', top.id);
        await expectRefused([
          ['id', () => del('999999')],
          ['id', () => del('1.5')],
          ['reparent', () => del(top.id)],
          ['reparent', () => del(top.id, false)],
        ]);
      });
    });
  }

  describe('part mutations', () => {
    const create = (input: Record<string, unknown>, token = user) =>
      s.gql('mutation($i: CreatePartInput!) { createPart(input: $i) { id } }', { i: input }, token);
    const update = (id: string, input: Record<string, unknown>) =>
      s.gql(
        'mutation($id: ID!, $i: UpdatePartInput!) { updatePart(id: $id, input: $i) { id } }',
        { id, i: input },
        user,
      );

    it('validates createPart', async () => {
      await mkPart(s, { name: 'IPN holder', ipn: 'IPN-1' });
      await expectRefused([
        ['name', () => create({ name: '' })],
        ['name', () => create({ name: ' \t ' })],
        ['name', () => create({ name: long(101) })],
        ['ipn', () => create({ name: 'P', ipn: 'IPN-1' })],
        ['ipn', () => create({ name: 'P', ipn: ' IPN-1 ' })],
        ['ipn', () => create({ name: 'P', ipn: long(101) })],
        ['description', () => create({ name: 'P', description: long(251) })],
        ['units', () => create({ name: 'P', units: long(21) })],
        ['category', () => create({ name: 'P', category: '999999' })],
        ['category', () => create({ name: 'P', category: 'cat' })],
      ]);
      // Blank IPNs mean "none" and do not clash with each other.
      await mkPart(s, { name: 'No IPN 1', ipn: '' });
      await mkPart(s, { name: 'No IPN 2', ipn: '  ' });
    });

    it('validates updatePart', async () => {
      const p = await mkPart(s, { name: 'Upd part', ipn: 'UPD-1' });
      await mkPart(s, { name: 'Other part', ipn: 'UPD-2' });
      const tracked = await mkPart(s, { name: 'Tracked', trackable: true });
      await mkItem(s, { part: tracked.id, serial: 'T-1' });
      const loose = await mkPart(s, { name: 'Loose' });
      await mkItem(s, { part: loose.id, quantity: 10 });
      await expectRefused([
        ['id', () => update('999999', { name: 'X' })],
        ['id', () => update('abc', { name: 'X' })],
        ['name', () => update(p.id, { name: null })],
        ['name', () => update(p.id, { name: '' })],
        ['name', () => update(p.id, { name: long(101) })],
        ['ipn', () => update(p.id, { ipn: 'UPD-2' })],
        ['ipn', () => update(p.id, { ipn: long(101) })],
        ['description', () => update(p.id, { description: long(251) })],
        ['units', () => update(p.id, { units: long(21) })],
        ['category', () => update(p.id, { category: '999999' })],
        ['active', () => update(p.id, { active: null })],
        ['trackable', () => update(p.id, { trackable: null })],
        ['trackable', () => update(tracked.id, { trackable: false })],
        ['trackable', () => update(loose.id, { trackable: true })],
      ]);
      // Keeping its own IPN is fine.
      ok(await update(p.id, { ipn: 'UPD-1', name: 'Upd part 2' }));
    });

    it('validates deletePart', async () => {
      const p = await mkPart(s, { name: 'Has stock' });
      await mkItem(s, { part: p.id });
      await expectRefused([
        ['id', () => s.gql('mutation { deletePart(id: 999999) }', {}, user)],
        ['id', () => s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: p.id }, user)],
      ]);
    });
  });

  describe('stock item mutations', () => {
    const create = (input: Record<string, unknown>) =>
      s.gql('mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }', { i: input }, user);
    const update = (id: string, input: Record<string, unknown>) =>
      s.gql(
        'mutation($id: ID!, $i: UpdateStockItemInput!) { updateStockItem(id: $id, input: $i) { id } }',
        { id, i: input },
        user,
      );
    let plainPart: string;
    let trackedPart: string;
    before(async () => {
      plainPart = (await mkPart(s, { name: 'Stock plain' })).id;
      trackedPart = (await mkPart(s, { name: 'Stock tracked', trackable: true })).id;
      await mkItem(s, { part: trackedPart, serial: 'S-1' });
    });

    it('validates createStockItem', async () => {
      await expectRefused([
        ['part', () => create({ part: '999999' })],
        ['part', () => create({ part: 'p1' })],
        ['location', () => create({ part: plainPart, location: '999999' })],
        ['quantity', () => create({ part: plainPart, quantity: -1 })],
        ['quantity', () => create({ part: plainPart, quantity: -0.00001 })],
        ['quantity', () => create({ part: plainPart, quantity: 1e11 })],
        ['serial', () => create({ part: plainPart, serial: 'X-1' })], // not trackable
        ['serial', () => create({ part: trackedPart })], // trackable needs a serial
        ['serial', () => create({ part: trackedPart, serial: '   ' })],
        ['serial', () => create({ part: trackedPart, serial: 'S-1' })], // unique per part
        ['serial', () => create({ part: trackedPart, serial: long(101) })],
        ['quantity', () => create({ part: trackedPart, serial: 'S-2', quantity: 2 })],
        ['quantity', () => create({ part: trackedPart, serial: 'S-2', quantity: 0 })],
        ['batch', () => create({ part: plainPart, batch: long(101) })],
      ]);
      const zero = ok(
        await s.gql(
          'mutation($p: ID!) { createStockItem(input: { part: $p, quantity: 0 }) { quantity status } }',
          { p: plainPart },
          user,
        ),
      );
      assert.deepEqual(zero.createStockItem, { quantity: 0, status: 'OK' });
    });

    it('validates updateStockItem', async () => {
      const plain = await mkItem(s, { part: plainPart, quantity: 5 });
      const tracked = await mkItem(s, { part: trackedPart, serial: 'S-9' });
      await expectRefused([
        ['id', () => update('999999', { quantity: 1 })],
        ['location', () => update(plain.id, { location: '999999' })],
        ['quantity', () => update(plain.id, { quantity: -3 })],
        ['quantity', () => update(plain.id, { quantity: null })],
        ['quantity', () => update(tracked.id, { quantity: 2 })],
        ['serial', () => update(tracked.id, { serial: 'S-1' })],
        ['serial', () => update(tracked.id, { serial: null })],
        ['serial', () => update(plain.id, { serial: 'P-1' })],
        ['batch', () => update(plain.id, { batch: long(101) })],
        ['status', () => update(plain.id, { status: null })],
      ]);
      const moved = ok(await update(tracked.id, { serial: 'S-10', status: 'QUARANTINED' }));
      assert.ok(moved.updateStockItem.id);
    });

    it('validates deleteStockItem', async () => {
      await expectRefused([
        ['id', () => s.gql('mutation { deleteStockItem(id: 999999) }', {}, user)],
        ['id', () => s.gql('mutation { deleteStockItem(id: "") }', {}, user)],
      ]);
    });
  });

  describe('concurrent writers', () => {
    it('lets exactly one of several simultaneous creates take an IPN or a serial', async () => {
      const parts = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          s.gql(`mutation { createPart(input: { name: "Race ${i}", ipn: "RACE-1" }) { id } }`, {}, user),
        ),
      );
      assert.equal(parts.filter((r) => r.data?.createPart).length, 1);
      for (const r of parts.filter((r) => r.errors)) badInput(r, 'ipn');

      const tracked = await mkPart(s, { name: 'Race tracked', trackable: true });
      const items = await Promise.all(
        Array.from({ length: 6 }, () =>
          s.gql(
            'mutation($p: ID!) { createStockItem(input: { part: $p, serial: "RACE-SN" }) { id } }',
            { p: tracked.id },
            user,
          ),
        ),
      );
      assert.equal(items.filter((r) => r.data?.createStockItem).length, 1);
      for (const r of items.filter((r) => r.errors)) badInput(r, 'serial');
    });

    it('never closes a cycle when two nodes are moved under each other at once', async () => {
      for (let round = 0; round < 5; round++) {
        const a = await mkLocation(s, `Swap A${round}`);
        const b = await mkLocation(s, `Swap B${round}`);
        const move = (id: string, parent: string) =>
          s.gql(
            'mutation($id: ID!, $p: ID) { updateStockLocation(id: $id, input: { parent: $p }) { path } }',
            { id, p: parent },
            s.adminToken,
          );
        const [ra, rb] = await Promise.all([move(a.id, b.id), move(b.id, a.id)]);
        const okCount = [ra, rb].filter((r) => !r.errors).length;
        assert.equal(okCount, 1, JSON.stringify([ra, rb]));
        badInput(ra.errors ? ra : rb, 'parent');
        const paths = ok(
          await s.gql('{ stockLocations(search: "Swap", limit: 500) { items { path } } }', {}, s.adminToken),
        ).stockLocations.items.map((l: { path: string }) => l.path);
        assert.ok(
          paths.includes(`Swap A${round}/Swap B${round}`) || paths.includes(`Swap B${round}/Swap A${round}`),
          paths.join(', '),
        );
      }
    });
  });

  it('backs the rules with database checks', async () => {
    const c = new pg.Client({ connectionString: s.databaseUrl });
    await c.connect();
    try {
      const refused = async (sql: string, constraint: string) => {
        await assert.rejects(c.query(sql), (e: { constraint?: string }) => e.constraint === constraint);
      };
      await refused(
        `insert into part_categories (created_at, updated_at, name, path) values (now(), now(), 'a/b', 'a/b')`,
        'part_categories_name_valid',
      );
      await refused(
        `insert into stock_locations (created_at, updated_at, name, path) values (now(), now(), '', '')`,
        'stock_locations_name_valid',
      );
      await refused(
        `insert into parts (created_at, updated_at, name, ipn) values (now(), now(), 'x', '')`,
        'parts_ipn_not_empty',
      );
      const part = await mkPart(s, { name: 'Db check', trackable: true });
      await refused(
        `insert into stock_items (created_at, updated_at, part_id, quantity, serial) values (now(), now(), ${Number(part.id)}, 2, 'Z')`,
        'stock_items_serial_quantity_one',
      );
    } finally {
      await c.end();
    }
  });

  it('raises <model>.created/saved/deleted events with the change, and none for refused input', async () => {
    const last = ok(await s.gql('{ events(limit: 1000) { id } }', {}, s.adminToken)).events.at(-1)?.id ?? '0';
    const cat = await mkCategory(s, 'Ev cat');
    const loc = await mkLocation(s, 'Ev loc');
    const part = await mkPart(s, { name: 'Ev part', category: cat.id }, user);
    const item = await mkItem(s, { part: part.id, location: loc.id, quantity: 2 }, user);
    ok(
      await s.gql(
        'mutation($id: ID!) { updateStockItem(id: $id, input: { quantity: 1 }) { id } }',
        { id: item.id },
        user,
      ),
    );
    badInput(
      await s.gql(
        'mutation($id: ID!) { updateStockItem(id: $id, input: { quantity: -1 }) { id } }',
        { id: item.id },
        user,
      ),
      'quantity',
    );
    ok(
      await s.gql('mutation($id: ID!) { deleteStockLocation(id: $id, reparent: true) }', { id: loc.id }, s.adminToken),
    );
    ok(
      await s.gql(
        'mutation($id: ID!) { updatePartCategory(id: $id, input: { name: "Ev cat 2" }) { id } }',
        { id: cat.id },
        s.adminToken,
      ),
    );

    const r = ok(
      await s.gql(
        'query($a: ID) { events(after: $a, limit: 1000) { name model instanceId data user { username } } }',
        { a: last },
        s.adminToken,
      ),
    );
    const seen = r.events.map((e: { name: string; instanceId: string }) => `${e.name}#${e.instanceId}`);
    assert.deepEqual(seen, [
      `partcategory.created#${cat.id}`,
      `stocklocation.created#${loc.id}`,
      `part.created#${part.id}`,
      `stockitem.created#${item.id}`,
      `stockitem.saved#${item.id}`,
      `stockitem.saved#${item.id}`, // moved off the deleted location
      `stocklocation.deleted#${loc.id}`,
      `partcategory.saved#${cat.id}`,
    ]);
    const created = r.events[3];
    assert.equal(created.model, 'stockitem');
    assert.equal(created.user.username, 'plain');
    assert.deepEqual(created.data, {
      id: item.id,
      part: part.id,
      location: loc.id,
      quantity: 2,
      serial: null,
      batch: '',
      status: 'OK',
    });
    assert.equal(r.events[5].data.location, null);
    assert.equal(r.events[7].data.path, 'Ev cat 2');
  });
});
