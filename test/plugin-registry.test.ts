// The plugin registry end to end on a real server: discovery from every source, defaults,
// metadata, version bounds, deprecation, the staff-only admin API, mandatory plugins, audit
// trail, reload of new and changed files, serialized concurrent toggles.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { adminQuery, underLoad } from './support/load.js';
import { startTestServer, type TestServer } from './support/server.js';
import { fixtureDirs, PLUGIN_FIELDS, type FixtureDirs } from './plugin-registry-helpers.js';

type Plugin = Record<string, any>;

describe('plugin registry', () => {
  let s: TestServer;
  let dirs: FixtureDirs;
  let gitDir: string;
  const warnings: Array<{ code?: string; message: string }> = [];
  const onWarning = (w: Error & { code?: string }) => warnings.push({ code: w.code, message: w.message });

  async function plugins(args = '', token = s.adminToken): Promise<Plugin[]> {
    const r = await s.gql(`{ plugins${args} { ${PLUGIN_FIELDS} } }`, {}, token);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.plugins;
  }

  async function plugin(key: string): Promise<Plugin> {
    const r = await s.gql(`query($k: String!) { plugin(key: $k) { ${PLUGIN_FIELDS} } }`, { k: key }, s.adminToken);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.plugin;
  }

  function activate(key: string, active: boolean, token = s.adminToken) {
    return s.gql<{ activatePlugin: Plugin }>(
      'mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a) { key active configActive errors { stage message } } }',
      { k: key, a: active },
      token,
    );
  }

  function git(cwd: string, ...args: string[]): void {
    execFileSync('git', args, {
      cwd,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Git Person',
        GIT_AUTHOR_EMAIL: 'git@example.com',
        GIT_COMMITTER_NAME: 'Git Person',
        GIT_COMMITTER_EMAIL: 'git@example.com',
        GIT_AUTHOR_DATE: '2023-03-04T05:06:07Z',
        GIT_COMMITTER_DATE: '2023-03-04T05:06:07Z',
      },
    });
  }

  before(async () => {
    process.on('warning', onWarning);
    dirs = await fixtureDirs('plugins-ok', true);
    // A plugin folder inside a git repository (metadata from history), one in a repo without
    // commits and one outside git: neither of the latter may break anything.
    gitDir = path.join(dirs.root, 'git-plugins');
    await mkdir(path.join(gitDir, 'tracked'), { recursive: true });
    const src = (name: string) =>
      `import { InvenTreePlugin } from 'partgraph/plugin';\nexport class P extends InvenTreePlugin { static NAME = '${name}'; }\n`;
    await writeFile(path.join(gitDir, 'tracked', 'index.js'), src('Git Tracked'));
    git(gitDir, 'init', '-q');
    git(gitDir, 'add', '.');
    git(gitDir, 'commit', '-q', '-m', 'add plugin');
    const emptyRepo = path.join(dirs.root, 'empty-repo');
    await mkdir(emptyRepo);
    git(emptyRepo, 'init', '-q');
    await writeFile(path.join(emptyRepo, 'uncommitted.js'), src('Uncommitted'));
    s = await startTestServer({
      env: {
        PLUGIN_DIR: [dirs.plugins, gitDir, emptyRepo, path.resolve('plugins')].join(path.delimiter),
        PLUGIN_PACKAGES_DIR: dirs.packages,
        PLUGIN_TESTING: 'true',
      },
    });
  });

  after(async () => {
    process.off('warning', onWarning);
    await s?.stop();
    await dirs?.cleanup();
  });

  it('shows server file paths to staff only', async () => {
    const q = '{ plugins { key path errors { path } } pluginRegistryStatus { errors { path } } }';
    const plain = await s.userToken({ username: 'paths-plain' });
    const mine = await s.gql('{ plugins { key path errors { path } } }', {}, plain);
    assert.equal(mine.errors, undefined);
    assert.ok(mine.data!.plugins.length > 0);
    for (const p of mine.data!.plugins) {
      assert.equal(p.path, null, p.key);
      for (const e of p.errors) assert.equal(e.path, null, p.key);
    }
    const staff = await s.gql(q, {}, s.adminToken);
    assert.ok(
      staff.data!.plugins.every((p: { path: string | null }) => typeof p.path === 'string' && p.path.length > 0),
    );
    assert.ok(
      staff.data!.pluginRegistryStatus.errors.some(
        (e: { path: string | null }) => typeof e.path === 'string' && e.path.length > 0,
      ),
    );
  });

  it('discovers built-in, npm package, folder, TypeScript and sample plugins', async () => {
    const all = await plugins();
    const by = new Map(all.map((p) => [p.key, p]));
    for (const key of [
      'hello-folder',
      'multi-alpha',
      'multi-beta',
      'folder-plugin',
      'old-style',
      'too-new',
      'too-old',
    ]) {
      assert.equal(by.get(key)?.source, 'folder', key);
    }
    assert.ok(by.get('folder-plugin')!.path.endsWith(path.join('plugins', 'folder-plugin')));
    assert.equal(by.get('folder-plugin')!.description, 'A plugin folder with its own package.json and helper module');

    const demo = by.get('demo-package')!;
    assert.equal(demo.isPackage, true);
    assert.equal(demo.packageName, 'partgraph-plugin-demo');
    assert.equal(by.get('acme-widget')?.packageName, '@acme/partgraph-widget');
    assert.ok(!all.some((p) => p.packageName === 'not-a-plugin'));

    const core = by.get('partgraph-core')!;
    assert.equal(core.isBuiltin, true);
    assert.equal(core.isMandatory, true);
    assert.equal(core.active, true);
    const builtinOptional = all.filter((p) => p.isBuiltin && !p.isMandatory);
    assert.ok(builtinOptional.length >= 1, 'at least one non-mandatory built-in');

    const ts = by.get('hello-ts')!;
    assert.equal(ts.source, 'folder');
    assert.ok(ts.path.endsWith(path.join('plugins', 'hello-ts')), ts.path);

    assert.ok(
      all.some((p) => p.isSample),
      'samples load with PLUGIN_TESTING',
    );
    assert.deepEqual(
      (await plugins('(sample: true)')).map((p) => p.isSample).filter((x) => !x),
      [],
    );
    assert.deepEqual(
      (await plugins('(builtin: true)')).map((p) => p.key).sort(),
      all
        .filter((p) => p.isBuiltin)
        .map((p) => p.key)
        .sort(),
    );

    const status = await s.gql('{ pluginRegistryStatus { errors { key path stage message } } }', {}, s.adminToken);
    assert.deepEqual(
      status.data!.pluginRegistryStatus.errors.filter((e: { stage: string }) => e.stage !== 'load'),
      [],
      'no discovery problems in the healthy fixtures',
    );
  });

  it('creates an inactive PluginConfig row per discovered plugin; mandatory ones are active', async () => {
    const all = await plugins();
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      const rows = (
        await db.query<{ key: string; active: boolean; name: string }>('select key, active, name from plugin_configs')
      ).rows;
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const p of all) {
        assert.ok(byKey.has(p.key), `row for ${p.key}`);
        assert.equal(byKey.get(p.key)!.active, p.isMandatory, `${p.key} default state`);
        assert.equal(p.active, p.isMandatory);
        assert.equal(byKey.get(p.key)!.name, p.name);
      }
    } finally {
      await db.end();
    }
  });

  it('reads metadata with InvenTree defaults (SLUG from NAME, TITLE = NAME)', async () => {
    const hello = await plugin('hello-folder');
    assert.deepEqual(
      {
        name: hello.name,
        slug: hello.slug,
        title: hello.title,
        description: hello.description,
        author: hello.author,
        publishDate: hello.publishDate,
        website: hello.website,
        version: hello.version,
        license: hello.license,
        minVersion: hello.minVersion,
        maxVersion: hello.maxVersion,
        compatible: hello.compatible,
      },
      {
        name: 'Hello Folder',
        slug: 'hello-folder',
        title: 'Hello Folder',
        description: 'Says hello from the plugins folder',
        author: 'Fixture Author',
        publishDate: '2024-05-01',
        website: 'https://example.com/hello',
        version: '1.2.3',
        license: 'MIT',
        minVersion: '0.0.1',
        maxVersion: '99.0.0',
        compatible: true,
      },
    );
    assert.equal((await plugin('multi-beta')).title, 'The Beta plugin');
  });

  it('takes AUTHOR and PUBLISH_DATE from git when absent, and none outside git', async () => {
    const tracked = await plugin('git-tracked');
    assert.equal(tracked.author, 'Git Person');
    assert.equal(tracked.publishDate, '2023-03-04T05:06:07.000Z');
    const uncommitted = await plugin('uncommitted');
    assert.equal(uncommitted.author, null);
    assert.equal(uncommitted.publishDate, null);
    assert.deepEqual(uncommitted.errors, []);
    const demo = await plugin('demo-package'); // a temp dir, not in any repository
    assert.equal(demo.author, null);
  });

  it('records incompatible MIN_VERSION / MAX_VERSION and never activates them', async () => {
    for (const key of ['too-new', 'too-old']) {
      const p = await plugin(key);
      assert.equal(p.compatible, false);
      assert.match(
        p.errors.map((e: { message: string }) => e.message).join(),
        key === 'too-new' ? />= 99\.0\.0/ : /<= 0\.0\.1/,
      );
      const r = await activate(key, true);
      assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
      assert.match(r.errors![0].message, new RegExp(key));
      assert.equal((await plugin(key)).active, false);
      assert.equal((await plugin(key)).configActive, false);
    }
  });

  it('shows the IntegrationPluginBase deprecation on the record and warns once per class', async () => {
    const old = await plugin('old-style');
    assert.match(old.warnings.join(), /IntegrationPluginBase/);
    assert.deepEqual(old.errors, []);
    const ours = () => warnings.filter((w) => w.code === 'PARTGRAPH_DEP_INTEGRATION_PLUGIN_BASE');
    assert.equal(ours().length, 1);
    assert.match(ours()[0].message, /Old Style/);
    await s.gql('mutation { reloadPlugins { activeKeys } }', {}, s.adminToken);
    assert.equal(ours().length, 1, 'an unchanged class is not warned about again');
    const r = await activate('old-style', true);
    assert.equal(r.data?.activatePlugin.active, true, JSON.stringify(r.errors));
    await activate('old-style', false);
  });

  it('lets signed-in users read and only staff change; anonymous gets UNAUTHENTICATED', async () => {
    const plain = await s.userToken({ username: 'plain-reader' });
    assert.ok((await plugins('', plain)).length > 5);
    const attempts = [
      'mutation { activatePlugin(key: "hello-folder", active: true) { key } }',
      '{ pluginRegistryStatus { activeKeys } }',
      'mutation { reloadPlugins { activeKeys } }',
      '{ pluginStateChanges { id } }',
    ];
    for (const q of attempts) {
      const r = await s.gql(q, {}, plain);
      assert.equal(r.errors?.[0].extensions?.code, 'FORBIDDEN', q);
      const anon = await s.gql(q);
      assert.equal(anon.errors?.[0].extensions?.code, 'UNAUTHENTICATED', q);
    }
    assert.equal((await s.gql('{ plugins { key } }')).errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await plugin('hello-folder')).active, false, 'nothing changed');
  });

  it('answers unknown keys with BAD_USER_INPUT naming the key', async () => {
    for (const q of [
      '{ plugin(key: "no-such-plugin") { key } }',
      'mutation { activatePlugin(key: "no-such-plugin", active: true) { key } }',
      '{ pluginStateChanges(key: "no-such-plugin") { id } }',
    ]) {
      const r = await s.gql(q, {}, s.adminToken);
      assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT', q);
      assert.match(r.errors![0].message, /no-such-plugin/);
    }
  });

  it('refuses to deactivate a mandatory plugin', async () => {
    const r = await activate('partgraph-core', false);
    assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(r.errors![0].message, /Mandatory plugin cannot be deactivated/);
    assert.match(r.errors![0].message, /partgraph-core/);
    const core = await plugin('partgraph-core');
    assert.equal(core.active, true);
    assert.equal(core.configActive, true);
  });

  it('activates a TypeScript plugin with decorators: the response already runs on the new schema', async () => {
    const before = await s.gql('{ serverStatus { schemaHash } }', {}, s.adminToken);
    assert.match((await s.gql('{ helloTs }', {}, s.adminToken)).errors![0].message, /helloTs/);
    const on = await activate('hello-ts', true);
    assert.equal(on.data?.activatePlugin.active, true, JSON.stringify(on.errors));
    assert.notEqual(on.extensions?.schemaHash, before.extensions?.schemaHash);
    const r = await s.gql('{ helloTs }', {}, s.adminToken);
    assert.match(r.data?.helloTs, /Hello from TypeScript/);
    const p = await plugin('hello-ts');
    assert.ok(p.contributes.length > 0, 'contributions are attributed');
    assert.ok(p.mixins.includes('graphql'));
    const off = await activate('hello-ts', false);
    assert.equal(off.data?.activatePlugin.active, false);
    assert.equal(off.extensions?.schemaHash, before.extensions?.schemaHash, 'schema back to what it was');
    assert.ok((await s.gql('{ helloTs }', {}, s.adminToken)).errors);
  });

  it('keeps serving other requests while a built-in plugin is toggled: no failed request', async () => {
    const load = await underLoad(
      adminQuery(s),
      async () => {
        for (let i = 0; i < 6; i++) {
          const on = i % 2 === 0;
          const t = await activate('part-statistics', on);
          assert.equal(t.data?.activatePlugin.active, on, JSON.stringify(t.errors));
          const q = await s.gql('{ partStatistics { parts categories locations stockItems } }', {}, s.adminToken);
          if (on) assert.deepEqual(q.data?.partStatistics, { parts: 0, categories: 0, locations: 0, stockItems: 0 });
          else assert.match(q.errors![0].message, /partStatistics/);
        }
      },
      { concurrency: 4 },
    );
    assert.deepEqual(load.failures, []);
    assert.ok(load.requests > 6, `served ${load.requests}`);
  });

  it('keeps an audit trail of state changes with who, when, from and to', async () => {
    await activate('multi-alpha', true);
    await activate('multi-alpha', false);
    const r = await s.gql(
      '{ pluginStateChanges(key: "multi-alpha", limit: 10) { pluginKey username source fromActive toActive createdAt } }',
      {},
      s.adminToken,
    );
    const changes = r.data!.pluginStateChanges;
    assert.deepEqual(
      changes.map((c: any) => [c.pluginKey, c.username, c.source, c.fromActive, c.toActive]),
      [
        ['multi-alpha', 'admin', 'graphql', true, false],
        ['multi-alpha', 'admin', 'graphql', false, true],
      ],
    );
    assert.ok(Date.now() - new Date(changes[0].createdAt).getTime() < 60_000);
  });

  it('reports registry status: active keys, schema hash, build time', async () => {
    const r = await s.gql(
      '{ pluginRegistryStatus { activeKeys schemaHash schemaVersion lastBuildAt lastBuildMs discovered pluginsEnabled pluginTesting } }',
      {},
      s.adminToken,
    );
    const st = r.data!.pluginRegistryStatus;
    assert.ok(st.activeKeys.includes('partgraph-core'));
    assert.deepEqual(st.activeKeys, [...st.activeKeys].sort());
    assert.equal(st.schemaHash, r.extensions?.schemaHash);
    assert.equal(typeof st.lastBuildMs, 'number');
    assert.ok(st.lastBuildAt);
    assert.equal(st.pluginTesting, true);
    assert.ok(st.discovered >= 12);
  });

  it('keeps rows of plugins that disappeared and reports them as missing', async () => {
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    await db.query(
      `insert into plugin_configs (key, name, active, created_at, updated_at, metadata) values ('ghost-plugin', 'Ghost', true, now(), now(), '{"title": "Ghost", "mixins": ["graphql"]}')`,
    );
    await db.end();
    const r = await s.gql(
      'mutation { reloadPlugins(collect: false) { missing { key missing configActive title mixins } activeKeys } }',
      {},
      s.adminToken,
    );
    assert.deepEqual(r.data!.reloadPlugins.missing, [
      { key: 'ghost-plugin', missing: true, configActive: true, title: 'Ghost', mixins: ['graphql'] },
    ]);
    assert.ok(!r.data!.reloadPlugins.activeKeys.includes('ghost-plugin'));
    assert.ok(!(await plugins()).some((p) => p.key === 'ghost-plugin'));
    assert.ok((await plugins('(includeMissing: true)')).some((p) => p.key === 'ghost-plugin' && p.missing));
    assert.equal((await plugin('ghost-plugin')).missing, true);
    const on = await activate('ghost-plugin', true);
    assert.equal(on.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(on.errors![0].message, /ghost-plugin/);
    const off = await activate('ghost-plugin', false);
    assert.equal(off.data?.activatePlugin.configActive, false, JSON.stringify(off.errors));
  });

  it('reload discovers new files and re-imports changed ones', async () => {
    const file = path.join(dirs.plugins, 'late-arrival.js');
    await writeFile(
      file,
      `import { InvenTreePlugin } from 'partgraph/plugin';\nexport class Late extends InvenTreePlugin { static NAME = 'Late Arrival'; static VERSION = '1.0.0'; }\n`,
    );
    assert.ok(!(await plugins()).some((p) => p.key === 'late-arrival'));
    await s.gql('mutation { reloadPlugins { activeKeys } }', {}, s.adminToken);
    const late = await plugin('late-arrival');
    assert.equal(late.active, false);
    assert.equal(late.version, '1.0.0');
    assert.equal((await activate('late-arrival', true)).data?.activatePlugin.active, true);

    // Edit it: the running plugin is replaced by the new code on reload.
    await writeFile(
      file,
      `import { InvenTreePlugin } from 'partgraph/plugin';\nexport class Late extends InvenTreePlugin { static NAME = 'Late Arrival'; static VERSION = '2.0.0'; }\n`,
    );
    const t = new Date(Date.now() + 5000);
    await utimes(file, t, t);
    await s.gql('mutation { reloadPlugins { activeKeys } }', {}, s.adminToken);
    const edited = await plugin('late-arrival');
    assert.equal(edited.version, '2.0.0');
    assert.equal(edited.active, true, 'still active after the code changed');
    await activate('late-arrival', false);
  });

  it('serializes concurrent toggles: final state is the last write, history is consistent', async () => {
    const wanted = Array.from({ length: 12 }, (_, i) => i % 2 === 0);
    const results = await Promise.all(wanted.map((a) => activate('multi-beta', a)));
    for (const r of results) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const changes = (
      await s.gql('{ pluginStateChanges(key: "multi-beta", limit: 50) { fromActive toActive } }', {}, s.adminToken)
    ).data!.pluginStateChanges as Array<{ fromActive: boolean; toActive: boolean }>;
    const chronological = [...changes].reverse();
    for (let i = 1; i < chronological.length; i++)
      assert.equal(
        chronological[i].fromActive,
        chronological[i - 1].toActive,
        'each change starts where the previous ended',
      );
    const last = chronological.at(-1)!.toActive;
    const p = await plugin('multi-beta');
    assert.equal(p.configActive, last);
    assert.equal(p.active, last);
    const st = (await s.gql('{ pluginRegistryStatus { activeKeys } }', {}, s.adminToken)).data!.pluginRegistryStatus;
    assert.equal(st.activeKeys.includes('multi-beta'), last);
    await activate('multi-beta', false);
  });
});
