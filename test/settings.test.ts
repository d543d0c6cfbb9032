// Plugin settings (SettingsMixin) and global settings over real HTTP: types, validation errors
// naming the setting, masking of protected values per role, required settings on the plugin
// record, typed reads from plugin code, and the ENABLE_PLUGINS_* switches.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { SettingValue } from '../src/plugin/mixins/index.js';
import { startTestServer, type TestServer } from './support/server.js';

type Setting = {
  key: string;
  type: string;
  value: string | null;
  isSet: boolean;
  defaultValue: string | null;
  protected: boolean;
  hidden: boolean;
  choices: Array<{ value: string }>;
};

describe('settings', () => {
  let s: TestServer;
  let staffToken: string;
  let userToken: string;
  let locationId: number;

  const SETTINGS_QUERY =
    'query($h: Boolean) { plugin(key: "sample-settings") { missingSettings settings(includeHidden: $h) { key type value isSet defaultValue protected hidden choices { value } } } }';

  async function settings(token = s.adminToken, includeHidden = false): Promise<Map<string, Setting>> {
    const r = await s.gql(SETTINGS_QUERY, { h: includeHidden }, token);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return new Map((r.data!.plugin.settings as Setting[]).map((x) => [x.key, x]));
  }

  function update(key: string, value: string | null, token = s.adminToken) {
    return s.gql(
      'mutation($k: String!, $v: String) { updatePluginSetting(plugin: "sample-settings", key: $k, value: $v) { key value isSet } }',
      { k: key, v: value },
      token,
    );
  }

  function pluginInstance(): {
    getSetting(k: string): Promise<SettingValue>;
    setSetting(k: string, v: SettingValue): Promise<void>;
  } {
    return s.app.services.plugins!.getPlugin('sample-settings') as never;
  }

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true' } });
    staffToken = await s.userToken({ username: 'stafford', staff: true });
    userToken = await s.userToken({ username: 'plain' });
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    locationId = (
      await db.query<{ id: number }>(
        `insert into stock_locations (created_at, updated_at, name, path) values (now(), now(), 'Shelf A', 'Shelf A') returning id`,
      )
    ).rows[0]!.id;
    await db.end();
  });

  after(async () => {
    await s?.stop();
  });

  it('lists every setting with its type, default and choices; hidden ones only on request', async () => {
    const all = await settings();
    assert.deepEqual(
      [...all.keys()],
      [
        'GREETING',
        'LABEL_PREFIX',
        'ENABLED',
        'BATCH_SIZE',
        'RATIO',
        'EVEN_NUMBER',
        'COLOR',
        'DEFAULT_LOCATION',
        'API_KEY',
      ],
    );
    assert.deepEqual(
      [...all.values()].map((x) => [x.key, x.type, x.value]),
      [
        ['GREETING', 'string', 'Hello'],
        ['LABEL_PREFIX', 'string', 'PG'],
        ['ENABLED', 'boolean', 'false'],
        ['BATCH_SIZE', 'integer', '10'],
        ['RATIO', 'float', '0.5'],
        ['EVEN_NUMBER', 'integer', null],
        ['COLOR', 'choice', 'green'],
        ['DEFAULT_LOCATION', 'model', null],
        ['API_KEY', 'string', null],
      ],
    );
    assert.deepEqual(
      all.get('COLOR')!.choices.map((c) => c.value),
      ['red', 'green', 'blue'],
    );
    assert.ok((await settings(s.adminToken, true)).has('INTERNAL_STATE'));
  });

  it('refuses bad values with BAD_USER_INPUT naming the setting, and stores nothing', async () => {
    const bad: Array<[string, string, RegExp]> = [
      ['ENABLED', 'maybe', /expected true or false/],
      ['BATCH_SIZE', 'ten', /expected a whole number/],
      ['BATCH_SIZE', '0', /at least 1/],
      ['BATCH_SIZE', '101', /at most 100/],
      ['RATIO', 'abc', /expected a number/],
      ['RATIO', '1.5', /at most 1/],
      ['EVEN_NUMBER', '3', /must be even/],
      ['LABEL_PREFIX', 'toolong', /2 to 5 capital letters/],
      ['COLOR', 'purple', /"purple" is not one of "red", "green", "blue"/],
      ['DEFAULT_LOCATION', '999999', /no stocklocation with id 999999/],
      ['API_KEY', '', /a value is required/],
    ];
    for (const [key, value, why] of bad) {
      const r = await update(key, value);
      assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT', `${key}=${value}`);
      assert.equal(r.errors?.[0].extensions?.field, key);
      assert.match(r.errors![0].message, new RegExp(`Setting "${key}"`));
      assert.match(r.errors![0].message, why);
    }
    const unknown = await update('NOPE', '1');
    assert.equal(unknown.errors?.[0].extensions?.field, 'key');
    const after = await settings();
    assert.deepEqual(
      [...after.values()].filter((x) => x.isSet),
      [],
    );
  });

  it('stores valid values and plugin code reads them typed', async () => {
    await s.gql('mutation { activatePlugin(key: "sample-settings", active: true) { active } }', {}, s.adminToken);
    for (const [key, value] of [
      ['ENABLED', 'yes'],
      ['BATCH_SIZE', '42'],
      ['RATIO', '0.25'],
      ['COLOR', 'red'],
      ['DEFAULT_LOCATION', String(locationId)],
      ['EVEN_NUMBER', '8'],
    ]) {
      const r = await update(key, value);
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    }
    const p = pluginInstance();
    assert.equal(await p.getSetting('ENABLED'), true);
    assert.equal(await p.getSetting('BATCH_SIZE'), 42);
    assert.equal(await p.getSetting('RATIO'), 0.25);
    assert.equal(await p.getSetting('COLOR'), 'red');
    assert.equal(await p.getSetting('DEFAULT_LOCATION'), locationId);
    assert.equal(await p.getSetting('GREETING'), 'Hello', 'default when unset');
    await p.setSetting('GREETING', 'Howdy');
    assert.equal((await settings()).get('GREETING')!.value, 'Howdy');
    await assert.rejects(p.setSetting('BATCH_SIZE', 500), /Setting "BATCH_SIZE".*at most 100/);
    assert.equal(await p.getSetting('BATCH_SIZE'), 42);
    // null clears back to the default
    assert.equal((await update('COLOR', null)).data!.updatePluginSetting.isSet, false);
    assert.equal(await p.getSetting('COLOR'), 'green');
  });

  it('shows a required setting without value on the plugin record until it is set', async () => {
    const before = await s.gql('{ plugin(key: "sample-settings") { missingSettings } }', {}, userToken);
    assert.deepEqual(before.data!.plugin.missingSettings, ['API_KEY']);
    assert.equal((await update('API_KEY', 's3cret')).errors, undefined);
    const afterSet = await s.gql('{ plugin(key: "sample-settings") { missingSettings } }', {}, userToken);
    assert.deepEqual(afterSet.data!.plugin.missingSettings, []);
  });

  it('masks protected values for staff who are not superusers; only staff see or change settings', async () => {
    assert.equal((await settings(s.adminToken)).get('API_KEY')!.value, 's3cret', 'superuser sees the value');
    const staffView = (await settings(staffToken)).get('API_KEY')!;
    assert.equal(staffView.value, '********');
    assert.equal(staffView.protected, true);
    const masked = await update('API_KEY', 'other', staffToken);
    assert.equal(masked.data!.updatePluginSetting.value, '********', 'the mutation result is masked too');
    const plain = await s.gql(SETTINGS_QUERY, {}, userToken);
    assert.equal(plain.errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.equal((await update('GREETING', 'x', userToken)).errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.equal((await update('GREETING', 'x', '')).errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await settings()).get('GREETING')!.value, 'Howdy');
  });

  it('global settings: staff only, validated, and the plugin switches take effect at once', async () => {
    const list = await s.gql('{ globalSettings { key type value } }', {}, staffToken);
    assert.deepEqual(
      list.data!.globalSettings.map((g: Setting) => [g.key, g.value]),
      [
        ['ENABLE_PLUGINS_EVENTS', 'true'],
        ['ENABLE_PLUGINS_SCHEDULE', 'true'],
        ['ENABLE_PLUGINS_GRAPHQL', 'true'],
        ['ENABLE_PLUGINS_URL', 'true'],
        ['ENABLE_PLUGINS_APP', 'true'],
        ['ENABLE_PLUGINS_NAVIGATION', 'true'],
        ['ENABLE_PLUGINS_INTERFACE', 'true'],
        ['ENABLE_PLUGINS_INSTALL', 'false'],
        ['BARCODE_GENERATOR', 'partgraph-barcode'],
        ['PLUGIN_TOGGLE_GUARD', 'warn'],
      ],
    );
    assert.equal((await s.gql('{ globalSettings { key } }', {}, userToken)).errors?.[0].extensions?.code, 'FORBIDDEN');
    const setGlobal = (key: string, value: string) =>
      s.gql(
        'mutation($k: String!, $v: String) { updateGlobalSetting(key: $k, value: $v) { key value } }',
        { k: key, v: value },
        s.adminToken,
      );
    const bad = await setGlobal('ENABLE_PLUGINS_URL', 'maybe');
    assert.equal(bad.errors?.[0].extensions?.field, 'ENABLE_PLUGINS_URL');
    assert.equal((await setGlobal('NOPE', 'true')).errors?.[0].extensions?.field, 'key');

    await s.gql(
      'mutation { a: activatePlugin(key: "sample-webhook", active: true) { active } b: activatePlugin(key: "sample-part-extras", active: true) { active } }',
      {},
      s.adminToken,
    );
    const route = () =>
      fetch(s.url.replace(/\/graphql$/, '/plugin/sample-webhook/'), {
        headers: { authorization: `Bearer ${s.adminToken}` },
      }).then((r) => r.status);
    assert.equal(await route(), 200);
    assert.equal((await setGlobal('ENABLE_PLUGINS_URL', 'false')).errors, undefined);
    assert.equal(await route(), 404);
    assert.equal((await setGlobal('ENABLE_PLUGINS_URL', 'true')).errors, undefined);
    assert.equal(await route(), 200);

    const echo = () => s.gql('{ sampleEcho(text: "x") }', {}, s.adminToken);
    assert.equal((await echo()).data?.sampleEcho, 'Part Extras: x');
    await setGlobal('ENABLE_PLUGINS_GRAPHQL', 'false');
    assert.equal((await echo()).errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    await setGlobal('ENABLE_PLUGINS_GRAPHQL', 'true');
    assert.equal((await echo()).data?.sampleEcho, 'Part Extras: x');
  });
});
