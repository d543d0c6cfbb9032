// Installing plugins from npm (issue 11, item 7), end to end with no network: fixture plugins
// are packed with `npm pack` at test time and installed by tarball path into
// DATA_DIR/plugins-installed. Covers the switch and superuser gates, rollback of packages that
// are not plugins, the plugins file, audit and events, uninstall with and without deleteConfig,
// a second server process picking changes up, the CLI, PLUGINS_INSTALL_ON_STARTUP, and (only
// when PARTGRAPH_TEST_NPM_REGISTRY is set) an install by name from a registry.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { FIXTURES, runCli, waitFor } from './plugin-registry-helpers.js';
import { gqlAt, startServerProcess, type ServerProcess } from './support/process.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

const run = promisify(execFile);
const KEY = 'install-good';

const INSTALL = `mutation($p: String!, $v: String) { installPlugin(packageName: $p, version: $v) {
  packageName version spec keys deactivated deletedConfig deletedData } }`;
const UNINSTALL = `mutation($k: String!, $c: Boolean, $d: Boolean) { uninstallPlugin(key: $k, deleteConfig: $c, deleteData: $d) {
  packageName version spec keys deactivated deletedConfig deletedData } }`;

/** `npm pack` of a fixture folder; resolves to the tarball's absolute path. */
async function pack(fixture: string, dest: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', path.join(FIXTURES, 'install', fixture), '--pack-destination', dest], {
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return path.join(dest, stdout.trim().split('\n').pop()!);
}

describe('installing plugins from npm', () => {
  let s: TestServer;
  let root: string;
  let dataDir: string;
  let installDir: string;
  let second: ServerProcess | undefined;
  let secondToken = '';
  const tarballs: Record<string, string> = {};
  let staffToken = '';

  const pluginsFile = () => readFile(path.join(installDir, 'plugins.txt'), 'utf8').catch(() => '');
  const packageFolders = () => readdir(path.join(installDir, 'packages')).catch(() => [] as string[]);
  const setSwitch = (on: boolean) =>
    s.gql(
      'mutation($v: String) { updateGlobalSetting(key: "ENABLE_PLUGINS_INSTALL", value: $v) { value } }',
      { v: String(on) },
      s.adminToken,
    );
  const install = (p: string, token = s.adminToken, v?: string) => s.gql(INSTALL, { p, v }, token);
  const uninstall = (k: string, opts: { c?: boolean; d?: boolean } = {}, token = s.adminToken) =>
    s.gql(UNINSTALL, { k, ...opts }, token);
  const pluginRow = (key: string) =>
    s.gql(
      'query($k: String!) { plugin(key: $k) { key active missing isPackage packageName errors { message } } }',
      { k: key },
      s.adminToken,
    );
  /** One statement on the test database, on a connection of its own. */
  async function sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
    const c = new pg.Client({ connectionString: s.databaseUrl });
    await c.connect();
    try {
      return await c.query(text, params);
    } finally {
      await c.end();
    }
  }
  async function events(name: string): Promise<Array<Record<string, any>>> {
    return (await sql('select data from events where name = $1 order by id', [name])).rows.map((r) => r.data);
  }

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'partgraph-install-'));
    dataDir = path.join(root, 'data');
    installDir = path.join(dataDir, 'plugins-installed');
    await mkdir(path.join(root, 'plugins'));
    for (const f of ['good', 'no-marker', 'bad-entry', 'app-notes']) tarballs[f] = await pack(f, root);
    const env = { DATA_DIR: dataDir, PLUGIN_DIR: path.join(root, 'plugins') };
    s = await startTestServer({ env });
    staffToken = await s.userToken({ username: 'installer-staff', staff: true });
    second = await startServerProcess({ ...env, DATABASE_URL: s.databaseUrl });
    const login = await gqlAt<{ login: { token: string } }>(
      second.url,
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: ADMIN.username, p: ADMIN.password },
    );
    secondToken = login.data!.login.token;
  });

  after(async () => {
    second?.child.kill('SIGTERM');
    await second?.exited;
    await s?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('is refused while ENABLE_PLUGINS_INSTALL is off (the default), and to anyone but a superuser', async () => {
    const off = await install(tarballs.good);
    assert.equal(off.errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.match(off.errors![0].message, /ENABLE_PLUGINS_INSTALL/);
    assert.equal((await uninstall(KEY)).errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.equal((await setSwitch(true)).errors, undefined);
    assert.equal((await install(tarballs.good, staffToken)).errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.equal((await install(tarballs.good, '')).errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await uninstall(KEY, {}, staffToken)).errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.deepEqual(await packageFolders(), []);
    assert.equal(await pluginsFile(), '');
  });

  it('refuses bad input before npm runs', async () => {
    for (const [p, v, field] of [
      ['relative/path.tgz', undefined, 'packageName'],
      ['Not A Name', undefined, 'packageName'],
      [path.join(root, 'missing.tgz'), undefined, 'packageName'],
      [tarballs.good, '1.0.0', 'version'],
      ['partgraph-plugin-x', '--registry=http://evil', 'version'],
    ] as const) {
      const r = await install(p, s.adminToken, v);
      assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT', `${p} ${v}`);
      assert.equal(r.errors?.[0].extensions?.field, field, `${p} ${v}`);
    }
  });

  it('installs a tarball into DATA_DIR/plugins-installed; its field appears once activated, also in a second server', async () => {
    const r = await install(tarballs.good);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.deepEqual(r.data!.installPlugin, {
      packageName: 'partgraph-plugin-install-good',
      version: '1.2.3',
      spec: `file:${tarballs.good}`,
      keys: [KEY],
      deactivated: [],
      deletedConfig: false,
      deletedData: false,
    });
    assert.match(await pluginsFile(), new RegExp(`^partgraph-plugin-install-good@file:${tarballs.good}$`, 'm'));
    assert.equal((await packageFolders()).length, 1);
    const row = await pluginRow(KEY);
    assert.deepEqual(row.data!.plugin, {
      key: KEY,
      active: false,
      missing: false,
      isPackage: true,
      packageName: 'partgraph-plugin-install-good',
      errors: [],
    });
    // Nothing in the server's own node_modules or lockfile.
    await assert.rejects(readdir(path.resolve('node_modules/partgraph-plugin-install-good')));
    assert.equal(await s.setPluginActive(KEY, true), true);
    const q = await s.gql('{ installedGreeting }', {}, s.adminToken);
    assert.equal(q.data?.installedGreeting, 'hello from an installed package', JSON.stringify(q.errors));
    // Installing it again (an upgrade) while it runs replaces its folder; it keeps running.
    const again = await install(tarballs.good);
    assert.equal(again.errors, undefined, JSON.stringify(again.errors));
    assert.equal((await packageFolders()).length, 1);
    assert.equal(
      (await s.gql('{ installedGreeting }', {}, s.adminToken)).data?.installedGreeting,
      'hello from an installed package',
    );
    await waitFor(
      'the second server to serve the installed field',
      async () => (await gqlAt(second!.url, '{ installedGreeting }', {}, secondToken)).data?.installedGreeting,
      5_000,
    );
    const audit = await s.gql(
      'query($k: String) { pluginStateChanges(key: $k) { action detail username source } }',
      { k: KEY },
      s.adminToken,
    );
    assert.deepEqual(audit.data!.pluginStateChanges[0], {
      action: 'install',
      detail: `partgraph-plugin-install-good@file:${tarballs.good} (version 1.2.3)`,
      username: ADMIN.username,
      source: 'graphql',
    });
    const installed = await events('plugin.installed');
    assert.equal(installed.length, 2);
    assert.deepEqual(installed[0].keys, [KEY]);
    assert.equal(installed[0].package, 'partgraph-plugin-install-good');
  });

  for (const [fixture, why] of [
    ['no-marker', /not a PartGraph plugin.*"partgraph"/],
    ['bad-entry', /cannot be loaded: import failed: bad entry/],
  ] as const)
    it(`rolls back a package that is not a usable plugin (${fixture})`, async () => {
      const fileBefore = await pluginsFile();
      const foldersBefore = await packageFolders();
      const r = await install(tarballs[fixture]);
      assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT', JSON.stringify(r.errors));
      assert.match(r.errors![0].message, why);
      assert.match(r.errors![0].message, /rolled back/);
      assert.equal(await pluginsFile(), fileBefore);
      assert.deepEqual(await packageFolders(), foldersBefore);
      assert.deepEqual(await readdir(path.join(installDir, '.staging')), []);
    });

  it('uninstall with deleteData deactivates an AppMixin plugin, then drops only its tables (audited)', async () => {
    const APP_KEY = 'install-app-notes';
    const tableExists = async () =>
      (await sql("select to_regclass('plugin_install_app_notes_note') as t")).rows[0].t !== null;
    const r = await install(tarballs['app-notes']);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(await s.setPluginActive(APP_KEY, true), true);
    assert.equal(await tableExists(), true);
    const u = await uninstall(APP_KEY, { d: true });
    assert.equal(u.errors, undefined, JSON.stringify(u.errors));
    assert.deepEqual(u.data!.uninstallPlugin.deactivated, [APP_KEY]);
    assert.equal(u.data!.uninstallPlugin.deletedData, true);
    assert.equal(await tableExists(), false);
    // The other installed plugin is untouched.
    assert.equal((await pluginRow(KEY)).data!.plugin.active, true);
    const audit = await sql("select 1 from plugin_state_changes where plugin_key = $1 and source = 'purge-data'", [
      APP_KEY,
    ]);
    assert.equal(audit.rowCount, 1);
  });

  it('uninstall deactivates the plugin first, keeps its config row (missing), and the second server follows', async () => {
    const r = await uninstall(KEY);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.deepEqual(r.data!.uninstallPlugin.deactivated, [KEY]);
    assert.equal(r.data!.uninstallPlugin.deletedConfig, false);
    assert.doesNotMatch(await pluginsFile(), /install-good/);
    assert.deepEqual(await packageFolders(), []);
    assert.match(
      (await s.gql('{ installedGreeting }', {}, s.adminToken)).errors?.[0].message ?? '',
      /installedGreeting/,
    );
    const missing = await s.gql('{ plugins(includeMissing: true) { key missing active } }', {}, s.adminToken);
    assert.deepEqual(
      missing.data!.plugins.find((p: { key: string }) => p.key === KEY),
      { key: KEY, missing: true, active: false },
    );
    await waitFor(
      'the second server to drop the field',
      async () => (await gqlAt(second!.url, '{ installedGreeting }', {}, secondToken)).errors?.length,
      5_000,
    );
    const audit = await s.gql('{ pluginStateChanges(limit: 2) { action fromActive toActive } }', {}, s.adminToken);
    assert.deepEqual(
      audit.data!.pluginStateChanges.map((c: { action: string }) => c.action),
      ['uninstall', 'toggle'],
    );
    const gone = (await events('plugin.uninstalled')).filter((e) => e.package === 'partgraph-plugin-install-good');
    assert.equal(gone.length, 1);
    assert.equal(gone[0].deleteConfig, false);
  });

  it('uninstall with deleteConfig deletes the PluginConfig row and settings', async () => {
    assert.equal((await install(tarballs.good)).errors, undefined);
    const r = await uninstall(KEY, { c: true });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(r.data!.uninstallPlugin.deletedConfig, true);
    assert.deepEqual(r.data!.uninstallPlugin.deactivated, []);
    assert.equal((await pluginRow(KEY)).errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal((await uninstall(KEY)).errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const builtin = await uninstall('partgraph-core');
    assert.equal(builtin.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(builtin.errors![0].message, /not installed with installPlugin/);
  });

  it('the CLI installs and uninstalls the same way (no switch needed), and the server picks it up', async () => {
    const env = { DATABASE_URL: s.databaseUrl, DATA_DIR: dataDir, PLUGIN_DIR: path.join(root, 'plugins') };
    const bad = await runCli(['plugins', 'install', tarballs['no-marker']], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not a PartGraph plugin/);
    const on = await runCli(['plugins', 'install', tarballs.good], env);
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /installed partgraph-plugin-install-good@1\.2\.3: install-good/);
    await waitFor('the server to discover the CLI install', async () => (await pluginRow(KEY)).data?.plugin, 10_000);
    const audit = await s.gql('{ pluginStateChanges(limit: 1) { action source } }', {}, s.adminToken);
    assert.deepEqual(audit.data!.pluginStateChanges[0], { action: 'install', source: 'cli' });
    const off = await runCli(['plugins', 'uninstall', KEY, '--delete-config'], env);
    assert.equal(off.code, 0, off.stderr);
    await waitFor(
      'the server to forget the CLI-uninstalled plugin',
      async () => (await pluginRow(KEY)).errors?.length,
      10_000,
    );
  });

  it('PLUGINS_INSTALL_ON_STARTUP installs what the plugins file lists into an empty folder', async () => {
    const fresh = path.join(root, 'fresh-data');
    await mkdir(path.join(fresh, 'plugins-installed'), { recursive: true });
    await writeFile(
      path.join(fresh, 'plugins-installed', 'plugins.txt'),
      `# copied from another server\npartgraph-plugin-install-good@file:${tarballs.good}\n`,
    );
    const other = await startTestServer({
      env: { DATA_DIR: fresh, PLUGIN_DIR: path.join(root, 'plugins'), PLUGINS_INSTALL_ON_STARTUP: 'true' },
    });
    try {
      const p = await other.gql('query { plugin(key: "install-good") { key packageName } }', {}, other.adminToken);
      assert.equal(p.data?.plugin.packageName, 'partgraph-plugin-install-good', JSON.stringify(p.errors));
      assert.equal((await readdir(path.join(fresh, 'plugins-installed', 'packages'))).length, 1);
    } finally {
      await other.stop();
    }
  });

  it('installs by name from the registry in PARTGRAPH_TEST_NPM_REGISTRY', async (t) => {
    const registry = process.env.PARTGRAPH_TEST_NPM_REGISTRY;
    const name = process.env.PARTGRAPH_TEST_NPM_PACKAGE ?? 'partgraph-plugin-install-good';
    if (!registry) {
      t.skip('PARTGRAPH_TEST_NPM_REGISTRY is not set (publish test/fixtures/install/good there to run this)');
      return;
    }
    const saved = process.env.npm_config_registry;
    process.env.npm_config_registry = registry;
    try {
      const r = await install(name);
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      assert.match(await pluginsFile(), new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+`, 'm'));
      assert.equal((await uninstall(r.data!.installPlugin.keys[0], { c: true })).errors, undefined);
    } finally {
      if (saved === undefined) delete process.env.npm_config_registry;
      else process.env.npm_config_registry = saved;
    }
  });
});
