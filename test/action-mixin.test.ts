// ActionMixin over real HTTP against real Postgres, with the sample plugin "sample-action-echo"
// (ACTION_NAME "sample-echo"): signed-in users only; nothing answers while the plugin is inactive;
// routing by ACTION_NAME; a plugin that throws fails only its own call with PLUGIN_ACTION_FAILED
// naming it (a deliberate coded error keeps its message), and the core data is untouched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { badInput, errorCode, mkPart, ok } from './inventory-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

const ECHO = 'sample-action-echo';
const ACTION =
  'mutation($a: String!, $d: JSONObject) { pluginAction(action: $a, data: $d) { action plugin result info } }';

describe('ActionMixin', () => {
  let s: TestServer;
  let userToken: string;

  const activate = (key: string, active: boolean) => s.setPluginActive(key, active);
  const act = (data?: Record<string, unknown>, token = userToken, action = 'sample-echo') =>
    s.gql(ACTION, { a: action, d: data }, token);

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true' } });
    userToken = await s.userToken({ username: 'actor' });
  });

  after(async () => {
    await s?.stop();
  });

  it('an inactive plugin answers no action (BAD_USER_INPUT naming action)', async () => {
    const r = await act({ x: 1 });
    assert.match(badInput(r, 'action'), /sample-echo/);
    assert.equal(errorCode(await act({}, userToken, 'no-such-action')), 'BAD_USER_INPUT');
  });

  it('requires a signed-in user', async () => {
    await activate(ECHO, true);
    const r = await s.gql(ACTION, { a: 'sample-echo' });
    assert.equal(errorCode(r), 'UNAUTHENTICATED');
  });

  it('routes the action to the active plugin and answers its result and info', async () => {
    const r = ok(await act({ greeting: 'hi', n: [1, 2] }));
    assert.deepEqual(r.pluginAction, {
      action: 'sample-echo',
      plugin: ECHO,
      result: 'echo',
      info: { echoed: { greeting: 'hi', n: [1, 2] }, user: 'actor', calls: 1 },
    });
    const none = ok(await act());
    assert.deepEqual(none.pluginAction.info, { echoed: {}, user: 'actor', calls: 2 });
  });

  it('shows Plugin.actionName (and canLocate false) in the admin API', async () => {
    const r = ok(await s.gql('{ plugins(sample: true) { key actionName canLocate mixins } }', {}, userToken));
    const echo = r.plugins.find((p: { key: string }) => p.key === ECHO);
    assert.deepEqual(echo, { key: ECHO, actionName: 'sample-echo', canLocate: false, mixins: ['action'] });
    const others = r.plugins.filter((p: { key: string }) => p.key !== ECHO);
    assert.ok(others.length > 0);
    for (const p of others) assert.equal(p.actionName, null, p.key);
  });

  it('a plugin that throws fails only its call with PLUGIN_ACTION_FAILED naming the plugin', async () => {
    const part = await mkPart(s, { name: 'Untouched by actions' });
    const r = await act({ fail: true });
    assert.equal(r.data, null);
    const e = r.errors?.[0];
    assert.equal(e?.extensions?.code, 'PLUGIN_ACTION_FAILED');
    assert.equal(e?.extensions?.plugin, ECHO);
    assert.match(e!.message, new RegExp(ECHO));
    assert.doesNotMatch(e!.message, /told to fail/, 'the internal message does not leak');

    const refused = await act({ refuse: 'not today' });
    assert.equal(errorCode(refused), 'PLUGIN_ACTION_FAILED');
    assert.equal(refused.errors?.[0]?.message, 'refused: not today', 'a coded error keeps its message');
    assert.equal(refused.errors?.[0]?.extensions?.pluginCode, 'ECHO_REFUSED');

    // The plugin, the registry and the core data are fine afterwards.
    assert.equal(ok(await act({ again: true })).pluginAction.result, 'echo');
    const again = ok(await s.gql('query($id: ID!) { part(id: $id) { name } }', { id: part.id }, userToken));
    assert.equal(again.part.name, 'Untouched by actions');
    const status = ok(await s.gql('{ pluginRegistryStatus { activeKeys } }', {}, s.adminToken));
    assert.ok(status.pluginRegistryStatus.activeKeys.includes(ECHO));
  });

  it('after deactivation the action is gone again', async () => {
    await activate(ECHO, false);
    badInput(await act({}), 'action');
  });
});
