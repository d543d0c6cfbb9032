// Validation + Barcode + Settings + Events in one plugin work together (issue 12): the settings
// staff set drive the validator and the barcode format, the event handler sees what passed, and
// deactivating the plugin removes all four effects at once.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAST_JOBS, waitFor } from './events-helpers.js';
import { FIXTURES } from './plugin-registry-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('a plugin combining ValidationMixin, BarcodeMixin, SettingsMixin and EventMixin', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { ...FAST_JOBS, PLUGIN_DIR: path.join(FIXTURES, 'plugins-combined') } });
  });
  after(() => s?.stop());

  const gql = (query: string, variables: Record<string, unknown> = {}) => s.gql(query, variables, s.adminToken);
  const createPart = (name: string) =>
    gql('mutation($n: String!) { createPart(input: { name: $n }) { id } }', { n: name });
  const scan = (barcode: string) =>
    gql('mutation($b: String!) { scanBarcode(barcode: $b) { plugin model match { ... on Part { id name } } } }', {
      b: barcode,
    });
  const setting = (key: string, value: string) =>
    gql(
      'mutation($k: String!, $v: String) { updatePluginSetting(plugin: "combo-stock", key: $k, value: $v) { key } }',
      {
        k: key,
        v: value,
      },
    );

  it('declares the four mixins and works only while active', async () => {
    const r = await gql('{ plugin(key: "combo-stock") { mixins active } }');
    assert.deepEqual([...r.data!.plugin.mixins].sort(), ['barcode', 'events', 'settings', 'validation']);
    assert.equal(r.data!.plugin.active, false);
    assert.equal((await setting('BANNED', 'nope')).errors, undefined);
    const free = await createPart('inactive nope');
    assert.equal(free.errors, undefined, 'an inactive validator refuses nothing');
    assert.equal((await scan(`CMB:${free.data!.createPart.id}`)).data!.scanBarcode.plugin, null);
  });

  it('settings drive the validator and the barcode; the event handler sees what passed', async () => {
    assert.equal(await s.setPluginActive('combo-stock', true), true);
    const refused = await createPart('has nope inside');
    assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(refused.errors?.[0]?.extensions?.field, 'name');
    assert.equal(refused.errors?.[0]?.extensions?.plugin, 'combo-stock');

    const made = await createPart('Combo widget');
    assert.equal(made.errors, undefined, JSON.stringify(made.errors));
    const id = made.data!.createPart.id as string;
    const hit = (await scan(`CMB:${id}`)).data!.scanBarcode;
    assert.deepEqual(hit, { plugin: 'combo-stock', model: 'part', match: { id, name: 'Combo widget' } });

    await setting('PREFIX', 'XY');
    assert.equal((await scan(`CMB:${id}`)).data!.scanBarcode.plugin, null, 'the old prefix no longer matches');
    assert.equal((await scan(`XY:${id}`)).data!.scanBarcode.plugin, 'combo-stock');

    await waitFor('combo.seen for the new part', async () => {
      const r = await gql('{ events(names: ["combo.seen"]) { data } }');
      return r.data?.events.some((e: { data: { part: string } }) => e.data.part === id);
    });
  });

  it('deactivating removes the validator and the barcode format at once', async () => {
    assert.equal(await s.setPluginActive('combo-stock', false), false);
    const made = await createPart('nope again');
    assert.equal(made.errors, undefined);
    assert.equal((await scan(`XY:${made.data!.createPart.id}`)).data!.scanBarcode.plugin, null);
  });
});
