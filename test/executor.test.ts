// Compiled execution (EXECUTOR=jit) answers exactly like graphql-js: two servers on one database,
// one per executor, get the same representative operations (lists, details, fragments, @include,
// unions, introspection, resolver errors, variable coercion errors, anonymous access, failed
// mutations) and must return the same `data`, HTTP status and error paths and codes. The compiled
// cache is dropped on every swap: a field a toggle removes is refused at once, and a field that
// comes back runs on the new schema's resolvers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkCategory, mkItem, mkLocation, mkPart, ok } from './inventory-helpers.js';
import { startTestServer, type GqlResult, type TestServer } from './support/server.js';

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  anonymous?: boolean;
}

/** What must be identical between executors (messages of internal errors carry request ids). */
function comparable(r: GqlResult): unknown {
  return {
    status: r.status,
    data: r.data,
    errors: r.errors?.map((e) => ({
      path: e.path,
      code: e.extensions?.code,
      field: e.extensions?.field,
      message: e.extensions?.code === 'INTERNAL_SERVER_ERROR' ? undefined : e.message,
    })),
  };
}

describe('executor equivalence: graphql-jit vs graphql-js', () => {
  let jit: TestServer;
  let js: TestServer;
  let cases: Case[];

  before(async () => {
    jit = await startTestServer({ env: { EXECUTOR: 'jit', PLUGIN_TESTING: 'true' } });
    // Activated before the second server starts, which then loads it from the database (two apps in
    // one process do not follow each other's toggles reliably).
    assert.equal(await jit.setPluginActive('sample-sdl-greeter', true), true);
    js = await startTestServer({
      databaseUrl: jit.databaseUrl,
      env: { EXECUTOR: 'graphql-js', PLUGIN_TESTING: 'true' },
    });
    const root = await mkCategory(jit, 'Electronics');
    const sub = await mkCategory(jit, 'Resistors', root.id);
    const shelf = await mkLocation(jit, 'Shelf');
    const p1 = await mkPart(jit, { name: 'R 10k', ipn: 'R-10K', category: sub.id });
    const p2 = await mkPart(jit, { name: 'Board', category: root.id, trackable: true });
    await mkItem(jit, { part: p1.id, location: shelf.id, quantity: 100 });
    await mkItem(jit, { part: p2.id, location: shelf.id, serial: 'SN-1' });
    await mkItem(jit, { part: p1.id, quantity: 5, batch: 'B1' });
    const barcode = ok(await jit.gql('query($id: ID!) { part(id: $id) { barcode } }', { id: p1.id }, jit.adminToken))
      .part.barcode as string;
    const partFields = 'fragment P on Part { id name ipn active trackable category { id name path parent { name } } }';
    cases = [
      {
        name: 'list with nested objects',
        query: '{ parts(limit: 20) { totalCount items { id name ipn category { id name } stockItemCount } } }',
      },
      {
        name: 'detail with a fragment, aliases and @include/@skip from variables',
        query: `query($id: ID!, $more: Boolean!) { a: part(id: $id) { ...P createdAt } b: part(id: $id) @skip(if: $more) { name } c: part(id: $id) { description @include(if: $more) units } } ${partFields}`,
        variables: { id: p1.id, more: true },
      },
      {
        name: 'a missing part is null',
        query: 'query($id: ID!) { part(id: $id) { id } }',
        variables: { id: '999999' },
      },
      {
        name: 'tree, children and __typename',
        query:
          '{ partCategories(topLevel: true) { totalCount items { __typename id name partCount children { name path } } } }',
      },
      {
        name: 'stock items with enum, nullable location and part',
        query:
          '{ stockItems(limit: 10, orderBy: QUANTITY, direction: DESC) { totalCount items { quantity serial batch status location { name } part { name } } } }',
      },
      { name: 'me', query: '{ me { username isStaff isSuperuser } }' },
      {
        name: 'union with inline fragments (barcode scan)',
        query: `mutation($b: String!) { scanBarcode(barcode: $b) { barcode plugin model match { __typename ... on Part { name } ... on StockLocation { name } } } }`,
        variables: { b: barcode },
      },
      {
        name: 'a plugin field on a core type and a plugin query',
        query: '{ stockLocations { items { name sampleHello } } sampleGreeting(punctuation: "?") { text shout } }',
      },
      { name: 'introspection', query: '{ __type(name: "Part") { name fields { name type { kind name } } } }' },
      {
        name: 'variable coercion error',
        query: 'query($l: Int!) { parts(limit: $l) { totalCount } }',
        variables: { l: 'many' },
      },
      { name: 'missing variable', query: 'query($id: ID!) { part(id: $id) { id } }' },
      { name: 'resolver error: BAD_USER_INPUT', query: '{ parts(offset: -1) { totalCount } }' },
      {
        name: 'error in one field, data in the other',
        query: '{ ok: parts(limit: 1) { totalCount } bad: parts(offset: -1) { totalCount } }',
      },
      { name: 'anonymous access refused', query: '{ parts { totalCount } }', anonymous: true },
      { name: 'anonymous __typename allowed', query: '{ __typename }', anonymous: true },
      {
        name: 'failed mutation: BAD_USER_INPUT naming the field',
        query: 'mutation { createPart(input: { name: "" }) { id } }',
      },
      {
        name: 'failed mutation: unknown id',
        query: 'mutation { updatePart(id: "999999", input: { name: "x" }) { id } }',
      },
      { name: 'validation error', query: '{ parts { nope } }' },
      { name: 'serverStatus schema hash', query: '{ serverStatus { schemaHash version } }' },
    ];
  });

  after(async () => {
    await js?.stop();
    await jit?.stop();
  });

  it('every representative operation gives the same data, status, error paths and codes', async () => {
    for (const c of cases) {
      const run = (s: TestServer) => s.gql(c.query, c.variables, c.anonymous ? undefined : s.adminToken);
      // Twice on the compiled side: the second run comes from the cache.
      const [a1, a2, b] = [await run(jit), await run(jit), await run(js)];
      assert.deepEqual(comparable(a1), comparable(b), `${c.name}: jit vs graphql-js`);
      assert.deepEqual(comparable(a2), comparable(b), `${c.name}: cached jit vs graphql-js`);
    }
    const status = ok(
      await jit.gql('{ serverStatus { executor compiledOperations executorFallbacks } }', {}, jit.adminToken),
    );
    assert.equal(status.serverStatus.executor, 'jit');
    assert.ok(status.serverStatus.compiledOperations > 10, JSON.stringify(status));
    // The union (scanBarcode.match) resolves through an async resolveType: graphql-js runs it.
    assert.equal(status.serverStatus.executorFallbacks, 2, JSON.stringify(status));
    const other = ok(await js.gql('{ serverStatus { executor compiledOperations } }', {}, js.adminToken));
    assert.deepEqual(other.serverStatus, { executor: 'graphql-js', compiledOperations: 0 });
  });
});

describe('compiled-query cache and schema swaps', () => {
  let jit: TestServer;
  before(async () => {
    jit = await startTestServer({ env: { EXECUTOR: 'jit', PLUGIN_TESTING: 'true' } });
    assert.equal(await jit.setPluginActive('sample-sdl-greeter', true), true);
  });
  after(async () => {
    await jit?.stop();
  });

  it('drops compiled queries on every swap: a removed field is refused at once, a returning one runs again', async () => {
    const q = '{ sampleGreeting { text shout } }';
    assert.equal(ok(await jit.gql(q, {}, jit.adminToken)).sampleGreeting.text, 'Hello admin!');
    const dropsBefore = jit.app.executor.stats.drops;
    assert.ok(jit.app.executor.stats.cached > 0);
    await jit.setPluginActive('sample-sdl-greeter', false);
    assert.ok(jit.app.executor.stats.drops > dropsBefore, 'the swap dropped the cache');
    assert.ok(
      jit.app.executor.stats.cached <= 1,
      `only the toggle itself may be cached: ${jit.app.executor.stats.cached}`,
    );
    const gone = await jit.gql(q, {}, jit.adminToken);
    assert.equal(gone.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(gone));
    await jit.setPluginActive('sample-sdl-greeter', true);
    assert.equal(ok(await jit.gql(q, {}, jit.adminToken)).sampleGreeting.shout, 'HELLO ADMIN!');
  });
});
