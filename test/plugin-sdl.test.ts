// SDL plugins as first-class as decorator plugins (issue 11), with the fixture
// test/fixtures/plugins-data/data-demo.js: SDL resolvers receive their plugin (and so its
// settings), `subscribeTo` delivers only the published payloads its filter accepts over
// graphql-ws, and `staffOnly` fields refuse non-staff users (FORBIDDEN, that field only). Also:
// an invalid SETTINGS table (bad-settings.js) is a load error right after discovery.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './events-helpers.js';
import { FIXTURES } from './plugin-registry-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient } from './support/ws.js';

describe('SDL plugin helpers and settings checked at discovery', () => {
  let s: TestServer;
  let plainToken: string;
  let staffToken: string;
  before(async () => {
    s = await startTestServer({ env: { PLUGIN_DIR: path.join(FIXTURES, 'plugins-data') } });
    plainToken = await s.userToken({ username: 'sdl-plain' });
    staffToken = await s.userToken({ username: 'sdl-staff', staff: true });
  });
  after(() => s?.stop());

  const gql = (query: string, variables: Record<string, unknown> = {}, token = s.adminToken) =>
    s.gql(query, variables, token);

  it('an invalid SETTINGS table is a load error right after start, before any activation', async () => {
    const r = await gql('{ plugin(key: "bad-settings") { active configActive errors { stage message } } }');
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const { active, configActive, errors } = r.data!.plugin;
    assert.equal(active, false);
    assert.equal(configActive, false, 'nobody tried to activate it');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].stage, 'load');
    assert.match(errors[0].message, /"lower_case" must be UPPER_SNAKE_CASE/);
    assert.match(errors[0].message, /"NO_NAME" needs a name/);
    assert.match(errors[0].message, /default of setting "COUNT" is invalid/);
    const refused = await gql('mutation { activatePlugin(key: "bad-settings", active: true) { active } }');
    assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(refused.errors![0]!.message, /cannot be activated: .*UPPER_SNAKE_CASE/);
    assert.equal((globalThis as { __badSettingsConstructed?: boolean }).__badSettingsConstructed, undefined);
    const still = await gql('{ plugin(key: "bad-settings") { configActive } }');
    assert.equal(still.data!.plugin.configActive, false, 'the refused activation changed nothing');
  });

  it('an SDL resolver receives its plugin instance, and through it the settings', async () => {
    assert.equal(await s.setPluginActive('data-demo', true), true);
    assert.equal((await gql('{ dataDemoWho }')).data!.dataDemoWho, 'data-demo:hello:true');
    const set = await gql(
      'mutation { updatePluginSetting(plugin: "data-demo", key: "GREETING", value: "hi") { key } }',
    );
    assert.equal(set.errors, undefined, JSON.stringify(set.errors));
    assert.equal((await gql('{ dataDemoWho }')).data!.dataDemoWho, 'data-demo:hi:true');
  });

  it('subscribeTo delivers only the payloads its filter accepts, over graphql-ws', async () => {
    const client = wsClient({ url: s.app.url, token: plainToken });
    const got: Array<{ channel: string; text: string }> = [];
    const errors: unknown[] = [];
    const stop = client.subscribe(
      { query: 'subscription { dataDemoPings(channel: "a") { channel text } }' },
      {
        next: (r) => {
          if (r.errors) errors.push(r.errors);
          else got.push((r.data as { dataDemoPings: { channel: string; text: string } }).dataDemoPings);
        },
        error: (e) => errors.push(e),
        complete: () => {},
      },
    );
    try {
      let n = 0;
      // The subscription starts asynchronously: publish pairs until one arrives.
      await waitFor(
        'a ping on channel a',
        async () => {
          n += 1;
          await gql('mutation($t: String!) { dataDemoPing(channel: "b", text: $t) }', { t: `b${n}` });
          await gql('mutation($t: String!) { dataDemoPing(channel: "a", text: $t) }', { t: `a${n}` });
          return got.length > 0;
        },
        15_000,
        200,
      );
      await gql('mutation { dataDemoPing(channel: "a", text: "last") }');
      await waitFor('the last ping', () => got.some((p) => p.text === 'last'));
      assert.deepEqual(errors, []);
      assert.ok(
        got.every((p) => p.channel === 'a'),
        `only channel a: ${JSON.stringify(got)}`,
      );
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('a staffOnly root field refuses anonymous and non-staff callers and serves staff', async () => {
    const anon = await s.gql('{ dataDemoSecret }');
    assert.equal(anon.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const plain = await gql('{ dataDemoSecret }', {}, plainToken);
    assert.equal(plain.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.match(plain.errors![0]!.message, /Staff role required for the field Query\.dataDemoSecret/);
    assert.equal(plain.data?.dataDemoSecret, null);
    const staff = await gql('{ dataDemoSecret }', {}, staffToken);
    assert.equal(staff.errors, undefined, JSON.stringify(staff.errors));
    assert.equal(staff.data!.dataDemoSecret, 'for staff only');
  });

  it('a staffOnly field on Part fails only that field for non-staff; staff see it (resolved with the plugin as this)', async () => {
    const made = await gql('mutation { createPart(input: { name: "Noted" }) { id } }');
    const id = made.data!.createPart.id as string;
    const q = 'query($id: ID!) { part(id: $id) { name dataDemoNote } }';
    const plain = await gql(q, { id }, plainToken);
    assert.deepEqual(plain.data!.part, { name: 'Noted', dataDemoNote: null });
    assert.equal(plain.errors?.length, 1);
    assert.equal(plain.errors![0]!.extensions?.code, 'FORBIDDEN');
    assert.deepEqual((plain.errors![0] as { path?: unknown }).path, ['part', 'dataDemoNote']);
    const staff = await gql(q, { id }, staffToken);
    assert.equal(staff.errors, undefined, JSON.stringify(staff.errors));
    assert.equal(staff.data!.part.dataDemoNote, 'data-demo note on Noted');
  });
});
