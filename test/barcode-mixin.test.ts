// BarcodeMixin over real HTTP against real Postgres: PartGraph's own barcodes (the mandatory
// partgraph-barcode built-in) round-trip through scanBarcode for every model; unknown barcodes
// answer match null with the plugins asked; the sample "sample-barcode-sku" matches only while
// active; a throwing plugin is skipped and reported, never failing the scan; linked third-party
// barcodes (one object per barcode, one link per object, roles as the inventory API); scan
// history for staff only, with retention.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { badInput, errorCode, mkCategory, mkItem, mkLocation, mkPart, ok } from './inventory-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

const SKU = 'sample-barcode-sku';
const BUILTIN = 'partgraph-barcode';
const SCAN = `mutation($b: String!) {
  scanBarcode(barcode: $b) {
    barcode plugin model plugins errors { plugin message }
    match {
      __typename
      ... on Part { id name }
      ... on PartCategory { id name }
      ... on StockItem { id quantity }
      ... on StockLocation { id name }
    }
  }
}`;
const LINK = 'mutation($m: String!, $i: ID!, $b: String!) { linkBarcode(model: $m, id: $i, barcode: $b) }';
const UNLINK = 'mutation($m: String!, $i: ID!) { unlinkBarcode(model: $m, id: $i) }';
const SCANS = `query($l: Int, $u: ID, $p: String, $m: Boolean) {
  barcodeScans(limit: $l, user: $u, plugin: $p, matched: $m) { barcode username plugin model objectId }
}`;

describe('BarcodeMixin', () => {
  let s: TestServer;
  let userToken: string;
  let ids: { part: string; partcategory: string; stocklocation: string; stockitem: string };

  const activate = (key: string, active: boolean) => s.setPluginActive(key, active);
  const setFail = async (on: boolean) => {
    const r = await s.gql(
      'mutation($p: String!, $k: String!, $v: String) { updatePluginSetting(plugin: $p, key: $k, value: $v) { key } }',
      { p: SKU, k: 'FAIL', v: String(on) },
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  };
  const scan = async (barcode: string, token = userToken) => ok(await s.gql(SCAN, { b: barcode }, token)).scanBarcode;

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true' } });
    userToken = await s.userToken({ username: 'scanner' });
    // Scans older than the retention (30 days by default) go on the first scan of a process.
    await s.app.orm.em
      .getConnection()
      .execute(
        `insert into barcode_scans (barcode, created_at) values ('old', now() - interval '40 days'), ('recent', now() - interval '10 days')`,
      );
    const cat = await mkCategory(s, 'Resistors');
    const loc = await mkLocation(s, 'Bin 1');
    const part = await mkPart(s, { name: 'R 10k', ipn: 'R-10K', category: cat.id });
    const item = await mkItem(s, { part: part.id, location: loc.id, quantity: 5 });
    ids = { part: part.id, partcategory: cat.id, stocklocation: loc.id, stockitem: item.id };
  });

  after(async () => {
    await s?.stop();
  });

  it('the built-in partgraph-barcode plugin is mandatory and active', async () => {
    const r = ok(await s.gql('{ plugins(mixin: "barcode") { key active isBuiltin isMandatory } }', {}, s.adminToken));
    assert.deepEqual(
      r.plugins.find((p: { key: string }) => p.key === BUILTIN),
      { key: BUILTIN, active: true, isBuiltin: true, isMandatory: true },
    );
  });

  it('generated barcodes of every model round-trip through scanBarcode', async () => {
    const r = ok(
      await s.gql(
        `query($p: ID!, $c: ID!, $l: ID!, $i: ID!) {
          part(id: $p) { barcode } partCategory(id: $c) { barcode }
          stockLocation(id: $l) { barcode } stockItem(id: $i) { barcode }
        }`,
        { p: ids.part, c: ids.partcategory, l: ids.stocklocation, i: ids.stockitem },
        userToken,
      ),
    );
    assert.equal(r.part.barcode, `{"part":${ids.part}}`);
    const cases = [
      ['part', r.part.barcode, 'Part'],
      ['partcategory', r.partCategory.barcode, 'PartCategory'],
      ['stocklocation', r.stockLocation.barcode, 'StockLocation'],
      ['stockitem', r.stockItem.barcode, 'StockItem'],
    ] as const;
    for (const [model, barcode, typename] of cases) {
      const got = await scan(barcode);
      assert.equal(got.plugin, BUILTIN, model);
      assert.equal(got.model, model);
      assert.equal(got.match.__typename, typename);
      assert.equal(got.match.id, ids[model]);
      assert.deepEqual(got.plugins, [BUILTIN]);
      assert.deepEqual(got.errors, []);
    }
  });

  it('the admin API shows what each mixin contributes: action name, locate, barcode generation', async () => {
    const r = await s.gql('{ plugins { key actionName canLocate generatesBarcodes } }', {}, s.adminToken);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const by = new Map(r.data!.plugins.map((p: { key: string }) => [p.key, p]));
    assert.deepEqual(by.get(BUILTIN), { key: BUILTIN, actionName: null, canLocate: false, generatesBarcodes: true });
    assert.equal((by.get(SKU) as { generatesBarcodes: boolean }).generatesBarcodes, true, 'inactive plugins too');
    assert.equal((by.get('sample-action-echo') as { actionName: string }).actionName, 'sample-echo');
    assert.equal((by.get('sample-locate-logger') as { canLocate: boolean }).canLocate, true);
    assert.equal((by.get('partgraph-core') as { generatesBarcodes: boolean }).generatesBarcodes, false);
    const barcodePlugins = await s.gql('{ plugins(mixin: "barcode") { key } }', {}, s.adminToken);
    assert.deepEqual(
      barcodePlugins.data!.plugins.map((p: { key: string }) => p.key),
      [BUILTIN, SKU],
    );
  });

  it('an unknown barcode answers match null with the plugins asked', async () => {
    assert.deepEqual(await scan('no-such-barcode'), {
      barcode: 'no-such-barcode',
      plugin: null,
      model: null,
      plugins: [BUILTIN],
      errors: [],
      match: null,
    });
    const gone = await scan('{"part": 999999}');
    assert.equal(gone.match, null, 'a barcode naming no existing object matches nothing');
  });

  it('requires a signed-in user; an empty barcode or NUL is BAD_USER_INPUT naming barcode', async () => {
    assert.equal(errorCode(await s.gql(SCAN, { b: 'x' })), 'UNAUTHENTICATED');
    badInput(await s.gql(SCAN, { b: '' }, userToken), 'barcode');
    badInput(await s.gql(SCAN, { b: '  ' }, userToken), 'barcode');
    badInput(await s.gql(SCAN, { b: 'a\u0000b' }, userToken), 'barcode');
    badInput(await s.gql(SCAN, { b: 'x'.repeat(4097) }, userToken), 'barcode');
  });

  it('the SKU sample matches only while active (inactive plugin has no effect)', async () => {
    assert.equal((await scan('SKU:R-10K')).match, null);
    await activate(SKU, true);
    const got = await scan('SKU:R-10K');
    assert.equal(got.plugin, SKU);
    assert.deepEqual(got.match, { __typename: 'Part', id: ids.part, name: 'R 10k' });
    assert.deepEqual(got.plugins, [BUILTIN, SKU]);
    assert.deepEqual((await scan('SKU:NOPE')).plugins, [BUILTIN, SKU]);
    await activate(SKU, false);
    const off = await scan('SKU:R-10K');
    assert.equal(off.match, null);
    assert.deepEqual(off.plugins, [BUILTIN]);
  });

  it('a plugin that throws is skipped and reported; the scan and core data are unharmed', async () => {
    await activate(SKU, true);
    await setFail(true);
    const got = await scan('SKU:R-10K');
    assert.equal(got.match, null);
    assert.deepEqual(got.errors, [{ plugin: SKU, message: `Plugin '${SKU}' failed to scan the barcode` }]);
    const builtinStill = await scan(`{"part":${ids.part}}`);
    assert.equal(builtinStill.match.id, ids.part, 'the built-in answers before the broken plugin is asked');
    assert.deepEqual(builtinStill.plugins, [BUILTIN]);
    const part = ok(await s.gql('query($id: ID!) { part(id: $id) { name } }', { id: ids.part }, userToken));
    assert.equal(part.part.name, 'R 10k');
    await setFail(false);
    await activate(SKU, false);
  });

  it('the global setting BARCODE_GENERATOR picks the generator; PartGraph barcodes otherwise', async () => {
    const setGenerator = (value: string) =>
      s.gql(
        'mutation($k: String!, $v: String) { updateGlobalSetting(key: $k, value: $v) { key } }',
        { k: 'BARCODE_GENERATOR', v: value },
        s.adminToken,
      );
    const barcodes = async () =>
      ok(
        await s.gql(
          'query($p: ID!, $c: ID!) { part(id: $p) { barcode } partCategory(id: $c) { barcode } }',
          { p: ids.part, c: ids.partcategory },
          userToken,
        ),
      );
    badInput(await setGenerator('Not a key!'), 'BARCODE_GENERATOR');
    ok(await setGenerator(SKU));
    assert.equal((await barcodes()).part.barcode, `{"part":${ids.part}}`, 'an inactive generator is not used');
    await activate(SKU, true);
    const made = await barcodes();
    assert.equal(made.part.barcode, 'SKU:R-10K');
    assert.equal(made.partCategory.barcode, `{"partcategory":${ids.partcategory}}`, 'null from the generator');
    const back = await scan(made.part.barcode);
    assert.deepEqual([back.plugin, back.match.id], [SKU, ids.part]);
    ok(await setGenerator(BUILTIN));
    assert.equal((await barcodes()).part.barcode, `{"part":${ids.part}}`);
    await activate(SKU, false);
  });

  it('a linked barcode is checked before every plugin', async () => {
    await activate(SKU, true);
    ok(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: 'SKU:R-10K' }, userToken));
    const got = await scan('SKU:R-10K');
    assert.deepEqual([got.plugin, got.match.__typename, got.plugins], [BUILTIN, 'StockItem', [BUILTIN]]);
    ok(await s.gql(UNLINK, { m: 'stockitem', i: ids.stockitem }, userToken));
    assert.equal((await scan('SKU:R-10K')).plugin, SKU);
    await activate(SKU, false);
  });

  it('links a third-party barcode to one object; scanBarcode finds it first', async () => {
    assert.equal(
      ok(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: 'VENDOR-123' }, userToken)).linkBarcode,
      true,
    );
    const got = await scan('VENDOR-123');
    assert.equal(got.plugin, BUILTIN);
    assert.deepEqual(got.match, { __typename: 'StockItem', id: ids.stockitem, quantity: 5 });
    assert.deepEqual(got.plugins, [BUILTIN]);

    // One object per barcode.
    assert.match(
      badInput(await s.gql(LINK, { m: 'part', i: ids.part, b: 'VENDOR-123' }, userToken), 'barcode'),
      /already linked/,
    );
    // Linking again to the same object is fine; a new barcode replaces the object's link.
    ok(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: 'VENDOR-123' }, userToken));
    ok(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: 'VENDOR-456' }, userToken));
    assert.equal((await scan('VENDOR-123')).match, null);
    assert.equal((await scan('VENDOR-456')).match.id, ids.stockitem);
    // The old barcode is free again.
    ok(await s.gql(LINK, { m: 'part', i: ids.part, b: 'VENDOR-123' }, userToken));
    assert.equal((await scan('VENDOR-123')).match.__typename, 'Part');

    assert.equal(ok(await s.gql(UNLINK, { m: 'stockitem', i: ids.stockitem }, userToken)).unlinkBarcode, true);
    assert.equal(ok(await s.gql(UNLINK, { m: 'stockitem', i: ids.stockitem }, userToken)).unlinkBarcode, false);
    assert.equal((await scan('VENDOR-456')).match, null);
  });

  it('link rules: bad model/id, PartGraph barcodes, roles for categories and locations', async () => {
    badInput(await s.gql(LINK, { m: 'company', i: ids.part, b: 'X1' }, userToken), 'model');
    badInput(await s.gql(LINK, { m: 'part', i: 'abc', b: 'X1' }, userToken), 'id');
    badInput(await s.gql(LINK, { m: 'part', i: '999999', b: 'X1' }, userToken), 'id');
    badInput(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: '{"part":1}' }, userToken), 'barcode');
    badInput(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: '' }, userToken), 'barcode');
    assert.equal(errorCode(await s.gql(LINK, { m: 'part', i: ids.part, b: 'X1' })), 'UNAUTHENTICATED');
    assert.equal(
      errorCode(await s.gql(LINK, { m: 'partcategory', i: ids.partcategory, b: 'X1' }, userToken)),
      'FORBIDDEN',
    );
    assert.equal(
      errorCode(await s.gql(LINK, { m: 'stocklocation', i: ids.stocklocation, b: 'X1' }, userToken)),
      'FORBIDDEN',
    );
    assert.equal(errorCode(await s.gql(UNLINK, { m: 'stocklocation', i: ids.stocklocation }, userToken)), 'FORBIDDEN');
    ok(await s.gql(LINK, { m: 'stocklocation', i: ids.stocklocation, b: 'SHELF-9' }, s.adminToken));
    assert.equal((await scan('SHELF-9')).match.__typename, 'StockLocation');
  });

  it('a link whose object was deleted is ignored and its barcode can be linked again', async () => {
    const part = await mkPart(s, { name: 'Short-lived' });
    ok(await s.gql(LINK, { m: 'part', i: part.id, b: 'TEMP-1' }, userToken));
    ok(await s.gql('mutation($id: ID!) { deletePart(id: $id) }', { id: part.id }, userToken));
    assert.equal((await scan('TEMP-1')).match, null);
    ok(await s.gql(LINK, { m: 'stockitem', i: ids.stockitem, b: 'TEMP-1' }, userToken));
    assert.equal((await scan('TEMP-1')).match.__typename, 'StockItem');
  });

  it('scan history: staff only, newest first, filtered; old scans are deleted', async () => {
    assert.equal(errorCode(await s.gql(SCANS, {}, userToken)), 'FORBIDDEN');
    const all = ok(await s.gql(SCANS, { l: 500 }, s.adminToken)).barcodeScans as Array<Record<string, unknown>>;
    assert.ok(all.length > 10);
    assert.ok(!all.some((r) => r.barcode === 'old'), 'scans older than the retention are deleted');
    assert.ok(
      all.some((r) => r.barcode === 'recent'),
      'newer scans are kept',
    );
    assert.deepEqual(all[0], {
      barcode: 'TEMP-1',
      username: 'scanner',
      plugin: BUILTIN,
      model: 'stockitem',
      objectId: ids.stockitem,
    });

    const me = ok(await s.gql('{ me { id } }', {}, userToken)).me.id;
    const sku = ok(await s.gql(SCANS, { p: SKU }, s.adminToken)).barcodeScans as Array<Record<string, unknown>>;
    assert.ok(sku.length >= 1 && sku.every((r) => r.plugin === SKU));
    const misses = ok(await s.gql(SCANS, { m: false, u: me }, s.adminToken)).barcodeScans as Array<
      Record<string, unknown>
    >;
    assert.ok(misses.length >= 1 && misses.every((r) => r.model === null && r.username === 'scanner'));
    const one = ok(await s.gql(SCANS, { l: 1, m: true }, s.adminToken)).barcodeScans;
    assert.equal(one.length, 1);
    badInput(await s.gql(SCANS, { l: 0 }, s.adminToken), 'limit');
  });
});
