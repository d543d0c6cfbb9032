// Safe plugin toggles (issue 15) end to end on real Postgres, HTTP and WebSocket: usage recorded
// by two server processes (one flushes in batches, the other only at shutdown), the preview's
// classification of those operations, PLUGIN_TOGGLE_GUARD block/force/warn with
// plugin.breaking_change events, the schema history with its diff and /schema/<hash>.graphql,
// and the CLI's preview and guarded deactivate.
import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { fixtureDirs, runCli, type FixtureDirs } from './plugin-registry-helpers.js';
import { startServerProcess, gqlAt, type ServerProcess } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient, wsQuery } from './support/ws.js';

const USES_EXTRA = 'query UsesExtra { toggleExtra }';
const USES_BLUE = 'query UsesBlue { toggleWidget(color: BLUE) }';
const USES_RESULT = 'query UsesResult { toggleResult { __typename ... on ToggleRed { red } } }';
const PLAIN = 'query Plain { toggleWidget(color: RED) }';

const PREVIEW = `query($k: String!, $a: Boolean!) { previewPluginChange(key: $k, active: $a) {
  key active schemaHashBefore schemaHashAfter added { coordinate kind } removed { coordinate kind }
  breakingChanges { type description } dangerousChanges { type description } unaffectedCount
  operations { hash operationName operationType classification errors count lastSeen clients { name version count } } } }`;

const ACTIVATE = `mutation($k: String!, $a: Boolean!, $f: Boolean!) { activatePlugin(key: $k, active: $a, force: $f) {
  active brokenOperations { operationName classification clients { name version } } } }`;

type Impact = { operationName: string; classification: string; errors: string[]; count: number };

describe('safe plugin toggles', () => {
  let dirs: FixtureDirs;
  let s: TestServer;
  let child: ServerProcess | undefined;
  let userToken: string;

  const setGuard = async (mode: string) => {
    const r = await s.gql(
      'mutation($v: String) { updateGlobalSetting(key: "PLUGIN_TOGGLE_GUARD", value: $v) { key } }',
      {
        v: mode,
      },
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  };
  const breakingEvents = async () =>
    (await s.app.orm.em
      .fork()
      .getConnection()
      .execute(`select data from events where name = 'plugin.breaking_change' order by id`)) as Array<{
      data: {
        key: string;
        blocked: boolean;
        forced: boolean;
        mode: string;
        operations: Array<{ operationName: string }>;
      };
    }>;

  before(async () => {
    dirs = await fixtureDirs('plugins-toggles');
    s = await startTestServer({ env: { PLUGIN_DIR: dirs.plugins, OPERATION_USAGE_FLUSH_MS: '200' } });
    await s.setPluginActive('toggle-widgets', true);
    await s.setPluginActive('toggle-extras', true);
    userToken = await s.userToken({ username: 'toggle-user' });
  });

  after(async () => {
    if (child && child.child.exitCode === null) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
    await s?.stop();
    await dirs?.cleanup();
  });

  it('records operations from HTTP and WebSocket in two processes, in batches and at shutdown', async () => {
    // The second process writes only at shutdown (its flush interval is ten minutes).
    child = await startServerProcess({
      DATABASE_URL: s.databaseUrl,
      PLUGIN_DIR: dirs.plugins,
      OPERATION_USAGE_FLUSH_MS: '600000',
    });
    const headers = { 'x-client-name': 'mobile', 'x-client-version': '1.2' };
    for (let i = 0; i < 2; i++)
      assert.equal((await s.gql(USES_EXTRA, {}, s.adminToken, headers)).data?.toggleExtra, 'extra');
    assert.equal((await s.gql(PLAIN, {}, userToken)).data?.toggleWidget, 'widget RED');
    const ws = createClient({
      url: child.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: {
        authorization: `Bearer ${s.adminToken}`,
        'apollographql-client-name': 'dashboard',
        'apollographql-client-version': '7',
      },
    });
    assert.deepEqual((await wsQuery(ws, USES_BLUE)).data, { toggleWidget: 'widget BLUE' });
    await ws.dispose();
    assert.equal((await gqlAt(child.url, USES_RESULT, {}, s.adminToken)).data?.toggleResult.red, 'red');
    // Not executed (invalid): not recorded.
    assert.ok((await s.gql('query Nope { noSuchField }', {}, s.adminToken)).errors);
    child.child.kill('SIGTERM');
    assert.equal(await child.exited, 0);

    const r = await s.gql(
      '{ operationUsage(since: "1h") { hash operationName operationType document coordinates count roles clients { name version count } } }',
      {},
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    // The harness's own sign-in and toggles are recorded too (anonymous operations).
    const named = r.data!.operationUsage.filter((o: { operationName: string | null }) => o.operationName);
    const ops = new Map(named.map((o: { operationName: string }) => [o.operationName, o]));
    assert.deepEqual([...ops.keys()].sort(), ['Plain', 'UsesBlue', 'UsesExtra', 'UsesResult']);
    const extra = ops.get('UsesExtra') as any;
    assert.equal(extra.count, 2);
    assert.deepEqual(extra.clients, [{ name: 'mobile', version: '1.2', count: 2 }]);
    assert.deepEqual(extra.roles, ['superuser']);
    assert.deepEqual((ops.get('Plain') as any).roles, ['user']);
    assert.equal(extra.document, '{toggleExtra}'.replace('{', 'query UsesExtra{'));
    assert.ok(extra.coordinates.includes('Query.toggleExtra'));
    const blue = ops.get('UsesBlue') as any;
    assert.deepEqual(blue.clients, [{ name: 'dashboard', version: '7', count: 1 }]);
    assert.ok(blue.coordinates.includes('ToggleColor.BLUE'));
    assert.deepEqual((ops.get('UsesResult') as any).clients, [{ name: 'unknown', version: 'unknown', count: 1 }]);

    const byClient = await s.gql('{ operationUsage(client: "mobile") { operationName } }', {}, s.adminToken);
    assert.deepEqual(byClient.data!.operationUsage, [{ operationName: 'UsesExtra' }]);
    const coord = await s.gql(
      '{ schemaCoordinateUsage(coordinate: "ToggleColor.BLUE") { coordinate count clients { name } operations { operationName } } }',
      {},
      s.adminToken,
    );
    assert.deepEqual(coord.data!.schemaCoordinateUsage, {
      coordinate: 'ToggleColor.BLUE',
      count: 1,
      clients: [{ name: 'dashboard' }],
      operations: [{ operationName: 'UsesBlue' }],
    });
    const bad = await s.gql('{ operationUsage(since: "soon") { hash } }', {}, s.adminToken);
    assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const denied = await s.gql('{ operationUsage { hash } }', {}, userToken);
    assert.equal(denied.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });

  it('previews a toggle: removed field and enum value in use are BROKEN, a changed union POTENTIALLY_AFFECTED', async () => {
    const hash = s.app.holder.current.hash;
    const r = await s.gql(PREVIEW, { k: 'toggle-extras', a: false }, s.adminToken);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const p = r.data!.previewPluginChange;
    assert.equal(p.schemaHashBefore, hash);
    assert.notEqual(p.schemaHashAfter, hash);
    const removed = p.removed.map((c: { coordinate: string; kind: string }) => `${c.kind} ${c.coordinate}`);
    for (const c of ['FIELD Query.toggleExtra', 'ENUM_VALUE ToggleColor.BLUE', 'TYPE ToggleBlue'])
      assert.ok(removed.includes(c), `${c} in ${removed}`);
    assert.deepEqual(p.added, []);
    assert.ok(p.breakingChanges.some((c: { type: string }) => c.type === 'FIELD_REMOVED'));
    const byName = new Map<string, Impact>(p.operations.map((o: Impact) => [o.operationName, o]));
    assert.equal(byName.get('UsesExtra')?.classification, 'BROKEN');
    assert.match(byName.get('UsesExtra')!.errors.join(), /toggleExtra/);
    assert.equal(byName.get('UsesBlue')?.classification, 'BROKEN');
    assert.match(byName.get('UsesBlue')!.errors.join(), /BLUE/);
    assert.equal(byName.get('UsesResult')?.classification, 'POTENTIALLY_AFFECTED');
    assert.equal(byName.has('Plain'), false);
    // Plain and the harness's own operations (sign-in, toggles, usage queries).
    assert.ok(p.unaffectedCount >= 1);
    // Nothing changed.
    assert.equal(s.app.holder.current.hash, hash);
    assert.equal((await s.gql(USES_EXTRA, {}, s.adminToken)).data?.toggleExtra, 'extra');

    const sw = await s.gql(
      '{ previewGlobalSwitchChange(key: "ENABLE_PLUGINS_GRAPHQL", active: false) { operations { operationName classification } } }',
      {},
      s.adminToken,
    );
    const all = sw.data!.previewGlobalSwitchChange.operations.map(
      (o: Impact) => `${o.operationName} ${o.classification}`,
    );
    for (const name of ['Plain', 'UsesBlue', 'UsesExtra']) assert.ok(all.includes(`${name} BROKEN`), String(all));
    const unknown = await s.gql(PREVIEW, { k: 'nope', a: false }, s.adminToken);
    assert.equal(unknown.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  });

  it('previews reloadPlugins: a changed plugin file that drops a field breaks its users; nothing is applied', async () => {
    const file = path.join(dirs.plugins, 'toggle-extras.js');
    const original = await readFile(file, 'utf8');
    const hash = s.app.holder.current.hash;
    // The field is renamed in the typeDefs and the resolver map.
    await writeFile(file, original.replaceAll('toggleExtra:', 'toggleExtra2:'));
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    try {
      const r = await s.gql(
        '{ previewReloadPlugins { key removed { coordinate } added { coordinate } operations { operationName classification } } }',
        {},
        s.adminToken,
      );
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      const p = r.data!.previewReloadPlugins;
      assert.deepEqual(p.removed, [{ coordinate: 'Query.toggleExtra' }]);
      assert.deepEqual(p.added, [{ coordinate: 'Query.toggleExtra2' }]);
      assert.deepEqual(p.operations, [{ operationName: 'UsesExtra', classification: 'BROKEN' }]);
      assert.equal(s.app.holder.current.hash, hash);
      assert.equal((await s.gql(USES_EXTRA, {}, s.adminToken)).data?.toggleExtra, 'extra');
    } finally {
      await writeFile(file, original);
    }
  });

  it('PLUGIN_TOGGLE_GUARD: block refuses with BREAKING_CHANGE, force passes (audited), warn proceeds and lists', async () => {
    await setGuard('block');
    const refused = await s.gql(ACTIVATE, { k: 'toggle-extras', a: false, f: false }, s.adminToken);
    assert.equal(refused.errors?.[0]?.extensions?.code, 'BREAKING_CHANGE');
    const listed = (refused.errors![0]!.extensions!.operations as Array<{ operationName: string }>).map(
      (o) => o.operationName,
    );
    assert.deepEqual(listed.sort(), ['UsesBlue', 'UsesExtra']);
    assert.equal((await s.gql(USES_EXTRA, {}, s.adminToken)).data?.toggleExtra, 'extra');
    assert.equal((await breakingEvents()).at(-1)?.data.blocked, true);

    const forced = await s.gql(ACTIVATE, { k: 'toggle-extras', a: false, f: true }, s.adminToken);
    assert.equal(forced.errors, undefined, JSON.stringify(forced.errors));
    assert.equal(forced.data!.activatePlugin.active, false);
    assert.deepEqual(forced.data!.activatePlugin.brokenOperations.map((o: Impact) => o.operationName).sort(), [
      'UsesBlue',
      'UsesExtra',
    ]);
    const audit = await s.gql(
      '{ pluginStateChanges(key: "toggle-extras", limit: 1) { toActive forced } }',
      {},
      s.adminToken,
    );
    assert.deepEqual(audit.data!.pluginStateChanges, [{ toActive: false, forced: true }]);

    await setGuard('warn');
    const on = await s.gql(ACTIVATE, { k: 'toggle-extras', a: true, f: false }, s.adminToken);
    assert.deepEqual(on.data!.activatePlugin.brokenOperations, []);
    const warned = await s.gql(ACTIVATE, { k: 'toggle-extras', a: false, f: false }, s.adminToken);
    assert.equal(warned.errors, undefined);
    assert.equal(warned.data!.activatePlugin.active, false);
    assert.equal(warned.data!.activatePlugin.brokenOperations.length, 2);
    const warnAudit = await s.gql(
      '{ pluginStateChanges(key: "toggle-extras", limit: 1) { toActive forced } }',
      {},
      s.adminToken,
    );
    assert.deepEqual(warnAudit.data!.pluginStateChanges, [{ toActive: false, forced: false }]);
    const events = await breakingEvents();
    assert.deepEqual(
      events.map((e) => `${e.data.mode} blocked=${e.data.blocked} forced=${e.data.forced}`),
      ['block blocked=true forced=false', 'block blocked=false forced=true', 'warn blocked=false forced=false'],
    );
    assert.deepEqual(events[0]!.data.operations.map((o) => o.operationName).sort(), ['UsesBlue', 'UsesExtra']);
  });

  it('keeps every composed schema version with who and why, diffs them and serves their SDL to staff', async () => {
    const r = await s.gql(
      '{ schemaVersions(first: 50) { hash activeKeys reason username switches createdAt lastActiveAt } }',
      {},
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const versions = r.data!.schemaVersions as Array<{
      hash: string;
      activeKeys: string[];
      reason: string;
      username: string | null;
      createdAt: string;
      lastActiveAt: string;
    }>;
    // Start-up (none), widgets, widgets+extras; toggling back re-uses kept hashes.
    assert.equal(versions.length, 3);
    assert.equal(new Set(versions.map((v) => v.hash)).size, 3);
    assert.deepEqual(
      versions.map((v) => v.reason),
      ['toggle', 'toggle', 'start-up'],
    );
    assert.equal(versions[0]!.username, 'admin');
    const withExtras = versions.find((v) => v.activeKeys.includes('toggle-extras'))!;
    const widgetsOnly = versions.find(
      (v) => v.activeKeys.includes('toggle-widgets') && !v.activeKeys.includes('toggle-extras'),
    )!;
    assert.equal(s.app.holder.current.hash, widgetsOnly.hash);
    // Put back in service after extras went off: its row's lastActiveAt moved.
    const at = (t: string) => new Date(t).getTime();
    assert.ok(at(widgetsOnly.lastActiveAt) > at(widgetsOnly.createdAt), JSON.stringify(widgetsOnly));
    for (const v of versions) assert.ok(at(widgetsOnly.lastActiveAt) >= at(v.lastActiveAt), JSON.stringify(versions));
    const page = await s.gql(
      'query($a: String) { schemaVersions(first: 1, after: $a) { hash } }',
      { a: versions[0]!.hash },
      s.adminToken,
    );
    assert.deepEqual(page.data!.schemaVersions, [{ hash: versions[1]!.hash }]);

    const d = await s.gql(
      'query($f: String!, $t: String!) { schemaDiff(from: $f, to: $t) { changes { coordinate kind change breaking dangerous } breakingChanges { type } } }',
      { f: withExtras.hash, t: widgetsOnly.hash },
      s.adminToken,
    );
    const changes = new Map(d.data!.schemaDiff.changes.map((c: { coordinate: string }) => [c.coordinate, c]));
    assert.deepEqual(changes.get('Query.toggleExtra'), {
      coordinate: 'Query.toggleExtra',
      kind: 'FIELD',
      change: 'REMOVED',
      breaking: true,
      dangerous: false,
    });
    assert.equal((changes.get('ToggleColor.BLUE') as { breaking: boolean }).breaking, true);
    assert.equal((changes.get('ToggleResult') as { change: string }).change, 'CHANGED');
    assert.equal(changes.has('Query.toggleWidget'), false);
    const sdl = await s.gql(
      'query($h: String!) { schemaVersion(hash: $h) { sdl } }',
      { h: withExtras.hash },
      s.adminToken,
    );
    assert.match(sdl.data!.schemaVersion.sdl, /toggleExtra: String/);

    const base = s.url.replace(/\/graphql$/, '');
    const get = (path: string, token?: string) =>
      fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const ok = await get(`/schema/${withExtras.hash}.graphql`, s.adminToken);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /toggleExtra: String/);
    assert.equal((await get(`/schema/${withExtras.hash}.graphql`)).status, 401);
    assert.equal((await get(`/schema/${withExtras.hash}.graphql`, userToken)).status, 403);
    assert.equal((await get('/schema/0123456789abcdef.graphql', s.adminToken)).status, 404);
  });

  it('CLI: plugins preview lists what breaks; deactivate is refused under block unless --force', async () => {
    const env = { DATABASE_URL: s.databaseUrl, PLUGIN_DIR: dirs.plugins };
    const preview = await runCli(['plugins', 'preview', 'toggle-widgets', '--off'], env);
    assert.equal(preview.code, 3, preview.stderr);
    assert.match(preview.stdout, /REMOVED\s+FIELD\s+Query\.toggleWidget \[breaking\]/);
    assert.match(preview.stdout, /BROKEN query Plain .*clients: unknown@unknown/);
    // Already invalid while toggle-extras is off: not broken by this change.
    assert.doesNotMatch(preview.stdout, /BROKEN query UsesBlue/);
    await setGuard('block');
    const refused = await runCli(['plugins', 'deactivate', 'toggle-widgets'], env);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /would break 2 operation\(s\).*\(Plain, UsesResult\)/);
    assert.equal((await s.gql(PLAIN, {}, userToken)).data?.toggleWidget, 'widget RED');
    const forced = await runCli(['plugins', 'deactivate', 'toggle-widgets', '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /deactivated \(forced\)[\s\S]*BROKEN query Plain/);
  });

  it("deprecation grace: a disabled plugin's fields stay deprecated and fail until the grace runs out", async () => {
    await setGuard('block');
    await s.setPluginActive('toggle-grace', true);
    assert.equal((await s.gql('query UsesGrace { graceHello }', {}, s.adminToken)).data?.graceHello, 'hello');
    // A subscription on the plugin is ended when it is disabled, grace or not.
    const ticks: Array<{ data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }> = [];
    const sub = wsClient({ url: s.url, token: s.adminToken });
    let completed = false;
    sub.subscribe(
      { query: 'subscription { graceTicks }' },
      {
        next: (r) => void ticks.push(r as (typeof ticks)[number]),
        error: () => undefined,
        complete: () => (completed = true),
      },
    );
    const subscribedBy = Date.now() + 5000;
    while (!ticks.length) {
      assert.ok(Date.now() < subscribedBy, 'no tick from the subscription');
      await new Promise((r) => setTimeout(r, 50));
    }
    const p = await s.gql(PREVIEW, { k: 'toggle-grace', a: false }, s.adminToken);
    const grace = p.data!.previewPluginChange.operations.find((o: Impact) => o.operationName === 'UsesGrace');
    assert.equal(grace?.classification, 'POTENTIALLY_AFFECTED');
    assert.deepEqual(p.data!.previewPluginChange.removed, []);
    // Nothing breaks, so even `block` lets it through without force.
    assert.equal(await s.setPluginActive('toggle-grace', false), false);
    const fields = await s.gql(
      '{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }',
      {},
      s.adminToken,
    );
    const field = fields.data!.__type.fields.find((f: { name: string }) => f.name === 'graceHello');
    assert.equal(field?.isDeprecated, true);
    assert.match(field.deprecationReason, /^plugin toggle-grace disabled at \S+; removed after \S+$/);
    const call = await s.gql('{ graceHello }', {}, s.adminToken);
    assert.equal(call.errors?.[0]?.extensions?.code, 'PLUGIN_DISABLED');
    const endedBy = Date.now() + 5000;
    while (!completed) {
      assert.ok(Date.now() < endedBy, 'the subscription was not ended');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(ticks.at(-1)?.errors?.[0]?.extensions?.code, 'SUBSCRIPTION_FIELD_REMOVED');
    await sub.dispose();

    await setGuard('off');
    await s.setPluginActive('toggle-grace-short', true);
    await s.setPluginActive('toggle-grace-short', false);
    assert.equal((await s.gql('{ graceShort }', {}, s.adminToken)).errors?.[0]?.extensions?.code, 'PLUGIN_DISABLED');
    const until = Date.now() + 10_000;
    while (s.app.holder.current.sdl.includes('graceShort')) {
      assert.ok(Date.now() < until, 'graceShort is still served 10 s after a grace of 2 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(s.app.holder.current.sdl, /graceHello: String @deprecated/);
  });
});

describe('OPERATION_USAGE=false', () => {
  it('records nothing', async () => {
    const t = await startTestServer({ env: { OPERATION_USAGE: 'false' } });
    try {
      assert.equal(t.app.services.usage, undefined);
      assert.equal((await t.gql('query Probe { __typename }', {}, t.adminToken)).data?.__typename, 'Query');
      const r = await t.gql('{ operationUsage(since: "1h") { hash } }', {}, t.adminToken);
      assert.deepEqual(r.data!.operationUsage, []);
    } finally {
      await t.stop();
    }
  });
});
