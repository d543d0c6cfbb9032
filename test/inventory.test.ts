// Inventory API over real HTTP: CRUD, tree paths, delete policy, filters, paging, ordering and
// the constant SQL query count of nested lists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/server.js';
import { badInput, mkCategory, mkItem, mkItems, mkLocation, mkPart, ok } from './inventory-helpers.js';

describe('inventory', () => {
  let s: TestServer;
  let user: string;
  before(async () => {
    s = await startTestServer();
    user = await s.userToken({ username: 'clerk' });
  });
  after(() => s.stop());

  /** Paths of all categories whose path starts with `prefix`, in path order. */
  const categoryPaths = async (prefix = ''): Promise<string[]> => {
    const r = await s.gql('{ partCategories(limit: 500) { items { path } } }', {}, s.adminToken);
    return ok(r)
      .partCategories.items.map((c: { path: string }) => c.path)
      .filter((p: string) => p.startsWith(prefix));
  };

  describe('part categories', () => {
    it('creates, reads, updates and deletes a category', async () => {
      const c = await mkCategory(s, '  Tools  ');
      assert.equal(c.name, 'Tools');
      assert.equal(c.path, 'Tools');
      const read = ok(
        await s.gql(
          'query($id: ID!) { partCategory(id: $id) { name description parent { id } children { id } partCount } }',
          { id: c.id },
          user,
        ),
      );
      assert.deepEqual(read.partCategory, { name: 'Tools', description: '', parent: null, children: [], partCount: 0 });
      const upd = await s.gql(
        'mutation($id: ID!) { updatePartCategory(id: $id, input: { description: "Hand tools" }) { name description path } }',
        { id: c.id },
        s.adminToken,
      );
      assert.deepEqual(ok(upd).updatePartCategory, { name: 'Tools', description: 'Hand tools', path: 'Tools' });
      const del = await s.gql('mutation($id: ID!) { deletePartCategory(id: $id) }', { id: c.id }, s.adminToken);
      assert.equal(ok(del).deletePartCategory, c.id);
      const gone = await s.gql('query($id: ID!) { partCategory(id: $id) { id } }', { id: c.id }, user);
      assert.equal(ok(gone).partCategory, null);
    });

    it('keeps the path of a whole subtree current on rename and move', async () => {
      const el = await mkCategory(s, 'Electronics');
      const pas = await mkCategory(s, 'Passives', el.id);
      const res = await mkCategory(s, 'Resistors', pas.id);
      await mkCategory(s, 'SMD', res.id);
      await mkCategory(s, 'THT', res.id);
      assert.deepEqual(await categoryPaths('Electronics'), [
        'Electronics',
        'Electronics/Passives',
        'Electronics/Passives/Resistors',
        'Electronics/Passives/Resistors/SMD',
        'Electronics/Passives/Resistors/THT',
      ]);

      const ren = await s.gql(
        'mutation($id: ID!) { updatePartCategory(id: $id, input: { name: "Passive parts" }) { path } }',
        { id: pas.id },
        s.adminToken,
      );
      assert.equal(ok(ren).updatePartCategory.path, 'Electronics/Passive parts');
      assert.ok((await categoryPaths()).includes('Electronics/Passive parts/Resistors/SMD'));

      const archive = await mkCategory(s, 'Archive');
      const mv = await s.gql(
        'mutation($id: ID!, $p: ID) { updatePartCategory(id: $id, input: { parent: $p }) { path parent { name } } }',
        { id: pas.id, p: archive.id },
        s.adminToken,
      );
      assert.deepEqual(ok(mv).updatePartCategory, { path: 'Archive/Passive parts', parent: { name: 'Archive' } });
      const paths = await categoryPaths();
      for (const p of [
        'Archive/Passive parts/Resistors',
        'Archive/Passive parts/Resistors/SMD',
        'Archive/Passive parts/Resistors/THT',
      ]) {
        assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
      }
      assert.ok(!paths.some((p) => p.startsWith('Electronics/')));

      // To the top level with parent: null.
      const top = await s.gql(
        'mutation($id: ID!) { updatePartCategory(id: $id, input: { parent: null }) { path parent { id } } }',
        { id: res.id },
        s.adminToken,
      );
      assert.deepEqual(ok(top).updatePartCategory, { path: 'Resistors', parent: null });
      assert.ok((await categoryPaths()).includes('Resistors/THT'));
    });

    it('handles quotes, wildcards, backslashes and non-ASCII in paths', async () => {
      const odd = await mkCategory(s, "It's 100% odd_");
      const kid = await mkCategory(s, 'Ünïcødé 🚀', odd.id);
      await mkCategory(s, 'Leaf', kid.id);
      await mkPart(s, { name: 'Odd inside', category: kid.id });
      // A look-alike that an unescaped LIKE prefix ("It's 100% odd_/%") would wrongly include.
      const lookAlike = await mkCategory(s, "It's 1000 oddX");
      await mkPart(s, { name: 'Odd outside', category: (await mkCategory(s, 'Sub', lookAlike.id)).id });
      const subtreeParts = async () =>
        ok(
          await s.gql('query($c: ID) { parts(category: $c) { items { name } } }', { c: odd.id }, user),
        ).parts.items.map((p: { name: string }) => p.name);
      assert.deepEqual(await subtreeParts(), ['Odd inside']);

      const rename = 'mutation($id: ID!, $n: String) { updatePartCategory(id: $id, input: { name: $n }) { path } }';
      ok(await s.gql(rename, { id: odd.id, n: 'Renamed \\ 50%' }, s.adminToken));
      assert.deepEqual(
        (await categoryPaths()).filter((p) => p.includes('odd') || p.includes('Renamed')),
        [
          "It's 1000 oddX",
          "It's 1000 oddX/Sub",
          'Renamed \\ 50%',
          'Renamed \\ 50%/Ünïcødé 🚀',
          'Renamed \\ 50%/Ünïcødé 🚀/Leaf',
        ],
      );
      assert.deepEqual(await subtreeParts(), ['Odd inside']); // a backslash in the path is matched literally
      // 100 characters, counted like Postgres does (an emoji is one).
      await mkCategory(s, '🚀'.repeat(100), kid.id);
    });

    it('refuses moves that would create a cycle and changes nothing', async () => {
      const a = await mkCategory(s, 'Cyc A');
      const b = await mkCategory(s, 'Cyc B', a.id);
      const c = await mkCategory(s, 'Cyc C', b.id);
      const m =
        'mutation($id: ID!, $p: ID) { updatePartCategory(id: $id, input: { parent: $p, name: "Renamed" }) { path } }';
      badInput(await s.gql(m, { id: a.id, p: c.id }, s.adminToken), 'parent');
      badInput(await s.gql(m, { id: a.id, p: b.id }, s.adminToken), 'parent');
      badInput(await s.gql(m, { id: a.id, p: a.id }, s.adminToken), 'parent');
      assert.deepEqual(await categoryPaths('Cyc'), ['Cyc A', 'Cyc A/Cyc B', 'Cyc A/Cyc B/Cyc C']);
    });

    it('lists children and direct part counts', async () => {
      const root = await mkCategory(s, 'Mechanical');
      await mkCategory(s, 'Screws', root.id);
      await mkCategory(s, 'Nuts', root.id);
      await mkPart(s, { name: 'Bracket', category: root.id });
      const r = ok(
        await s.gql(
          'query($id: ID!) { partCategory(id: $id) { children { name parent { name } } partCount } }',
          { id: root.id },
          user,
        ),
      );
      assert.deepEqual(r.partCategory, {
        children: [
          { name: 'Nuts', parent: { name: 'Mechanical' } },
          { name: 'Screws', parent: { name: 'Mechanical' } },
        ],
        partCount: 1,
      });
    });
  });

  describe('delete policy for trees', () => {
    it('refuses to delete a category with subcategories or parts unless reparent, which moves them up', async () => {
      const top = await mkCategory(s, 'DP Top');
      const mid = await mkCategory(s, 'DP Mid', top.id);
      const leaf = await mkCategory(s, 'DP Leaf', mid.id);
      await mkCategory(s, 'DP Deep', leaf.id);
      const part = await mkPart(s, { name: 'DP part', category: mid.id });

      const refused = await s.gql('mutation($id: ID!) { deletePartCategory(id: $id) }', { id: mid.id }, s.adminToken);
      assert.match(badInput(refused, 'reparent'), /1 subcategories and 1 parts/);
      assert.deepEqual(await categoryPaths('DP'), [
        'DP Top',
        'DP Top/DP Mid',
        'DP Top/DP Mid/DP Leaf',
        'DP Top/DP Mid/DP Leaf/DP Deep',
      ]);

      const del = await s.gql(
        'mutation($id: ID!) { deletePartCategory(id: $id, reparent: true) }',
        { id: mid.id },
        s.adminToken,
      );
      assert.equal(ok(del).deletePartCategory, mid.id);
      assert.deepEqual(await categoryPaths('DP'), ['DP Top', 'DP Top/DP Leaf', 'DP Top/DP Leaf/DP Deep']);
      const p = ok(await s.gql('query($id: ID!) { part(id: $id) { category { path } } }', { id: part.id }, user));
      assert.equal(p.part.category.path, 'DP Top');

      // A root: its children become top-level nodes.
      ok(
        await s.gql('mutation($id: ID!) { deletePartCategory(id: $id, reparent: true) }', { id: top.id }, s.adminToken),
      );
      assert.deepEqual(await categoryPaths('DP'), ['DP Leaf', 'DP Leaf/DP Deep']);
      const p2 = ok(await s.gql('query($id: ID!) { part(id: $id) { category { id } } }', { id: part.id }, user));
      assert.equal(p2.part.category, null);
    });

    it('refuses a reparent that would clash with an existing sibling name', async () => {
      const top = await mkCategory(s, 'Clash Top');
      await mkCategory(s, 'Same', top.id);
      const mid = await mkCategory(s, 'Clash Mid', top.id);
      await mkCategory(s, 'Same', mid.id);
      const r = await s.gql(
        'mutation($id: ID!) { deletePartCategory(id: $id, reparent: true) }',
        { id: mid.id },
        s.adminToken,
      );
      assert.match(badInput(r, 'reparent'), /"Same"/);
      assert.deepEqual(await categoryPaths('Clash'), [
        'Clash Top',
        'Clash Top/Clash Mid',
        'Clash Top/Clash Mid/Same',
        'Clash Top/Same',
      ]);
    });

    it('refuses to delete a location with stock unless reparent, which moves the items to the parent', async () => {
      const wh = await mkLocation(s, 'Warehouse');
      const shelf = await mkLocation(s, 'Shelf', wh.id);
      const bin = await mkLocation(s, 'Bin', shelf.id);
      const part = await mkPart(s, { name: 'Loc part' });
      const item = await mkItem(s, { part: part.id, location: shelf.id, quantity: 3 });
      badInput(
        await s.gql('mutation($id: ID!) { deleteStockLocation(id: $id) }', { id: shelf.id }, s.adminToken),
        'reparent',
      );
      ok(
        await s.gql(
          'mutation($id: ID!) { deleteStockLocation(id: $id, reparent: true) }',
          { id: shelf.id },
          s.adminToken,
        ),
      );
      const r = ok(
        await s.gql(
          'query($i: ID!, $b: ID!) { stockItem(id: $i) { location { name } } stockLocation(id: $b) { path parent { name } } }',
          { i: item.id, b: bin.id },
          user,
        ),
      );
      assert.deepEqual(r, {
        stockItem: { location: { name: 'Warehouse' } },
        stockLocation: { path: 'Warehouse/Bin', parent: { name: 'Warehouse' } },
      });
      // An empty location goes without reparent.
      ok(await s.gql('mutation($id: ID!) { deleteStockLocation(id: $id) }', { id: bin.id }, s.adminToken));
    });

    it('refuses to delete a part that has stock items', async () => {
      const part = await mkPart(s, { name: 'Stocked part' });
      const item = await mkItem(s, { part: part.id });
      badInput(await s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: part.id }, user), 'id');
      ok(await s.gql('mutation($id: ID!) { deleteStockItem(id: $id) }', { id: item.id }, user));
      assert.equal(
        ok(await s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: part.id }, user)).deletePart,
        part.id,
      );
    });
  });

  describe('stock locations, parts and stock items', () => {
    it('moves a location subtree and keeps paths current', async () => {
      const a = await mkLocation(s, 'Building A');
      const room = await mkLocation(s, 'Room 1', a.id);
      await mkLocation(s, 'Cabinet', room.id);
      const b = await mkLocation(s, 'Building B');
      const mv = await s.gql(
        'mutation($id: ID!, $p: ID) { updateStockLocation(id: $id, input: { parent: $p }) { path } }',
        { id: room.id, p: b.id },
        s.adminToken,
      );
      assert.equal(ok(mv).updateStockLocation.path, 'Building B/Room 1');
      const list = ok(
        await s.gql('{ stockLocations(search: "Cabinet") { items { path parent { path } } } }', {}, user),
      );
      assert.deepEqual(list.stockLocations.items, [
        { path: 'Building B/Room 1/Cabinet', parent: { path: 'Building B/Room 1' } },
      ]);
    });

    it('creates, updates and deletes parts and stock items (any signed-in user)', async () => {
      const cat = await mkCategory(s, 'CRUD cat');
      const loc = await mkLocation(s, 'CRUD loc');
      const created = ok(
        await s.gql(
          'mutation($i: CreatePartInput!) { createPart(input: $i) { id name ipn description category { name } active trackable units stockItemCount createdAt } }',
          { i: { name: 'Widget', ipn: ' W-1 ', description: 'A widget', category: cat.id, units: 'pcs' } },
          user,
        ),
      ).createPart;
      assert.equal(created.ipn, 'W-1');
      assert.deepEqual(
        { ...created, id: undefined, createdAt: undefined },
        {
          id: undefined,
          createdAt: undefined,
          name: 'Widget',
          ipn: 'W-1',
          description: 'A widget',
          category: { name: 'CRUD cat' },
          active: true,
          trackable: false,
          units: 'pcs',
          stockItemCount: 0,
        },
      );
      const upd = ok(
        await s.gql(
          'mutation($id: ID!) { updatePart(id: $id, input: { name: "Widget 2", ipn: "", active: false, category: null }) { name ipn active category { id } } }',
          { id: created.id },
          user,
        ),
      ).updatePart;
      assert.deepEqual(upd, { name: 'Widget 2', ipn: null, active: false, category: null });

      const item = ok(
        await s.gql(
          'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id part { name } location { name } quantity serial batch status } }',
          { i: { part: created.id, location: loc.id, quantity: 2.5, batch: 'B1' } },
          user,
        ),
      ).createStockItem;
      assert.deepEqual(
        { ...item, id: undefined },
        {
          id: undefined,
          part: { name: 'Widget 2' },
          location: { name: 'CRUD loc' },
          quantity: 2.5,
          serial: null,
          batch: 'B1',
          status: 'OK',
        },
      );
      const iu = ok(
        await s.gql(
          'mutation($id: ID!) { updateStockItem(id: $id, input: { quantity: 0, status: DAMAGED, location: null }) { quantity status location { id } } }',
          { id: item.id },
          user,
        ),
      ).updateStockItem;
      assert.deepEqual(iu, { quantity: 0, status: 'DAMAGED', location: null });
      const count = ok(await s.gql('query($id: ID!) { part(id: $id) { stockItemCount } }', { id: created.id }, user));
      assert.equal(count.part.stockItemCount, 1);
      ok(await s.gql('mutation($id: ID!) { deleteStockItem(id: $id) }', { id: item.id }, user));
      assert.equal(
        ok(await s.gql('query($id: ID!) { stockItem(id: $id) { id } }', { id: item.id }, user)).stockItem,
        null,
      );
      ok(await s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: created.id }, user));
      assert.equal(ok(await s.gql('query($id: ID!) { part(id: $id) { id } }', { id: created.id }, user)).part, null);
    });

    it('serializes stock of trackable parts', async () => {
      const t = await mkPart(s, { name: 'Scope', trackable: true });
      const other = await mkPart(s, { name: 'Probe', trackable: true });
      const a = await mkItem(s, { part: t.id, serial: 'SN-1' });
      await mkItem(s, { part: t.id, serial: 'SN-2', quantity: 1 });
      await mkItem(s, { part: other.id, serial: 'SN-1' }); // unique per part only
      const r = ok(
        await s.gql(
          'query($p: ID!) { stockItems(part: $p, serial: "SN-1") { totalCount items { id serial quantity } } }',
          { p: t.id },
          user,
        ),
      );
      assert.deepEqual(r.stockItems, { totalCount: 1, items: [{ id: a.id, serial: 'SN-1', quantity: 1 }] });
    });
  });

  describe('filters, paging and ordering', () => {
    let ids: Record<string, string>;
    before(async () => {
      const root = await mkCategory(s, 'Flt Root');
      const sub = await mkCategory(s, 'Flt Sub', root.id);
      const subsub = await mkCategory(s, 'Flt SubSub', sub.id);
      const other = await mkCategory(s, 'Flt Other');
      const l1 = await mkLocation(s, 'Flt Store');
      const l2 = await mkLocation(s, 'Flt Shelf', l1.id);
      const pRoot = await mkPart(s, { name: 'Flt Alpha', ipn: 'FX-100', category: root.id });
      const pSub = await mkPart(s, { name: 'Flt Beta', ipn: 'fx-200', category: sub.id });
      const pDeep = await mkPart(s, { name: 'Flt Gamma 100%', category: subsub.id, active: false });
      const pOther = await mkPart(s, { name: 'Flt Delta', ipn: 'OTHER_1', category: other.id });
      await mkItem(s, { part: pRoot.id, location: l1.id, quantity: 5, batch: 'LOT-A' });
      await mkItem(s, { part: pSub.id, location: l2.id, quantity: 1, status: 'DAMAGED' });
      await mkItem(s, { part: pDeep.id, location: l2.id, quantity: 7, batch: 'LOT-A' });
      await mkItem(s, { part: pOther.id, quantity: 3 });
      ids = {
        root: root.id,
        sub: sub.id,
        subsub: subsub.id,
        other: other.id,
        l1: l1.id,
        l2: l2.id,
        pRoot: pRoot.id,
        pSub: pSub.id,
      };
    });

    const partNames = async (args: string, vars: Record<string, unknown> = {}) => {
      const decl = Object.keys(vars).length
        ? `(${Object.keys(vars)
            .map((k) => `$${k}: ID`)
            .join(', ')})`
        : '';
      const r = ok(await s.gql(`query${decl} { parts(${args}) { totalCount items { name } } }`, vars, user));
      const names = r.parts.items.map((p: { name: string }) => p.name);
      assert.equal(r.parts.totalCount, names.length);
      return names;
    };

    it('filters parts by category with and without subcategories, active and search', async () => {
      assert.deepEqual(await partNames('category: $c', { c: ids.root }), ['Flt Alpha', 'Flt Beta', 'Flt Gamma 100%']);
      assert.deepEqual(await partNames('category: $c, includeSubcategories: false', { c: ids.root }), ['Flt Alpha']);
      assert.deepEqual(await partNames('category: $c', { c: ids.sub }), ['Flt Beta', 'Flt Gamma 100%']);
      assert.deepEqual(await partNames('category: $c, active: true', { c: ids.root }), ['Flt Alpha', 'Flt Beta']);
      assert.deepEqual(await partNames('search: "FX-"'), ['Flt Alpha', 'Flt Beta']); // IPN, case-insensitive
      assert.deepEqual(await partNames('search: "gamma"'), ['Flt Gamma 100%']);
      assert.deepEqual(await partNames('search: "0%"'), ['Flt Gamma 100%']); // % is literal
      assert.deepEqual(await partNames('search: "Flt_Delta"'), []); // _ is literal, not a wildcard
      assert.deepEqual(await partNames('search: "er_1"'), ['Flt Delta']);
      badInput(await s.gql('{ parts(category: 999999) { totalCount } }', {}, user), 'category');
    });

    it('filters stock items by part, location (with sublocations), category, status and batch', async () => {
      const q = async (args: string, vars: Record<string, unknown> = {}) => {
        const decl = Object.keys(vars).length
          ? `(${Object.keys(vars)
              .map((k) => `$${k}: ID`)
              .join(', ')})`
          : '';
        const r = ok(
          await s.gql(
            `query${decl} { stockItems(${args}, orderBy: PART_NAME) { totalCount items { part { name } } } }`,
            vars,
            user,
          ),
        );
        return r.stockItems.items.map((i: { part: { name: string } }) => i.part.name);
      };
      assert.deepEqual(await q('part: $p', { p: ids.pSub }), ['Flt Beta']);
      assert.deepEqual(await q('location: $l', { l: ids.l1 }), ['Flt Alpha', 'Flt Beta', 'Flt Gamma 100%']);
      assert.deepEqual(await q('location: $l, includeSublocations: false', { l: ids.l1 }), ['Flt Alpha']);
      assert.deepEqual(await q('category: $c', { c: ids.sub }), ['Flt Beta', 'Flt Gamma 100%']);
      assert.deepEqual(await q('category: $c, includeSubcategories: false', { c: ids.sub }), ['Flt Beta']);
      assert.deepEqual(await q('category: $c, part: $p', { c: ids.root, p: ids.pSub }), ['Flt Beta']);
      assert.deepEqual(await q('category: $c, part: $p', { c: ids.other, p: ids.pSub }), []);
      assert.deepEqual(await q('category: $c, status: DAMAGED', { c: ids.root }), ['Flt Beta']);
      assert.deepEqual(await q('category: $c, batch: "LOT-A"', { c: ids.root }), ['Flt Alpha', 'Flt Gamma 100%']);
      badInput(await s.gql('{ stockItems(location: 999999) { totalCount } }', {}, user), 'location');
      badInput(await s.gql('{ stockItems(part: "abc") { totalCount } }', {}, user), 'part');
    });

    it('filters categories by parent, top level and search', async () => {
      const r = ok(
        await s.gql('query($p: ID) { partCategories(parent: $p) { items { name } } }', { p: ids.root }, user),
      );
      assert.deepEqual(r.partCategories.items, [{ name: 'Flt Sub' }]);
      const top = ok(await s.gql('{ partCategories(topLevel: true, search: "FLT") { items { path } } }', {}, user));
      assert.deepEqual(top.partCategories.items, [{ path: 'Flt Other' }, { path: 'Flt Root' }]);
      badInput(
        await s.gql(
          'query($p: ID) { partCategories(parent: $p, topLevel: true) { totalCount } }',
          { p: ids.root },
          user,
        ),
        'topLevel',
      );
    });

    it('pages with offset/limit and a total count, and orders by a field and direction', async () => {
      const all = ok(
        await s.gql(
          '{ parts(search: "Flt ", orderBy: NAME, direction: DESC) { totalCount offset limit items { name } } }',
          {},
          user,
        ),
      ).parts;
      assert.equal(all.totalCount, 4);
      assert.equal(all.limit, 50);
      assert.deepEqual(
        all.items.map((p: { name: string }) => p.name),
        ['Flt Gamma 100%', 'Flt Delta', 'Flt Beta', 'Flt Alpha'],
      );
      const page = ok(
        await s.gql(
          '{ parts(search: "Flt ", orderBy: NAME, offset: 1, limit: 2) { totalCount offset limit items { name } } }',
          {},
          user,
        ),
      ).parts;
      assert.deepEqual(page, {
        totalCount: 4,
        offset: 1,
        limit: 2,
        items: [{ name: 'Flt Beta' }, { name: 'Flt Delta' }],
      });
      const none = ok(await s.gql('{ parts(search: "Flt ", limit: 0) { totalCount items { name } } }', {}, user)).parts;
      assert.deepEqual(none, { totalCount: 4, items: [] });
      const byQty = ok(
        await s.gql(
          'query($c: ID) { stockItems(category: $c, orderBy: QUANTITY, direction: DESC) { items { quantity } } }',
          { c: ids.root },
          user,
        ),
      );
      assert.deepEqual(
        byQty.stockItems.items.map((i: { quantity: number }) => i.quantity),
        [7, 5, 1],
      );
      badInput(await s.gql('{ parts(limit: 501) { totalCount } }', {}, user), 'limit');
      badInput(await s.gql('{ parts(limit: -1) { totalCount } }', {}, user), 'limit');
      badInput(await s.gql('{ stockItems(offset: -5) { totalCount } }', {}, user), 'offset');
      badInput(await s.gql('{ partCategory(id: "x") { id } }', {}, user), 'id');
    });
  });

  it('costs the same few SQL queries for 10 and 100 stock items with part, category and location', async () => {
    const cats = [await mkCategory(s, 'QC 1'), await mkCategory(s, 'QC 2')];
    const locs = [await mkLocation(s, 'QL 1'), await mkLocation(s, 'QL 2'), await mkLocation(s, 'QL 3')];
    const parts: Array<{ id: string }> = [];
    for (let i = 0; i < 7; i++) parts.push(await mkPart(s, { name: `QP ${i}`, category: cats[i % 2].id }));
    await mkItems(
      s,
      Array.from({ length: 100 }, (_, i) => ({
        part: parts[i % 7].id,
        location: i % 10 === 0 ? null : locs[i % 3].id,
        quantity: i,
        batch: 'QUERYCOUNT',
      })),
    );
    const query =
      'query($n: Int!) { stockItems(batch: "QUERYCOUNT", limit: $n) { totalCount items { id quantity part { name category { name } } location { name } } } }';
    const ten = await s.gql(query, { n: 10 }, user);
    const hundred = await s.gql(query, { n: 100 }, user);
    assert.equal(ok(ten).stockItems.items.length, 10);
    assert.equal(ok(hundred).stockItems.items.length, 100);
    assert.equal(hundred.data?.stockItems.totalCount, 100);
    assert.ok(hundred.data?.stockItems.items.every((i: any) => i.part.category.name.startsWith('QC')));
    const q10 = ten.extensions?.sqlQueries as number;
    const q100 = hundred.extensions?.sqlQueries as number;
    assert.equal(typeof q10, 'number');
    assert.equal(q100, q10, `10 items cost ${q10} queries, 100 items ${q100}`);
    // auth + page + count + parts + categories + locations
    assert.ok(q100 <= 7, `expected a small constant, got ${q100}`);
  });

  it('skips the count query when totalCount is not selected (through fragments it is still counted)', async () => {
    const items = '{ id quantity part { name } }';
    const withCount = await s.gql(
      `{ stockItems(batch: "QUERYCOUNT", limit: 10) { totalCount items ${items} } }`,
      {},
      user,
    );
    const without = await s.gql(`{ stockItems(batch: "QUERYCOUNT", limit: 10) { items ${items} } }`, {}, user);
    const viaFragment = await s.gql(
      `{ stockItems(batch: "QUERYCOUNT", limit: 10) { ...F } } fragment F on StockItemConnection { ... on StockItemConnection { totalCount } }`,
      {},
      user,
    );
    assert.deepEqual(ok(without).stockItems.items, ok(withCount).stockItems.items);
    assert.equal(ok(viaFragment).stockItems.totalCount, 100);
    const [q1, q0] = [withCount, without].map((r) => r.extensions?.sqlQueries as number);
    assert.equal(q0, q1 - 1, `with totalCount ${q1} statements, without ${q0}`);
  });
});
