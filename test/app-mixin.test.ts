// AppMixin end to end (real HTTP, real Postgres): activation creates the sample's table and the
// plugin works at once; data survives deactivate/reactivate and a restart; an upgrade applies
// exactly its one new migration; a broken migration leaves nothing and the plugin inactive at
// stage "migrate"; two server processes activating at once apply each migration once; a plugin
// cannot create or alter a core table; purge drops only that plugin's tables, audited; with
// ENABLE_PLUGINS_APP off activation runs no migration and em() refuses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { errorCode, mkPart, mkItem, ok } from './inventory-helpers.js';
import { FIXTURES, fixtureDirs, runCli } from './plugin-registry-helpers.js';
import { readFile, writeFile, utimes } from 'node:fs/promises';
import type { StockNoteEntity, StockNotesPlugin } from '../src/plugin/samples/stock-notes.js';
import { createTestDatabase } from './support/db.js';
import { gqlAt, startServerProcess, type ServerProcess } from './support/process.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';
import path from 'node:path';

const NOTES = 'sample-stock-notes';
const NOTES_TABLE = 'plugin_sample_stock_notes_note';
const APP_FIXTURES = path.join(FIXTURES, 'plugins-app');
const V2_FIXTURES = path.join(FIXTURES, 'plugins-app-v2');

const ACTIVATE = 'mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a) { active } }';
const PLUGIN = `query($k: String!) { plugin(key: $k) { active migrations { name appliedAt } pendingMigrations errors { stage message } } }`;
const ADD = 'mutation($s: ID!, $t: String!) { addStockNote(stockItem: $s, text: $t) { id text author stockItemId } }';

/** The sample's entity as the registry imported it (its module, not this file's import). */
function stockNoteEntityOf(plugin: StockNotesPlugin): typeof StockNoteEntity {
  return (plugin.constructor as typeof StockNotesPlugin).ENTITIES[0] as typeof StockNoteEntity;
}

async function tableExists(db: pg.Client, table: string): Promise<boolean> {
  return (await db.query('select to_regclass($1) is not null as ok', [table])).rows[0].ok as boolean;
}

async function migrationRows(db: pg.Client, key: string): Promise<string[]> {
  return (await db.query('select name from plugin_migrations where plugin_key = $1 order by name', [key])).rows.map(
    (r) => r.name as string,
  );
}

describe('AppMixin', () => {
  let s: TestServer;
  let db: pg.Client;
  let item: string;
  /** activatePlugin round trips (ms) by kind: with its migration, and with nothing to migrate. */
  const timings: Record<string, number[]> = {};

  const timedActivate = async (label: string) => {
    const t0 = performance.now();
    assert.equal(await s.setPluginActive(NOTES, true), true);
    timings[label] = [...(timings[label] ?? []), performance.now() - t0];
  };

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true', PLUGIN_DIR: APP_FIXTURES } });
    db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    const part = await mkPart(s, { name: 'Notebook part' });
    item = (await mkItem(s, { part: part.id, quantity: 3 })).id;
  });

  after(async () => {
    await db?.end();
    await s?.stop();
    if (Object.keys(timings).length)
      console.log(
        `AppMixin sample activation (ms): ${Object.entries(timings)
          .map(([k, v]) => `${k}: ${v.map((ms) => ms.toFixed(1)).join(' / ')}`)
          .join('; ')}`,
      );
  });

  it('an inactive AppMixin plugin has no table, no fields and pending migrations', async () => {
    assert.equal(await tableExists(db, NOTES_TABLE), false);
    const p = ok(await s.gql(PLUGIN, { k: NOTES }, s.adminToken)).plugin;
    assert.deepEqual(p.migrations, []);
    assert.deepEqual(p.pendingMigrations, ['CreateStockNotes']);
    const r = await s.gql('{ stockNotes(stockItem: "1") { id } }', {}, s.adminToken);
    assert.equal(errorCode(r), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('activation creates the table and the sample works at once (query, mutation, StockItem.notes)', async () => {
    await timedActivate('with its migration');
    assert.equal(await tableExists(db, NOTES_TABLE), true);
    const added = ok(await s.gql(ADD, { s: item, t: '  Check the seal  ' }, s.adminToken)).addStockNote;
    assert.deepEqual(
      { ...added, id: undefined },
      { id: undefined, text: 'Check the seal', author: 'admin', stockItemId: item },
    );
    ok(await s.gql(ADD, { s: item, t: 'Second note' }, s.adminToken));
    const listed = ok(await s.gql('query($s: ID!) { stockNotes(stockItem: $s) { text } }', { s: item }, s.adminToken));
    assert.deepEqual(
      listed.stockNotes.map((n: { text: string }) => n.text),
      ['Check the seal', 'Second note'],
    );
    const viaItem = ok(
      await s.gql('query($id: ID!) { stockItem(id: $id) { notes { text author } } }', { id: item }, s.adminToken),
    );
    assert.equal(viaItem.stockItem.notes.length, 2);
    // The foreign key to the core table is real.
    const fk = await db.query(
      `select confrelid::regclass::text as target from pg_constraint where conrelid = $1::regclass and contype = 'f'`,
      [NOTES_TABLE],
    );
    assert.deepEqual(
      fk.rows.map((r) => r.target),
      ['stock_items'],
    );
    const p = ok(await s.gql(PLUGIN, { k: NOTES }, s.adminToken)).plugin;
    assert.deepEqual(
      p.migrations.map((m: { name: string }) => m.name),
      ['CreateStockNotes'],
    );
    assert.ok(!Number.isNaN(Date.parse(p.migrations[0].appliedAt)));
    assert.deepEqual(p.pendingMigrations, []);
    assert.deepEqual(await migrationRows(db, NOTES), ['CreateStockNotes']);
  });

  it('bad input to the sample is a BAD_USER_INPUT naming the field and writes nothing', async () => {
    const before = (await db.query(`select count(*)::int as n from ${NOTES_TABLE}`)).rows[0].n;
    const r = await s.gql(ADD, { s: '999999', t: 'ghost' }, s.adminToken);
    assert.equal(errorCode(r), 'BAD_USER_INPUT');
    assert.equal(r.errors?.[0].extensions?.field, 'stockItem');
    const empty = await s.gql(ADD, { s: item, t: '   ' }, s.adminToken);
    assert.equal(empty.errors?.[0].extensions?.field, 'text');
    assert.equal((await db.query(`select count(*)::int as n from ${NOTES_TABLE}`)).rows[0].n, before);
  });

  it("the plugin's own EntityManager (for tasks, events, routes) knows its entities and the core ones", async () => {
    const plugin = s.app.services.plugins!.getPlugin(NOTES) as StockNotesPlugin;
    const notes = await plugin
      .em()
      .find(stockNoteEntityOf(plugin), { stockItem: Number(item) }, { populate: ['stockItem.part'] });
    assert.deepEqual(
      notes.map((n) => [n.text, n.stockItem.part.name]),
      [
        ['Check the seal', 'Notebook part'],
        ['Second note', 'Notebook part'],
      ],
    );
  });

  it('deactivation keeps the table and data; reactivation runs no migration and the notes are back', async () => {
    assert.equal(await s.setPluginActive(NOTES, false), false);
    assert.equal(
      errorCode(await s.gql('{ stockNotes(stockItem: "1") { id } }', {}, s.adminToken)),
      'GRAPHQL_VALIDATION_FAILED',
    );
    const field = await s.gql('query($id: ID!) { stockItem(id: $id) { notes { id } } }', { id: item }, s.adminToken);
    assert.equal(errorCode(field), 'GRAPHQL_VALIDATION_FAILED', 'StockItem.notes is gone too');
    assert.equal(await tableExists(db, NOTES_TABLE), true);
    const applied = (await db.query('select applied_at from plugin_migrations where plugin_key = $1', [NOTES])).rows;
    for (let i = 0; i < 5; i++) {
      await timedActivate('later (nothing to migrate)');
      await s.setPluginActive(NOTES, false);
    }
    await timedActivate('later (nothing to migrate)');
    const again = (await db.query('select applied_at from plugin_migrations where plugin_key = $1', [NOTES])).rows;
    assert.deepEqual(again, applied, 'no migration ran again');
    const listed = ok(await s.gql('query($s: ID!) { stockNotes(stockItem: $s) { text } }', { s: item }, s.adminToken));
    assert.equal(listed.stockNotes.length, 2);
  });

  it('a broken migration leaves nothing behind; the plugin stays inactive with a "migrate" error', async () => {
    const r = await s.gql(ACTIVATE, { k: 'broken-migration', a: true }, s.adminToken);
    assert.equal(errorCode(r), 'BAD_USER_INPUT');
    assert.match(
      r.errors![0].message,
      /Plugin "broken-migration" cannot be activated: \[migrate\] migration "CreateThings" failed: .*no_such_column/,
    );
    assert.equal(await tableExists(db, 'plugin_broken_migration_thing'), false);
    assert.deepEqual(await migrationRows(db, 'broken-migration'), []);
    const p = ok(await s.gql(PLUGIN, { k: 'broken-migration' }, s.adminToken)).plugin;
    assert.equal(p.active, false);
    assert.deepEqual(p.pendingMigrations, ['CreateThings']);
    assert.equal(p.errors[0]?.stage, 'migrate');
    const row = await db.query('select active from plugin_configs where key = $1', ['broken-migration']);
    assert.equal(row.rows[0].active, false);
    const status = ok(
      await s.gql('{ pluginRegistryStatus { migrationIssues { key pending failed } } }', {}, s.adminToken),
    ).pluginRegistryStatus;
    const issue = status.migrationIssues.find((i: { key: string }) => i.key === 'broken-migration');
    assert.deepEqual(issue.pending, ['CreateThings']);
    assert.match(issue.failed, /no_such_column/);
    // The sample (active, fully migrated) is not listed.
    assert.equal(
      status.migrationIssues.some((i: { key: string }) => i.key === NOTES),
      false,
    );
  });

  it('a plugin cannot create or alter a core table, nor declare an entity without a migration (load error naming it)', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'core-alter',
        /plugin 'core-alter' \(AppMixin\): migration "TouchCore": statement touches table "stock_items" outside the plugin's namespace "plugin_core_alter_\*"/,
      ],
      [
        'core-create',
        /plugin 'core-create' \(AppMixin\): migration "CreateExtra": statement touches table "users_extra" outside/,
      ],
      [
        'no-migration',
        /plugin 'no-migration' \(AppMixin\): entity "NoMigrationOrphan": no migration creates its table "plugin_no_migration_orphan"/,
      ],
    ];
    for (const [key, why] of cases) {
      const r = await s.gql(ACTIVATE, { k: key, a: true }, s.adminToken);
      assert.equal(errorCode(r), 'BAD_USER_INPUT', key);
      assert.match(r.errors![0].message, why);
      const p = ok(await s.gql(PLUGIN, { k: key }, s.adminToken)).plugin;
      assert.equal(p.active, false);
      assert.equal(p.errors[0]?.stage, 'load', key);
    }
    const cols = await db.query(
      `select 1 from information_schema.columns where table_name = 'stock_items' and column_name = 'sneaky'`,
    );
    assert.equal(cols.rowCount, 0);
    assert.equal(await tableExists(db, 'users_extra'), false);
    assert.equal(await tableExists(db, 'plugin_core_alter_ok'), false);
  });

  it("purgePluginData: superuser only, refused while active, drops only that plugin's tables, audited", async () => {
    const PURGE = 'mutation($k: String!) { purgePluginData(key: $k) { key droppedTables } }';
    // Another plugin's table next to the sample's, to see that purge leaves it alone.
    await db.query('create table plugin_other_keep (id int)');
    const staff = await s.userToken({ username: 'purge-staff', staff: true });
    assert.equal(errorCode(await s.gql(PURGE, { k: NOTES }, staff)), 'FORBIDDEN');
    const active = await s.gql(PURGE, { k: NOTES }, s.adminToken);
    assert.equal(errorCode(active), 'BAD_USER_INPUT');
    assert.match(active.errors![0].message, /Plugin "sample-stock-notes" is active/);
    assert.equal(await tableExists(db, NOTES_TABLE), true);
    assert.equal(errorCode(await s.gql(PURGE, { k: 'no-such-plugin' }, s.adminToken)), 'BAD_USER_INPUT');

    await s.setPluginActive(NOTES, false);
    // Another table referencing the sample's: the purge is refused and drops nothing.
    await db.query(`create table plugin_other_ref (note_id int references ${NOTES_TABLE} (id))`);
    const referenced = await s.gql(PURGE, { k: NOTES }, s.adminToken);
    assert.equal(errorCode(referenced), 'BAD_USER_INPUT');
    assert.match(referenced.errors![0].message, /table "plugin_sample_stock_notes_note" cannot be dropped/);
    assert.equal(await tableExists(db, NOTES_TABLE), true);
    assert.deepEqual(await migrationRows(db, NOTES), ['CreateStockNotes']);
    await db.query('drop table plugin_other_ref');
    const done = ok(await s.gql(PURGE, { k: NOTES }, s.adminToken)).purgePluginData;
    assert.deepEqual(done, { key: NOTES, droppedTables: [NOTES_TABLE] });
    assert.equal(await tableExists(db, NOTES_TABLE), false);
    assert.equal(await tableExists(db, 'plugin_other_keep'), true);
    assert.equal(await tableExists(db, 'stock_items'), true);
    assert.deepEqual(await migrationRows(db, NOTES), []);
    const audit = ok(
      await s.gql(
        'query($k: String) { pluginStateChanges(key: $k, limit: 1) { source username } }',
        { k: NOTES },
        s.adminToken,
      ),
    ).pluginStateChanges;
    assert.deepEqual(audit, [{ source: 'purge-data', username: 'admin' }]);
    // Activating again starts from scratch: the migration runs again and the table is empty.
    await timedActivate('with its migration');
    assert.equal((await db.query(`select count(*)::int as n from ${NOTES_TABLE}`)).rows[0].n, 0);
    await db.query('drop table plugin_other_keep');
  });

  it('CLI: plugins migrations KEY lists applied and pending; plugins migrate KEY applies them (inactive too)', async () => {
    const env = { DATABASE_URL: s.databaseUrl, PLUGIN_TESTING: 'true', PLUGIN_DIR: APP_FIXTURES };
    await s.setPluginActive(NOTES, false);
    ok(await s.gql('mutation($k: String!) { purgePluginData(key: $k) { key } }', { k: NOTES }, s.adminToken));
    const pending = await runCli(['plugins', 'migrations', NOTES], env);
    assert.equal(pending.code, 0, pending.stderr);
    assert.equal(pending.stdout.trim(), 'CreateStockNotes  pending');
    const run = await runCli(['plugins', 'migrate', NOTES], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /applied: CreateStockNotes/);
    assert.equal(await tableExists(db, NOTES_TABLE), true);
    const listed = await runCli(['plugins', 'migrations', NOTES], env);
    assert.match(listed.stdout, /^CreateStockNotes {2}\d{4}-\d\d-\d\dT/);
    assert.match((await runCli(['plugins', 'migrate', NOTES], env)).stdout, /no pending migrations/);
    const broken = await runCli(['plugins', 'migrate', 'broken-migration'], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /migration "CreateThings" failed/);
    assert.equal(await tableExists(db, 'plugin_broken_migration_thing'), false);
    const notApp = await runCli(['plugins', 'migrations', 'partgraph-core'], env);
    assert.equal(notApp.code, 1);
    assert.match(notApp.stderr, /does not use AppMixin/);
  });

  it('ENABLE_PLUGINS_APP off: activation runs no migration and em() refuses; on: the next activation migrates', async () => {
    await s.setPluginActive(NOTES, false);
    ok(await s.gql('mutation($k: String!) { purgePluginData(key: $k) { key } }', { k: NOTES }, s.adminToken));
    const plugin = () => s.app.services.plugins!.getPlugin(NOTES) as StockNotesPlugin;
    await s.setGlobalSetting('ENABLE_PLUGINS_APP', 'false');
    try {
      assert.equal(await s.setPluginActive(NOTES, true), true, 'the plugin itself still runs');
      assert.equal(await tableExists(db, NOTES_TABLE), false);
      assert.deepEqual(await migrationRows(db, NOTES), []);
      const p = ok(await s.gql(PLUGIN, { k: NOTES }, s.adminToken)).plugin;
      assert.deepEqual(p.pendingMigrations, ['CreateStockNotes']);
      assert.throws(() => plugin().em(), /sample-stock-notes.*ENABLE_PLUGINS_APP/);
      // Turning it on reaches the running plugin at its next start (as InvenTree's needs a restart).
      await s.setGlobalSetting('ENABLE_PLUGINS_APP', 'true');
      assert.equal(await tableExists(db, NOTES_TABLE), false);
      await s.setPluginActive(NOTES, false);
      await s.setPluginActive(NOTES, true);
    } finally {
      await s.setGlobalSetting('ENABLE_PLUGINS_APP', null);
    }
    assert.equal(await tableExists(db, NOTES_TABLE), true);
    assert.deepEqual(await migrationRows(db, NOTES), ['CreateStockNotes']);
    assert.deepEqual(await plugin().em().find(stockNoteEntityOf(plugin()), {}), []);
    ok(await s.gql(ADD, { s: item, t: 'after the switch' }, s.adminToken));
  });
});

describe('AppMixin across restarts and versions', () => {
  it('data survives a restart; the upgraded plugin applies exactly its one new migration', async () => {
    const database = await createTestDatabase('app');
    const db = new pg.Client({ connectionString: database.url });
    try {
      const v1 = await startTestServer({
        databaseUrl: database.url,
        keepDatabase: true,
        env: { PLUGIN_TESTING: 'true' },
      });
      let itemId: string;
      try {
        const part = await mkPart(v1, { name: 'Restart part' });
        itemId = (await mkItem(v1, { part: part.id, quantity: 1 })).id;
        await v1.setPluginActive(NOTES, true);
        ok(await v1.gql(ADD, { s: itemId, t: 'before restart' }, v1.adminToken));
      } finally {
        await v1.stop();
      }
      const again = await startTestServer({
        databaseUrl: database.url,
        keepDatabase: true,
        env: { PLUGIN_TESTING: 'true' },
      });
      try {
        const r = ok(
          await again.gql('query($s: ID!) { stockNotes(stockItem: $s) { text } }', { s: itemId }, again.adminToken),
        );
        assert.deepEqual(r.stockNotes, [{ text: 'before restart' }]);
      } finally {
        await again.stop();
      }
      await db.connect();
      const firstApplied = (await db.query('select applied_at from plugin_migrations where plugin_key = $1', [NOTES]))
        .rows;
      assert.equal(firstApplied.length, 1, 'the restart ran no migration');

      // Version 2 (same key, one more migration), still active: it migrates as it starts.
      const v2 = await startTestServer({
        databaseUrl: database.url,
        keepDatabase: true,
        env: { PLUGIN_DIR: V2_FIXTURES },
      });
      try {
        const p = ok(await v2.gql(PLUGIN, { k: NOTES }, v2.adminToken)).plugin;
        assert.equal(p.active, true);
        assert.deepEqual(
          p.migrations.map((m: { name: string }) => m.name),
          ['CreateStockNotes', 'AddPinnedToStockNotes'],
        );
        assert.deepEqual(p.pendingMigrations, []);
        const rows = (
          await db.query('select name, applied_at from plugin_migrations where plugin_key = $1 order by applied_at', [
            NOTES,
          ])
        ).rows;
        assert.equal(rows.length, 2);
        assert.deepEqual(rows[0].applied_at, firstApplied[0].applied_at, 'the first migration did not run again');
        ok(
          await v2.gql(
            'mutation($s: ID!) { addStockNote(stockItem: $s, text: "pinned one", pinned: true) { id } }',
            { s: itemId },
            v2.adminToken,
          ),
        );
        const listed = ok(
          await v2.gql('query($s: ID!) { stockNotes(stockItem: $s) { text pinned } }', { s: itemId }, v2.adminToken),
        );
        assert.deepEqual(listed.stockNotes, [
          { text: 'before restart', pinned: false },
          { text: 'pinned one', pinned: true },
        ]);
      } finally {
        await v2.stop();
      }
    } finally {
      await db.end().catch(() => undefined);
      await database.drop();
    }
  });

  it('without a restart: reactivating after an upgrade (reloadPlugins) applies only the new migration', async () => {
    const dirs = await fixtureDirs('plugins-app-v2');
    const file = path.join(dirs.plugins, 'stock-notes.js');
    const v2 = await readFile(file, 'utf8');
    // Version 1 made from version 2: no pinned column, only the first migration.
    const v1 = v2
      .replace("    pinned: { type: 'boolean', default: false },\n", '')
      .replace(
        'static MIGRATIONS = [CreateStockNotes, AddPinnedToStockNotes];',
        'static MIGRATIONS = [CreateStockNotes];',
      )
      .replace(/ {6}pinned: Boolean!\n/, '')
      .replace('pinned: n.pinned,', '')
      .replace('pinned: !!args.pinned,', '');
    assert.notEqual(v1, v2);
    await writeFile(file, v1);
    const s = await startTestServer({ env: { PLUGIN_DIR: dirs.plugins } });
    const db = new pg.Client({ connectionString: s.databaseUrl });
    try {
      await db.connect();
      const part = await mkPart(s, { name: 'Upgrade part' });
      const itemId = (await mkItem(s, { part: part.id, quantity: 1 })).id;
      await s.setPluginActive(NOTES, true);
      ok(await s.gql(ADD, { s: itemId, t: 'from v1' }, s.adminToken));
      assert.deepEqual(await migrationRows(db, NOTES), ['CreateStockNotes']);
      await s.setPluginActive(NOTES, false);

      await writeFile(file, v2);
      const later = new Date(Date.now() + 5000);
      await utimes(file, later, later);
      ok(await s.gql('mutation { reloadPlugins(collect: true) { activeKeys } }', {}, s.adminToken));
      const pending = ok(await s.gql(PLUGIN, { k: NOTES }, s.adminToken)).plugin.pendingMigrations;
      assert.deepEqual(pending, ['AddPinnedToStockNotes']);
      await s.setPluginActive(NOTES, true);
      assert.deepEqual(await migrationRows(db, NOTES), ['AddPinnedToStockNotes', 'CreateStockNotes']);
      ok(
        await s.gql(
          'mutation($s: ID!) { addStockNote(stockItem: $s, text: "from v2", pinned: true) { id } }',
          { s: itemId },
          s.adminToken,
        ),
      );
      const listed = ok(
        await s.gql('query($s: ID!) { stockNotes(stockItem: $s) { text pinned } }', { s: itemId }, s.adminToken),
      );
      assert.deepEqual(listed.stockNotes, [
        { text: 'from v1', pinned: false },
        { text: 'from v2', pinned: true },
      ]);
    } finally {
      await db.end().catch(() => undefined);
      await s.stop();
      await dirs.cleanup();
    }
  });

  it('two server processes activating at once apply each migration once', async () => {
    const database = await createTestDatabase('app');
    const procs: ServerProcess[] = [];
    try {
      const env = {
        DATABASE_URL: database.url,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        PLUGIN_TESTING: 'true',
      };
      procs.push(await startServerProcess(env));
      procs.push(await startServerProcess(env));
      const login = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
      const tokens = await Promise.all(
        procs.map(
          async (p) =>
            (await gqlAt(p.url, login, { u: ADMIN.username, p: ADMIN.password })).data!.login.token as string,
        ),
      );
      const results = await Promise.all(procs.map((p, i) => gqlAt(p.url, ACTIVATE, { k: NOTES, a: true }, tokens[i])));
      for (const r of results) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      for (const r of results) assert.equal(r.data!.activatePlugin.active, true);
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      try {
        assert.deepEqual(await migrationRows(db, NOTES), ['CreateStockNotes']);
      } finally {
        await db.end();
      }
      const applied = procs.map((p) => (p.output().match(/applied migration CreateStockNotes/g) ?? []).length);
      assert.equal(applied[0] + applied[1], 1, `applied counts per process: ${applied.join(', ')}`);
      // Both serve the sample.
      for (const [i, p] of procs.entries()) {
        const r = await gqlAt(p.url, '{ stockNotes(stockItem: "1") { id } }', {}, tokens[i]);
        assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      }
    } finally {
      for (const p of procs) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
      await database.drop();
    }
  });
});
