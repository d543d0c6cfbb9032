// The UI mixins (NavigationMixin, UserInterfaceMixin, IconPackMixin) over real HTTP against real
// Postgres, with the sample "ui-sample" and the fixtures in test/fixtures/plugins-ui: only ACTIVE
// plugins contribute, and a toggle shows at once; the panel page is served (public, HTML, its own
// CSP) with the id from its query string; a plugin whose getUiPanels throws, or answers a source on
// another origin, loses only its own panels (recorded on it); a duplicate icon prefix is left out
// naming both plugins; a javascript: navigation link refuses the plugin at load; signed-in only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { badInput, errorCode, mkPart, ok } from './inventory-helpers.js';
import { FIXTURES } from './plugin-registry-helpers.js';
import { captureLog } from './support/log.js';
import { startTestServer, type TestServer } from './support/server.js';

const SAMPLE = 'ui-sample';
const PANELS = `query($t: UiTarget!, $id: ID) { uiPanels(target: $t, id: $id) { key pluginKey title icon source height } }`;
const NAVIGATION = '{ uiNavigation { pluginKey name link icon } }';
const ICONS = '{ iconPacks { pluginKey prefix name icons { name svg } } }';
/** The sample's navigation entry as uiNavigation lists it. */
const SAMPLE_NAVIGATION = {
  pluginKey: SAMPLE,
  name: 'UI sample',
  link: '/plugin/ui-sample/page',
  icon: 'uisample:star',
};

describe('UI mixins', () => {
  let s: TestServer;
  let userToken: string;
  let partId: string;

  const panels = async (t: string, id?: string) =>
    ok(await s.gql(PANELS, { t, id }, userToken)).uiPanels as Array<Record<string, unknown>>;
  const navigation = async () => ok(await s.gql(NAVIGATION, {}, userToken)).uiNavigation as unknown[];
  const icons = async () =>
    ok(await s.gql(ICONS, {}, userToken)).iconPacks as Array<{ pluginKey: string; prefix: string; icons: unknown[] }>;
  const route = (p: string) => fetch(new URL(p, s.url));
  const errorsOf = async (key: string) =>
    (
      ok(await s.gql('query($k: String!) { plugin(key: $k) { errors { stage message } } }', { k: key }, s.adminToken))
        .plugin as { errors: Array<{ stage: string; message: string }> }
    ).errors;

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true', PLUGIN_DIR: path.join(FIXTURES, 'plugins-ui') } });
    userToken = await s.userToken({ username: 'viewer' });
    partId = (await mkPart(s, { name: 'Resistor 10k' })).id;
  });

  after(async () => {
    await s?.stop();
  });

  /** Nothing of the sample is served: no panels, dashboard items, navigation, icons, route or field. */
  const assertNothingContributed = async () => {
    assert.deepEqual(await panels('PART', partId), []);
    assert.deepEqual(await panels('DASHBOARD'), []);
    assert.deepEqual(await navigation(), []);
    assert.deepEqual(await icons(), []);
    assert.equal((await route('/plugin/ui-sample/panel?target=PART&id=1')).status, 404);
    const badge = await s.gql('query($id: ID!) { part(id: $id) { uiSampleBadge } }', { id: partId }, userToken);
    assert.equal(errorCode(badge), 'GRAPHQL_VALIDATION_FAILED');
  };

  it('an inactive sample contributes nothing: no panels, navigation, icons, routes or field', async () => {
    await assertNothingContributed();
  });

  it('requires a signed-in user (UNAUTHENTICATED)', async () => {
    assert.equal(errorCode(await s.gql(PANELS, { t: 'PART', id: partId })), 'UNAUTHENTICATED');
    assert.equal(errorCode(await s.gql(NAVIGATION)), 'UNAUTHENTICATED');
    assert.equal(errorCode(await s.gql(ICONS)), 'UNAUTHENTICATED');
  });

  it('activating the sample adds its panel, dashboard item, navigation entry, icon pack and field at once', async () => {
    assert.equal(await s.setPluginActive(SAMPLE, true), true);
    assert.deepEqual(await panels('PART', partId), [
      {
        key: 'sample-panel',
        pluginKey: SAMPLE,
        title: 'Sample panel',
        icon: 'uisample:star',
        source: '/plugin/ui-sample/panel',
        height: 120,
      },
    ]);
    assert.deepEqual(await panels('STOCK_ITEM', '1'), [], 'the sample has panels for parts only');
    assert.deepEqual(await panels('DASHBOARD'), [
      {
        key: 'sample-dashboard',
        pluginKey: SAMPLE,
        title: 'Sample dashboard item',
        icon: null,
        source: '/plugin/ui-sample/dashboard',
        height: 80,
      },
    ]);
    assert.deepEqual(await navigation(), [SAMPLE_NAVIGATION]);
    const packs = await icons();
    assert.equal(packs.length, 1);
    assert.equal(packs[0]!.pluginKey, SAMPLE);
    assert.equal(packs[0]!.prefix, 'uisample');
    assert.deepEqual(
      (packs[0]!.icons as Array<{ name: string; svg: string }>).map((i) => [i.name, i.svg.startsWith('<svg')]),
      [['star', true]],
    );
    const badge = ok(await s.gql('query($id: ID!) { part(id: $id) { uiSampleBadge } }', { id: partId }, userToken));
    assert.equal(badge.part.uiSampleBadge, 'UI sample badge for Resistor 10k');

    const plugin = ok(
      await s.gql('{ plugin(key: "ui-sample") { mixins navigation { link } iconPacks { prefix } } }', {}, userToken),
    ).plugin;
    assert.deepEqual(plugin.navigation, [{ link: '/plugin/ui-sample/page' }]);
    assert.deepEqual(plugin.iconPacks, [{ prefix: 'uisample' }]);
    for (const m of ['navigation', 'ui', 'iconpack', 'urls', 'graphql']) assert.ok(plugin.mixins.includes(m), m);
  });

  it('serves the panel page without a token: HTML with its own CSP, the id from the query string', async () => {
    const [panel] = await panels('PART', partId);
    const res = await route(`${panel!.source}?target=PART&id=${partId}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'self'/);
    const html = await res.text();
    assert.ok(html.includes(`Sample panel for part ${partId}`), html);
    assert.doesNotMatch(html, /<script|src=|https?:/i, 'no script and no external resources');
    const hostile = await (await route('/plugin/ui-sample/panel?target=PART&id=%3Cscript%3E')).text();
    assert.ok(hostile.includes('Sample panel for part unknown'));
    assert.doesNotMatch(hostile, /<script/);
    const dashboard = await route('/plugin/ui-sample/dashboard?target=DASHBOARD');
    assert.ok((await dashboard.text()).includes('Sample dashboard item'));
    assert.equal((await route('/plugin/ui-sample/page')).status, 200);
  });

  it('refuses a malformed id with BAD_USER_INPUT naming id', async () => {
    badInput(await s.gql(PANELS, { t: 'PART', id: 'abc' }, userToken), 'id');
  });

  it('a plugin whose getUiPanels throws, or that answers a foreign source, loses only its own panels', async () => {
    await s.setPluginActive('ui-broken', true);
    await s.setPluginActive('ui-bad-source', true);
    const { result: r, log } = await captureLog(async () => {
      const first = await s.gql(PANELS, { t: 'PART', id: partId }, userToken);
      await s.gql(PANELS, { t: 'PART', id: partId }, userToken);
      return first;
    });
    assert.equal(r.errors, undefined, 'the query itself does not fail');
    assert.equal(log.match(/panel boom/g)?.length, 1, 'a repeated failure is logged and recorded once');
    assert.deepEqual(
      r.data!.uiPanels.map((p: { pluginKey: string; key: string }) => `${p.pluginKey}/${p.key}`),
      ['ui-sample/sample-panel'],
    );
    // The broken plugin's other method still works.
    assert.deepEqual(
      (await panels('DASHBOARD')).map((p) => `${p.pluginKey}/${p.key}`),
      ['ui-broken/still-here', 'ui-sample/sample-dashboard'],
    );
    const broken = await errorsOf('ui-broken');
    assert.ok(
      broken.some((e) => /getUiPanels\(PART\) failed: panel boom/.test(e.message)),
      JSON.stringify(broken),
    );
    const bad = await errorsOf('ui-bad-source');
    assert.ok(
      bad.some((e) =>
        /^ui panels left out: getUiPanels\(PART\) "evil": source .*not a URL with a scheme/.test(e.message),
      ),
      JSON.stringify(bad),
    );
    await s.setPluginActive('ui-broken', false);
    await s.setPluginActive('ui-bad-source', false);
  });

  it('a duplicate icon prefix is left out with an error naming both plugins; the other pack is served', async () => {
    await s.setPluginActive('ui-zz-icons', true);
    const packs = await icons();
    assert.deepEqual(
      packs.map((p) => `${p.pluginKey}/${p.prefix}`),
      ['ui-sample/uisample', 'ui-zz-icons/zz'],
    );
    const errors = await errorsOf('ui-zz-icons');
    assert.ok(
      errors.some((e) =>
        /prefix "uisample" of plugin 'ui-zz-icons' is already used by plugin 'ui-sample'/.test(e.message),
      ),
      JSON.stringify(errors),
    );
    await s.setPluginActive('ui-zz-icons', false);
  });

  it('a navigation entry with a javascript: link refuses the plugin when it loads', async () => {
    const r = await s.gql('mutation { activatePlugin(key: "ui-bad-nav", active: true) { active } }', {}, s.adminToken);
    assert.notEqual(r.data?.activatePlugin?.active, true, JSON.stringify(r));
    const errors = await errorsOf('ui-bad-nav');
    assert.ok(
      errors.some((e) => e.stage === 'load' && /ui-bad-nav.*NAVIGATION\[0\]: link .*scheme/.test(e.message)),
      JSON.stringify({ errors, r }),
    );
    assert.deepEqual(await navigation(), [SAMPLE_NAVIGATION]);
  });

  it('ENABLE_PLUGINS_NAVIGATION and ENABLE_PLUGINS_INTERFACE off: no entries, no panels; on: back at once', async () => {
    const sampleNavigation = async () =>
      ok(await s.gql('{ plugin(key: "ui-sample") { navigation { link } } }', {}, userToken)).plugin.navigation;
    assert.equal((await navigation()).length, 1);
    assert.equal((await panels('PART', partId)).length, 1);
    await s.setGlobalSetting('ENABLE_PLUGINS_NAVIGATION', 'false');
    assert.deepEqual(await navigation(), []);
    assert.deepEqual(await sampleNavigation(), []);
    assert.equal((await panels('PART', partId)).length, 1, 'panels do not depend on the navigation switch');
    await s.setGlobalSetting('ENABLE_PLUGINS_INTERFACE', 'false');
    assert.deepEqual(await panels('PART', partId), []);
    assert.deepEqual(await panels('DASHBOARD'), []);
    assert.equal((await icons()).length, 1, 'icon packs are not gated by these switches');
    await s.setGlobalSetting('ENABLE_PLUGINS_NAVIGATION', 'true');
    await s.setGlobalSetting('ENABLE_PLUGINS_INTERFACE', 'true');
    assert.deepEqual(await navigation(), [SAMPLE_NAVIGATION]);
    assert.deepEqual(await sampleNavigation(), [{ link: '/plugin/ui-sample/page' }]);
    assert.deepEqual(
      (await panels('PART', partId)).map((p) => p.key),
      ['sample-panel'],
    );
    assert.deepEqual(
      (await panels('DASHBOARD')).map((p) => p.key),
      ['sample-dashboard'],
    );
  });

  it('deactivating the sample removes everything at once', async () => {
    assert.equal(await s.setPluginActive(SAMPLE, false), false);
    await assertNothingContributed();
    const plugin = ok(
      await s.gql('{ plugin(key: "ui-sample") { navigation { link } iconPacks { prefix } } }', {}, userToken),
    );
    assert.deepEqual(plugin.plugin, { navigation: [], iconPacks: [] });
  });
});
