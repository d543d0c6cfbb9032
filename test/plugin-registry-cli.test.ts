// Changes from outside the server process: the CLI (a separate process on the same database),
// a second registry (another server) via LISTEN/NOTIFY, the poll fallback; and PLUGINS_ENABLED=false.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pluginModule } from '../src/plugin/registry/server-module.js';
import { PluginRegistry } from '../src/plugin/registry/registry.js';
import { startTestServer, type TestServer } from './support/server.js';
import { fixtureDirs, runCli, waitFor, type FixtureDirs } from './plugin-registry-helpers.js';

describe('plugin state across processes', () => {
  let s: TestServer;
  let dirs: FixtureDirs;
  let cliEnv: Record<string, string>;

  const isActive = async (server: TestServer, key: string) =>
    (await server.gql('query($k: String!) { plugin(key: $k) { active } }', { k: key }, server.adminToken)).data?.plugin
      .active as boolean;

  before(async () => {
    dirs = await fixtureDirs('plugins-ok', true);
    const env = { PLUGIN_DIR: dirs.plugins, PLUGIN_PACKAGES_DIR: dirs.packages };
    s = await startTestServer({ env });
    cliEnv = { ...env, DATABASE_URL: s.databaseUrl };
  });

  after(async () => {
    await s?.stop();
    await dirs?.cleanup();
  });

  it('CLI activate/deactivate is picked up by the running server within seconds', async () => {
    assert.equal(await isActive(s, 'hello-folder'), false);
    const on = await runCli(['plugins', 'activate', 'hello-folder'], cliEnv);
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /hello-folder activated/);
    const t0 = Date.now();
    await waitFor('server to see the CLI activation', () => isActive(s, 'hello-folder'), 5000);
    assert.ok(Date.now() - t0 < 5000);

    const audit = await s.gql(
      '{ pluginStateChanges(key: "hello-folder") { source username fromActive toActive } }',
      {},
      s.adminToken,
    );
    assert.deepEqual(audit.data!.pluginStateChanges[0], {
      source: 'cli',
      username: null,
      fromActive: false,
      toActive: true,
    });

    const off = await runCli(['plugins', 'deactivate', 'hello-folder'], cliEnv);
    assert.equal(off.code, 0, off.stderr);
    await waitFor('server to see the CLI deactivation', async () => !(await isActive(s, 'hello-folder')), 5000);
  });

  it('CLI list and status show discovered plugins, state and errors', async () => {
    const list = await runCli(['plugins', 'list'], cliEnv);
    assert.equal(list.code, 0, list.stderr);
    for (const key of ['hello-folder', 'demo-package', 'partgraph-core', 'too-new'])
      assert.match(list.stdout, new RegExp(`^${key}\\s`, 'm'));
    assert.match(list.stdout, /^partgraph-core\s+yes\s+builtin/m);
    assert.match(list.stdout, /^too-new\s+no\s+folder.*incompatible/m);
    const status = await runCli(['plugins', 'status'], cliEnv);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /active \(configured\): .*partgraph-core/);
    assert.match(status.stdout, /hello-folder on -> off \(cli\)/);
  });

  it('CLI refusals exit non-zero with the reason and change nothing', async () => {
    const [mandatory, unknown, incompatible, usage] = await Promise.all([
      runCli(['plugins', 'deactivate', 'partgraph-core'], cliEnv),
      runCli(['plugins', 'activate', 'nope-nope'], cliEnv),
      runCli(['plugins', 'activate', 'too-new'], cliEnv),
      runCli(['plugins', 'frobnicate'], cliEnv),
    ]);
    assert.equal(mandatory.code, 1);
    assert.match(mandatory.stderr, /Mandatory plugin cannot be deactivated/);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown plugin "nope-nope"/);
    assert.equal(incompatible.code, 1);
    assert.match(incompatible.stderr, /too-new.*99\.0\.0/);
    assert.equal(usage.code, 2);
    assert.equal(await isActive(s, 'partgraph-core'), true);
  });

  it('a second server on the same database follows changes (NOTIFY), and the poll catches silent ones', async () => {
    const other = await startTestServer({
      env: { PLUGIN_DIR: dirs.plugins, PLUGIN_PACKAGES_DIR: dirs.packages },
      databaseUrl: s.databaseUrl,
      modules: () => [pluginModule(new PluginRegistry({ pollMs: 300 }))],
    });
    try {
      const r = await s.gql(
        'mutation { activatePlugin(key: "multi-alpha", active: true) { active } }',
        {},
        s.adminToken,
      );
      assert.equal(r.data?.activatePlugin.active, true);
      await waitFor('the other server to follow', () => isActive(other, 'multi-alpha'), 3000);

      // A change without NOTIFY (e.g. made by hand in SQL): the poll picks it up.
      const db = new pg.Client({ connectionString: s.databaseUrl });
      await db.connect();
      await db.query(`update plugin_configs set active = true where key = 'multi-beta'`);
      await db.end();
      await waitFor('the poll to notice', () => isActive(other, 'multi-beta'), 3000);
    } finally {
      await other.stop();
    }
  });
});

describe('PLUGINS_ENABLED=false', () => {
  let s: TestServer;
  let dirs: FixtureDirs;

  before(async () => {
    dirs = await fixtureDirs('plugins-ok', true);
    s = await startTestServer({
      env: {
        PLUGINS_ENABLED: 'false',
        PLUGIN_DIR: dirs.plugins,
        PLUGIN_PACKAGES_DIR: dirs.packages,
        PLUGIN_TESTING: 'true',
      },
    });
  });

  after(async () => {
    await s?.stop();
    await dirs?.cleanup();
  });

  it('turns off everything except mandatory built-ins', async () => {
    const r = await s.gql(
      '{ plugins { key isMandatory active } pluginRegistryStatus { pluginsEnabled activeKeys missing { key } } }',
      {},
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.ok(r.data!.plugins.length >= 1);
    for (const p of r.data!.plugins) assert.deepEqual([p.isMandatory, p.active], [true, true], p.key);
    assert.equal(r.data!.pluginRegistryStatus.pluginsEnabled, false);
    assert.deepEqual(r.data!.pluginRegistryStatus.missing, []);
    const act = await s.gql('mutation { activatePlugin(key: "hello-folder", active: true) { key } }', {}, s.adminToken);
    assert.equal(act.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  });
});
