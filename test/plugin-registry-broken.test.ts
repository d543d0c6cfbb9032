// Every kind of broken plugin is recorded with its key (or path), stage and message, is
// skipped, and the server and the other plugins keep working — at start and at activation.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startTestServer, type TestServer } from './support/server.js';
import { fixtureDirs, waitFor, type FixtureDirs } from './plugin-registry-helpers.js';

interface RegErr {
  key: string | null;
  path: string;
  stage: string;
  message: string;
}

describe('broken plugins are isolated', () => {
  let s: TestServer;
  let dirs: FixtureDirs;
  let env: Record<string, string>;

  async function status(): Promise<{ errors: RegErr[]; activeKeys: string[] }> {
    const r = await s.gql(
      '{ pluginRegistryStatus { activeKeys errors { key path stage message } } }',
      {},
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.pluginRegistryStatus;
  }

  async function plugin(key: string) {
    const r = await s.gql(
      'query($k: String!) { plugin(key: $k) { key active configActive path errors { stage message } } }',
      { k: key },
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.plugin;
  }

  function activate(key: string, active = true) {
    return s.gql(
      'mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a) { key active } }',
      { k: key, a: active },
      s.adminToken,
    );
  }

  async function dbActive(key: string): Promise<boolean | undefined> {
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      return (await db.query<{ active: boolean }>('select active from plugin_configs where key = $1', [key])).rows[0]
        ?.active;
    } finally {
      await db.end();
    }
  }

  before(async () => {
    dirs = await fixtureDirs('plugins-broken');
    env = { PLUGIN_DIR: dirs.plugins };
    s = await startTestServer({ env, keepDatabase: true });
  });

  after(async () => {
    await s?.stop();
    await dirs?.cleanup();
  });

  const at = (file: string) => (e: RegErr) => e.path === path.join(dirs.plugins, file);

  it('records a module that fails to import, by path, at discovery', async () => {
    const { errors } = await status();
    const imp = errors.find(at('import-error.js'));
    assert.deepEqual({ key: imp?.key, stage: imp?.stage }, { key: null, stage: 'discovery' });
    assert.match(imp!.message, /broken at import time/);
    const syn = errors.find(at('syntax-error.js'));
    assert.equal(syn?.stage, 'discovery');
    assert.match(syn!.message, /import failed/);
    const noEntry = errors.find(at('no-entry'));
    assert.equal(noEntry?.stage, 'discovery');
    assert.match(noEntry!.message, /no entry file/);
  });

  it('refuses a plugin that overrides a final member, at discovery', async () => {
    const p = await plugin('final-override');
    assert.deepEqual(
      p.errors.map((e: RegErr) => e.stage),
      ['discovery'],
    );
    assert.match(p.errors[0].message, /"slug".*final/);
    const r = await activate('final-override');
    assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(r.errors![0].message, /final-override/);
    assert.equal(await dbActive('final-override'), false);
  });

  it('refuses the second plugin with a duplicate slug instead of overwriting the first', async () => {
    const p = await plugin('dup');
    assert.equal(p.path, path.join(dirs.plugins, 'dup-first.js'));
    const { errors } = await status();
    const dup = errors.find(at('dup-second.js'));
    assert.deepEqual({ key: dup?.key, stage: dup?.stage }, { key: 'dup', stage: 'discovery' });
    assert.match(dup!.message, /duplicate/);
    assert.deepEqual(p.errors, [], 'the first one is healthy');
  });

  it('a constructor that throws is a load error; activation is refused and changes nothing', async () => {
    const r = await activate('ctor-throws');
    assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(r.errors![0].message, /ctor-throws/);
    assert.match(r.errors![0].message, /constructor exploded/);
    const p = await plugin('ctor-throws');
    assert.equal(p.active, false);
    assert.equal(p.configActive, false);
    assert.deepEqual(
      p.errors.map((e: RegErr) => e.stage),
      ['load'],
    );
    assert.equal(await dbActive('ctor-throws'), false);
    const audit = await s.gql('{ pluginStateChanges(key: "ctor-throws") { id } }', {}, s.adminToken);
    assert.deepEqual(audit.data!.pluginStateChanges, [], 'no audit row for a refused change');
  });

  it('a mixin implemented wrong is a load error', async () => {
    const r = await activate('mixin-wrong');
    assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(r.errors![0].message, /mixin-wrong/);
    const p = await plugin('mixin-wrong');
    assert.equal(p.errors.at(-1)?.stage, 'load');
    assert.match(p.errors.at(-1)!.message, /Mixin(Implementation|NotImplemented)Error/);
    assert.equal(p.active, false);
  });

  it('a schema contribution that conflicts with the core is refused at the schema stage', async () => {
    const before = await s.gql('{ serverStatus { schemaHash } }', {}, s.adminToken);
    const r = await activate('schema-conflict');
    assert.equal(r.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(r.errors![0].message, /schema-conflict/);
    const p = await plugin('schema-conflict');
    assert.equal(p.active, false);
    assert.equal(p.errors.at(-1)?.stage, 'schema');
    assert.equal(await dbActive('schema-conflict'), false);
    const after = await s.gql('{ serverStatus { schemaHash } me { username } }', {}, s.adminToken);
    assert.equal(after.extensions?.schemaHash, before.extensions?.schemaHash, 'schema unchanged');
    assert.equal(after.data!.me.username, 'admin');
  });

  it('the healthy plugin among them still activates', async () => {
    const r = await activate('healthy');
    assert.equal(r.data?.activatePlugin.active, true, JSON.stringify(r.errors));
    assert.ok((await status()).activeKeys.includes('healthy'));
  });

  it('starts even when broken plugins are marked active in the database', async () => {
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    await db.query(
      `update plugin_configs set active = true where key in ('ctor-throws', 'mixin-wrong', 'schema-conflict', 'final-override')`,
    );
    await db.end();
    await s.stop();
    s = await startTestServer({ env, databaseUrl: s.databaseUrl, keepDatabase: false });
    const { activeKeys, errors } = await status();
    assert.deepEqual(activeKeys, ['healthy', 'partgraph-barcode', 'partgraph-core']);
    const stageOf = (key: string) =>
      errors
        .filter((e) => e.key === key)
        .map((e) => e.stage)
        .sort();
    assert.deepEqual(stageOf('ctor-throws'), ['load']);
    assert.deepEqual(stageOf('mixin-wrong'), ['load']);
    assert.deepEqual(stageOf('schema-conflict'), ['schema']);
    assert.deepEqual(stageOf('final-override'), ['discovery']);
    const me = await s.gql('{ me { username } }', {}, s.adminToken);
    assert.equal(me.data!.me.username, 'admin');
    // Staff asked for them, so PluginConfig keeps saying so; they just do not run.
    assert.equal((await plugin('ctor-throws')).configActive, true);
  });
  it('records a schedule the job queue refuses on the plugin, and keeps its other schedules', async () => {
    assert.equal((await activate('bad-schedule')).errors, undefined);
    const p = await waitFor('the refusal on the record', async () => {
      const rec = await plugin('bad-schedule');
      return rec.errors.some((e: { stage: string }) => e.stage === 'activation') ? rec : undefined;
    });
    assert.match(
      p.errors.map((e: { message: string }) => e.message).join(),
      /scheduled task "never" \(99 \* \* \* \*\) was refused/,
    );
    const keys = (await s.app.services.jobs!.getSchedules('partgraph.plugin-task')).map((x) => x.key);
    assert.ok(keys.includes('bad-schedule/hourly'), keys.join());
    assert.equal((await activate('bad-schedule', false)).errors, undefined);
  });
});
