// The plugin data API (issue 11) over real HTTP and Postgres: a fixture plugin
// (test/fixtures/plugins-data/data-demo.js) reads and writes parts and stock through `plugin.data`
// from an SDL resolver, an event handler, a route, a scheduled task and an action. Its writes go
// through the same services as the GraphQL mutations: bad input fails with the same coded error
// and changes nothing, and the events they raise are the ones the mutations raise (string ids).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAST_JOBS, waitFor } from './events-helpers.js';
import { FIXTURES } from './plugin-registry-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;

describe('plugin data API', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { ...FAST_JOBS, PLUGIN_DIR: path.join(FIXTURES, 'plugins-data') } });
    assert.equal(await s.setPluginActive('data-demo', true), true);
  });
  after(() => s?.stop());

  const gql = (query: string, variables: Record<string, unknown> = {}) => s.gql(query, variables, s.adminToken);
  const createPart = async (input: Record<string, unknown>) => {
    const r = await gql('mutation($i: CreatePartInput!) { createPart(input: $i) { id name } }', { i: input });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.createPart as { id: string; name: string };
  };
  const partCount = async () => (await gql('{ parts(limit: 0) { totalCount } }')).data!.parts.totalCount as number;
  const codeOf = (errors: Errors) => {
    const e = errors?.[0];
    return e && { message: e.message, code: e.extensions?.code, field: e.extensions?.field };
  };
  const viaMutation = async (input: Record<string, unknown>) =>
    codeOf((await gql('mutation($i: CreatePartInput!) { createPart(input: $i) { id } }', { i: input })).errors);
  const viaDataApi = async (input: unknown) =>
    codeOf((await gql('mutation($i: JSONObject!) { dataDemoCreatePart(input: $i) { id } }', { i: input })).errors);

  it('a resolver reads through the data API what the GraphQL queries read', async () => {
    const made = [await createPart({ name: 'Reader A', ipn: 'RD-A' }), await createPart({ name: 'Reader B' })];
    const api = await gql('{ dataDemoParts(search: "reader") { id name description category } }');
    assert.equal(api.errors, undefined, JSON.stringify(api.errors));
    const core = await gql('{ parts(search: "reader") { items { id name description category { id } } } }');
    assert.deepEqual(
      api.data!.dataDemoParts,
      core.data!.parts.items.map((p: { category: { id: string } | null }) => ({
        ...p,
        category: p.category?.id ?? null,
      })),
    );
    assert.deepEqual(
      api.data!.dataDemoParts.map((p: { id: string }) => p.id),
      made.map((p) => p.id),
    );
  });

  it('a write with bad input fails with the same coded error as the mutation and changes nothing', async () => {
    await createPart({ name: 'Taken', ipn: 'TAKEN-1' });
    const before = await partCount();
    const bad = [
      { name: '' },
      { name: 'x', ipn: 'TAKEN-1' },
      { name: 'x', category: 'nope' },
      { name: 'x\u0000y' },
      { name: 'A Forbidden name' }, // refused by the plugin's own ValidationMixin hook
    ];
    for (const input of bad) {
      const expected = await viaMutation(input);
      assert.equal(expected?.code, 'BAD_USER_INPUT', JSON.stringify(input));
      assert.deepEqual(await viaDataApi(input), expected, JSON.stringify(input));
    }
    // What GraphQL's types refuse before the mutation runs, the data API refuses naming the field.
    assert.deepEqual(await viaDataApi({ name: 42 }), {
      message: 'name must be a string',
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    assert.equal((await viaDataApi({ name: 'x', colour: 'red' }))?.field, 'colour');
    assert.equal(await partCount(), before, 'nothing was written');
  });

  it('a data API write raises the same events as the mutation, with string ids', async () => {
    const last = (await gql('{ events(before: "999999999999", limit: 1) { id } }')).data!.events[0]?.id ?? '0';
    const byMutation = await createPart({ name: 'Same mut', ipn: 'SAME-1', units: 'pcs' });
    const r = await gql('mutation($i: JSONObject!) { dataDemoCreatePart(input: $i) { id name } }', {
      i: { name: 'Same api', ipn: 'SAME-2', units: 'pcs' },
    });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const byApi = r.data!.dataDemoCreatePart as { id: string };
    const events = (
      await gql(
        'query($a: ID) { events(after: $a, names: ["part.*"]) { name model instanceId data user { username } } }',
        {
          a: last,
        },
      )
    ).data!.events as Array<{ name: string; instanceId: string; data: Record<string, unknown> }>;
    assert.deepEqual(
      events.map((e) => `${e.name}#${e.instanceId}`),
      [`part.created#${byMutation.id}`, `part.created#${byApi.id}`],
    );
    const [m, a] = events as [(typeof events)[0], (typeof events)[0]];
    assert.equal(m.data.id, byMutation.id, 'the id in event data is the GraphQL id string');
    assert.equal(a.data.id, byApi.id);
    const shape = (e: typeof m) => ({ ...e, instanceId: '', data: { ...e.data, id: '', name: '', ipn: '' } });
    assert.deepEqual(shape(a), shape(m));
  });

  it('an event handler reads and updates the part through the data API', async () => {
    const part = await createPart({ name: 'DD-handler' });
    const seen = await waitFor('the handler to describe the part', async () => {
      const r = await gql('query($id: ID!) { part(id: $id) { description } }', { id: part.id });
      return r.data?.part.description || undefined;
    });
    assert.equal(seen, 'seen by handler: DD-handler (string)');
    const saved = await gql('query { events(names: ["part.saved"], limit: 1000) { instanceId user { username } } }');
    const mine = saved.data!.events.filter((e: { instanceId: string }) => e.instanceId === part.id);
    assert.deepEqual(mine, [{ instanceId: part.id, user: null }], 'a write outside a request records no user');
  });

  it('a route reads and adjusts stock through the data API; a refused adjustment changes nothing', async () => {
    const part = await createPart({ name: 'Routed part' });
    const res = await fetch(`${s.app.url.replace(/\/graphql$/, '')}/plugin/data-demo/parts/${part.id}`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.id, part.id);
    assert.equal(body.name, 'Routed part');
    assert.equal(body.category, null);

    const item = await gql('mutation($p: ID!) { createStockItem(input: { part: $p, quantity: 1 }) { id } }', {
      p: part.id,
    });
    const id = item.data!.createStockItem.id as string;
    const adjust = async (delta: unknown) => {
      const r = await fetch(`${s.app.url.replace(/\/graphql$/, '')}/plugin/data-demo/stock/${id}/adjust`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ delta }),
      });
      assert.equal(r.status, 200);
      return (await r.json()) as Record<string, unknown>;
    };
    const up = await adjust(2.5);
    assert.equal(up.quantity, 3.5);
    assert.equal(up.part, part.id);
    assert.deepEqual(await adjust(-10), { error: 'quantity must not be negative', code: 'BAD_USER_INPUT' });
    const now = await gql('query($id: ID!) { stockItem(id: $id) { quantity } }', { id });
    assert.equal(now.data!.stockItem.quantity, 3.5, 'the refused adjustment changed nothing');
    const saved = await gql(
      'query { events(names: ["stockitem.saved"], limit: 1000) { instanceId user { username } } }',
    );
    const mine = saved.data!.events.filter((e: { instanceId: string }) => e.instanceId === id);
    assert.deepEqual(mine, [{ instanceId: id, user: { username: 'admin' } }], 'one event, by the route caller');
  });

  it('a scheduled task finds and updates parts through the data API', async () => {
    const part = await createPart({ name: 'Sched-one' });
    const other = await createPart({ name: 'Unscheduled' });
    // Run the task now, as a due occurrence would, instead of waiting for the day to turn.
    await s.app.services.jobs!.send('partgraph.plugin-task', { plugin: 'data-demo', task: 'tag' });
    const description = (id: string) =>
      gql('query($id: ID!) { part(id: $id) { description } }', { id }).then((r) => r.data!.part.description);
    await waitFor('the task to tag the part', async () => (await description(part.id)) === 'tagged by schedule');
    assert.equal(await description(other.id), '', 'only what the task found');
  });

  it('an action creates stock through the data API', async () => {
    const part = await createPart({ name: 'Action part' });
    const r = await gql('mutation($d: JSONObject) { pluginAction(action: "data-demo", data: $d) { result } }', {
      d: { part: part.id, quantity: 3 },
    });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const result = r.data!.pluginAction.result as Record<string, unknown>;
    assert.equal(result.part, part.id);
    assert.equal(result.quantity, 3);
    assert.equal(typeof result.id, 'string');
    const listed = await gql('query($p: ID) { stockItems(part: $p) { items { id quantity } } }', { p: part.id });
    assert.deepEqual(listed.data!.stockItems.items, [{ id: result.id, quantity: 3 }]);

    // Outside a request's context the server's ValidationMixin plugins still run: same error as the mutation.
    const viaAction = await gql('mutation($d: JSONObject) { pluginAction(action: "data-demo", data: $d) { result } }', {
      d: { part: part.id, quantity: 1, batch: 'BAD-BATCH' },
    });
    const viaMutation = await gql(
      'mutation($p: ID!) { createStockItem(input: { part: $p, batch: "BAD-BATCH" }) { id } }',
      {
        p: part.id,
      },
    );
    assert.equal(viaMutation.errors?.[0]?.extensions?.field, 'batch');
    // pluginAction wraps what the plugin raised (PLUGIN_ACTION_FAILED), keeping its message and code.
    const wrapped = viaAction.errors?.[0];
    assert.equal(wrapped?.extensions?.code, 'PLUGIN_ACTION_FAILED');
    assert.equal(wrapped?.extensions?.pluginCode, viaMutation.errors?.[0]?.extensions?.code);
    assert.equal(wrapped?.message, viaMutation.errors?.[0]?.message);
    const after = await gql('query($p: ID) { stockItems(part: $p) { totalCount } }', { p: part.id });
    assert.equal(after.data!.stockItems.totalCount, 1, 'the refused write changed nothing');
  });
});
