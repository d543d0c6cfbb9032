// Safe plugin toggles (issue 15), the preview of a plugin *upgrade* end to end: a folder plugin's
// files (entry and the helper module holding its schema) are replaced by version 2, and
// previewReloadPlugins classifies a real client's recorded operations against what a reload
// would serve — removed field → BROKEN, changed nullability → POTENTIALLY_AFFECTED, a new
// optional argument → unaffected (counted only) — while nothing is applied.
import assert from 'node:assert/strict';
import { cp, readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, fixtureDirs, type FixtureDirs } from './plugin-registry-helpers.js';
import { waitFor } from './events-helpers.js';
import { mkPart, ok } from './inventory-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

const KEY = 'reorder-hints';
const HINT = 'query Hint($id: ID!) { part(id: $id) { reorderHint(units: 5) } }';
const NOTE = 'query Note($id: ID!) { part(id: $id) { reorderNote } }';
const LEGACY = 'query Legacy($id: ID!) { part(id: $id) { reorderLegacy } }';
const CLIENT = { 'apollographql-client-name': 'buyer-app', 'apollographql-client-version': '3.1' };

const PREVIEW = `{ previewReloadPlugins { key schemaHashBefore schemaHashAfter
  added { coordinate kind } removed { coordinate kind } dangerousChanges { type description } unaffectedCount
  operations { operationName classification errors count clients { name version count } } } }`;

type Usage = { hash: string; operationName: string | null };

describe('safe plugin toggles: previewing a plugin upgrade (reloadPlugins)', () => {
  let dirs: FixtureDirs;
  let s: TestServer;
  const recordedUsage = async () =>
    ok(await s.gql('{ operationUsage(since: "1h") { hash operationName } }', {}, s.adminToken))
      .operationUsage as Usage[];

  before(async () => {
    dirs = await fixtureDirs('plugins-upgrade');
    s = await startTestServer({ env: { PLUGIN_DIR: dirs.plugins, OPERATION_USAGE_FLUSH_MS: '100' } });
    await s.setPluginActive(KEY, true);
  });

  after(async () => {
    await s?.stop();
    await dirs?.cleanup();
  });

  it('classifies recorded operations against the upgraded files without applying them', async () => {
    const part = await mkPart(s, { name: 'Hinted part' });
    const vars = { id: part.id };
    assert.equal(ok(await s.gql(HINT, vars, s.adminToken, CLIENT)).part.reorderHint, 'reorder 5 of Hinted part');
    assert.equal(ok(await s.gql(NOTE, vars, s.adminToken, CLIENT)).part.reorderNote, 'v1 note');
    for (let i = 0; i < 2; i++)
      assert.equal(ok(await s.gql(LEGACY, vars, s.adminToken, CLIENT)).part.reorderLegacy, 'legacy');
    // The preview reads flushed usage only: wait until all three operations reached Postgres.
    await waitFor('the usage flush', async () => {
      const names = (await recordedUsage()).map((o) => o.operationName);
      return ['Hint', 'Legacy', 'Note'].every((n) => names.includes(n));
    });
    // Settled: everything sent so far (this usage query too) is in Postgres; the preview sees it all.
    await new Promise((r) => setTimeout(r, 500));
    const usage = await recordedUsage();
    assert.ok(usage.some((o) => o.operationName === 'Hint'));

    // The upgrade: every file of the plugin folder replaced by version 2, with a newer mtime.
    const folder = path.join(dirs.plugins, KEY);
    const v2 = path.join(FIXTURES, 'plugins-upgrade-v2', KEY);
    await cp(v2, folder, { recursive: true, force: true });
    const later = new Date(Date.now() + 5000);
    for (const name of await readdir(folder)) await utimes(path.join(folder, name), later, later);
    const hash = s.app.holder.current.hash;

    const p = ok(await s.gql(PREVIEW, {}, s.adminToken)).previewReloadPlugins;
    assert.equal(p.key, 'reload');
    assert.equal(p.schemaHashBefore, hash);
    assert.notEqual(p.schemaHashAfter, hash);
    assert.deepEqual(p.removed, [{ coordinate: 'Part.reorderLegacy', kind: 'FIELD' }]);
    assert.ok(
      p.added.some((c: { coordinate: string }) => c.coordinate === 'Part.reorderHint(rounding:)'),
      JSON.stringify(p.added),
    );
    assert.ok(
      p.dangerousChanges.some((c: { type: string }) => c.type === 'OPTIONAL_ARG_ADDED'),
      JSON.stringify(p.dangerousChanges),
    );
    const byName = new Map(
      p.operations.map((o: { operationName: string; classification: string }) => [o.operationName, o]),
    );
    assert.deepEqual([...byName.keys()].sort(), ['Legacy', 'Note']);
    const legacy = byName.get('Legacy') as {
      classification: string;
      errors: string[];
      count: number;
      clients: unknown;
    };
    assert.equal(legacy.classification, 'BROKEN');
    assert.match(legacy.errors.join(), /reorderLegacy/);
    assert.equal(legacy.count, 2);
    assert.deepEqual(legacy.clients, [{ name: 'buyer-app', version: '3.1', count: 2 }]);
    const note = byName.get('Note') as { classification: string; errors: string[] };
    assert.equal(note.classification, 'POTENTIALLY_AFFECTED');
    assert.deepEqual(note.errors, []);
    // Hint (only gained an optional argument) and the harness's own operations are counted, not listed.
    assert.equal(p.unaffectedCount, usage.length - 2);

    // Nothing applied: the served schema and version 1's resolvers are still in place.
    assert.equal(s.app.holder.current.hash, hash);
    assert.equal(ok(await s.gql(LEGACY, vars, s.adminToken, CLIENT)).part.reorderLegacy, 'legacy');

    // The reload serves what the preview planned.
    ok(await s.gql('mutation { reloadPlugins(collect: true) { activeKeys } }', {}, s.adminToken));
    assert.equal(s.app.holder.current.hash, p.schemaHashAfter);
    assert.equal(
      ok(
        await s.gql(
          'query($id: ID!) { part(id: $id) { reorderHint(units: 2, rounding: 10) reorderNote } }',
          vars,
          s.adminToken,
        ),
      ).part.reorderHint,
      'reorder 2 (rounded to 10) of Hinted part',
    );
  });
});
