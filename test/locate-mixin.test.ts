// LocateMixin over real HTTP against real Postgres, with the sample plugin "sample-locate-logger":
// signed-in users only; exactly one of stockItem / stockLocation; the plugin must be active and
// have LocateMixin; unknown ids name their field; each answer is recorded as a locate.* event;
// a plugin that throws fails only its own call (PLUGIN_LOCATE_FAILED naming it, no event).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocateLoggerPlugin } from '../src/plugin/samples/locate-logger.js';
import { badInput, errorCode, mkItem, mkLocation, mkPart, ok, type Node } from './inventory-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

const LOGGER = 'sample-locate-logger';
const ECHO = 'sample-action-echo';
const LOCATE = `mutation($p: String!, $i: ID, $l: ID) {
  locate(plugin: $p, stockItem: $i, stockLocation: $l) {
    plugin located message stockItem { id quantity location { id } } stockLocation { id name }
  }
}`;

describe('LocateMixin', () => {
  let s: TestServer;
  let userToken: string;
  let shelf: Node;
  let item: { id: string };

  const activate = (key: string, active: boolean) => s.setPluginActive(key, active);
  const locate = (vars: { p?: string; i?: string; l?: string }, token = userToken) =>
    s.gql(LOCATE, { p: LOGGER, ...vars }, token);
  const locateEvents = async () =>
    ok(
      await s.gql('{ events(names: ["locate.*"]) { name model instanceId data user { username } } }', {}, s.adminToken),
    ).events as Array<{ name: string; model: string; instanceId: string; data: Record<string, unknown> }>;
  const logger = () => s.app.services.plugins?.getPlugin(LOGGER) as LocateLoggerPlugin | null;

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true' } });
    userToken = await s.userToken({ username: 'finder' });
    shelf = await mkLocation(s, 'Shelf A');
    const part = await mkPart(s, { name: 'Widget' });
    item = await mkItem(s, { part: part.id, location: shelf.id, quantity: 4 });
  });

  after(async () => {
    await s?.stop();
  });

  it('an inactive plugin cannot be asked (BAD_USER_INPUT naming plugin), and nothing is recorded', async () => {
    assert.match(badInput(await locate({ i: item.id }), 'plugin'), new RegExp(LOGGER));
    badInput(await locate({ p: 'no-such-plugin', i: item.id }), 'plugin');
    assert.deepEqual(await locateEvents(), []);
  });

  it('requires a signed-in user', async () => {
    await activate(LOGGER, true);
    assert.equal(errorCode(await s.gql(LOCATE, { p: LOGGER, i: item.id })), 'UNAUTHENTICATED');
  });

  it('locates a stock item and a stock location, and records locate.* events', async () => {
    const r = ok(await locate({ i: item.id }));
    assert.deepEqual(r.locate, {
      plugin: LOGGER,
      located: true,
      message: `stockitem ${item.id} logged`,
      stockItem: { id: item.id, quantity: 4, location: { id: shelf.id } },
      stockLocation: null,
    });
    const l = ok(await locate({ l: shelf.id }));
    assert.deepEqual(l.locate.stockLocation, { id: shelf.id, name: 'Shelf A' });
    assert.equal(l.locate.stockItem, null);
    assert.deepEqual(
      logger()?.requests.map((q) => `${q.kind}:${q.id}`),
      [`stockitem:${item.id}`, `stocklocation:${shelf.id}`],
    );

    const events = await locateEvents();
    const byName = new Map(events.map((e) => [e.name, e]));
    assert.equal(events.length, 2);
    assert.deepEqual(byName.get('locate.stockitem')?.data, {
      plugin: LOGGER,
      stockItem: item.id,
      user: 'finder',
      located: true,
    });
    assert.equal(byName.get('locate.stockitem')?.instanceId, item.id);
    assert.equal(byName.get('locate.stockitem')?.model, 'stockitem');
    assert.deepEqual(byName.get('locate.stocklocation')?.data, {
      plugin: LOGGER,
      stockLocation: shelf.id,
      user: 'finder',
      located: true,
    });
  });

  it('shows Plugin.canLocate in the admin API', async () => {
    const r = ok(await s.gql('{ plugins(mixin: "locate") { key canLocate actionName } }', {}, userToken));
    assert.deepEqual(r.plugins, [{ key: LOGGER, canLocate: true, actionName: null }]);
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the field', async () => {
    badInput(await locate({}), 'stockItem');
    badInput(await locate({ i: item.id, l: shelf.id }), 'stockLocation');
    badInput(await locate({ i: '999999' }), 'stockItem');
    badInput(await locate({ i: 'abc' }), 'stockItem');
    badInput(await locate({ l: '999999' }), 'stockLocation');
    await activate(ECHO, true);
    assert.match(badInput(await locate({ p: ECHO, i: item.id }), 'plugin'), /LocateMixin/);
    await activate(ECHO, false);
    assert.equal((await locateEvents()).length, 2, 'refused requests record nothing');
  });

  it('a plugin that throws fails only its call with PLUGIN_LOCATE_FAILED naming the plugin', async () => {
    const set = await s.gql(
      'mutation($p: String!, $k: String!, $v: String) { updatePluginSetting(plugin: $p, key: $k, value: $v) { key } }',
      { p: LOGGER, k: 'FAIL', v: 'true' },
      s.adminToken,
    );
    assert.equal(set.errors, undefined, JSON.stringify(set.errors));
    const r = await locate({ i: item.id });
    const e = r.errors?.[0];
    assert.equal(e?.extensions?.code, 'PLUGIN_LOCATE_FAILED');
    assert.equal(e?.extensions?.plugin, LOGGER);
    assert.doesNotMatch(e!.message, /told to fail/);
    assert.equal((await locateEvents()).length, 2, 'a failed request records no event');
    const still = ok(await s.gql('query($id: ID!) { stockItem(id: $id) { id quantity } }', { id: item.id }, userToken));
    assert.deepEqual(still.stockItem, { id: item.id, quantity: 4 });
  });

  it('after deactivation the plugin cannot be asked again', async () => {
    await activate(LOGGER, false);
    badInput(await locate({ l: shelf.id }), 'plugin');
  });
});
