// Query-cost hardening (issue 9, items 1, 2, 6, 7): linear-time limits, introspection
// amplification, SQL fan-out, and page sizes given as variables, over HTTP and WebSocket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getIntrospectionQuery } from 'graphql';
import { startTestServer, type GqlResult, type TestServer } from './support/server.js';
import { wsClient, wsQuery } from './support/ws.js';

/** `query{...F<n>}` where each fragment spreads the previous one twice: 2^n fields once expanded. */
function fragmentChain(levels: number): string {
  let doc = `query { ...F${levels} } fragment F0 on Query { __typename }`;
  for (let i = 1; i <= levels; i++) doc += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
  return doc;
}

function aliases(count: number, selection: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
}

/** Runs `request` while a /health request is in flight; returns both durations. */
async function timedWithHealth<T>(
  s: TestServer,
  request: () => Promise<T>,
): Promise<{ result: T; ms: number; healthMs: number }> {
  const t0 = performance.now();
  const health = fetch(s.url.replace('/graphql', '/health')).then(async (r) => {
    assert.equal(r.status, 200);
    await r.arrayBuffer();
    return performance.now() - t0;
  });
  const result = await request();
  const ms = performance.now() - t0;
  return { result, ms, healthMs: await health };
}

/** POSTs a query and also returns the size of the answer. */
async function post(
  s: TestServer,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GqlResult & { bytes: number }> {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { ...(JSON.parse(text) as GqlResult), status: res.status, bytes: text.length };
}

function codes(r: { errors?: unknown[] }): string[] {
  return (r.errors ?? []).map((e) => (e as { extensions?: { code?: string } }).extensions?.code ?? '?');
}

const CATEGORY_TREE = 'query($n: Int!) { partCategories(limit: $n) { items { children { id name } } } }';

describe('query limits with the default configuration', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.stop());

  it('refuses an exponential fragment chain in well under 100 ms, anonymously, while /health answers', async () => {
    await s.gql('{ __typename }'); // warm up
    // 20 levels first: the old walk took about a second there, so a regression fails fast.
    for (const levels of [20, 30]) {
      const { result, ms, healthMs } = await timedWithHealth(s, () => s.gql(fragmentChain(levels)));
      assert.deepEqual(codes(result), ['QUERY_TOO_COMPLEX'], JSON.stringify(result.errors));
      assert.match(result.errors![0].message, /Query cost \d+ exceeds the limit of 50000/);
      assert.ok(ms < 100, `${levels} levels took ${ms.toFixed(0)} ms`);
      assert.ok(healthMs < 500, `/health took ${healthMs.toFixed(0)} ms`);
    }
  });

  it('refuses the same fragment chain on a WebSocket subscribe just as fast', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      await wsQuery(client, '{ __typename }'); // connect first
      for (const levels of [20, 30]) {
        const { result, ms, healthMs } = await timedWithHealth(s, () =>
          wsQuery(client, fragmentChain(levels)).then(
            () => assert.fail('accepted'),
            (e: unknown) => e,
          ),
        );
        assert.match(JSON.stringify(result), /"code":"QUERY_TOO_COMPLEX"/);
        assert.ok(ms < 100, `${levels} levels took ${ms.toFixed(0)} ms`);
        assert.ok(healthMs < 500, `/health took ${healthMs.toFixed(0)} ms`);
      }
    } finally {
      await client.dispose();
    }
  });

  it('answers the standard full introspection queries anonymously', async () => {
    const queries = [
      getIntrospectionQuery(), // what Apollo Sandbox, codegen tools and older GraphiQL send
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ];
    for (const query of queries) {
      const r = await s.gql<{ __schema: { types: Array<{ name: string }> } }>(query);
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      assert.ok(r.data!.__schema.types.some((t) => t.name === 'Part'));
    }
  });

  it('refuses 1,500 aliased __schema selections quickly with a small answer, over HTTP and WebSocket', async () => {
    const query = aliases(
      1500,
      '__schema { types { name fields { name args { name } type { name ofType { name } } } } }',
    );
    const { result, ms, healthMs } = await timedWithHealth(s, () => post(s, query));
    assert.equal(result.data, undefined);
    assert.deepEqual(codes(result), ['QUERY_TOO_COMPLEX'], JSON.stringify(result.errors));
    assert.match(result.errors![0].message, /more than 10000 tokens/);
    assert.ok(result.bytes < 10_000, `answer of ${result.bytes} bytes`);
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
    assert.ok(healthMs < 500, `/health took ${healthMs.toFixed(0)} ms`);
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      await assert.rejects(wsQuery(client, query), (e: unknown) => {
        assert.match(JSON.stringify(e), /"code":"QUERY_TOO_COMPLEX"/);
        assert.match(JSON.stringify(e), /more than 10000 tokens/);
        return true;
      });
    } finally {
      await client.dispose();
    }
  });

  it('allows one __schema per operation and no aliases inside introspection', async () => {
    const twice = await s.gql(
      '{ __schema { queryType { name } } ...S } fragment S on Query { __schema { types { name } } }',
    );
    assert.deepEqual(codes(twice), ['QUERY_TOO_COMPLEX']);
    assert.match(twice.errors![0].message, /__schema 2 times; at most 1 per operation/);
    const inner = await s.gql('{ __schema { a: types { name } b: types { name fields { name } } } }');
    assert.deepEqual(codes(inner), ['QUERY_TOO_COMPLEX']);
    assert.match(inner.errors![0].message, /Aliases are not allowed inside introspection/);
    // Aliased __type lookups (feature detection in some clients) stay allowed.
    const types = await s.gql('{ t: __type(name: "Part") { name } q: __type(name: "Query") { name } }');
    assert.deepEqual(types.data, { t: { name: 'Part' }, q: { name: 'Query' } });
  });

  it('refuses 20,000 aliases of an empty page, and more than 200 aliases', async () => {
    const r = await post(s, aliases(20_000, 'parts(limit: 0) { totalCount }'), {}, s.adminToken);
    assert.equal(r.data, undefined);
    assert.deepEqual(codes(r), ['QUERY_TOO_COMPLEX'], JSON.stringify(r.errors));
    assert.match(r.errors![0].message, /more than 10000 tokens/);
    const many = await s.gql(aliases(210, 'parts(limit: 0) { totalCount }'), {}, s.adminToken);
    assert.deepEqual(codes(many), ['QUERY_TOO_COMPLEX'], JSON.stringify(many.errors));
    assert.match(many.errors![0].message, /Query uses \d+ aliases, more than the limit of 200/);
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      await assert.rejects(wsQuery(client, aliases(210, 'parts(limit: 0) { totalCount }')), (e: unknown) => {
        assert.match(JSON.stringify(e), /"code":"QUERY_TOO_COMPLEX"/);
        assert.match(JSON.stringify(e), /aliases, more than the limit of 200/);
        return true;
      });
    } finally {
      await client.dispose();
    }
  });

  it('costs a page size given in a variable (or a variable default) like a literal one, over HTTP', async () => {
    const literal = await s.gql('{ partCategories(limit: 500) { items { children { id name } } } }', {}, s.adminToken);
    assert.deepEqual(codes(literal), ['QUERY_TOO_COMPLEX']);
    const viaVariable = await s.gql(CATEGORY_TREE, { n: 500 }, s.adminToken);
    assert.deepEqual(codes(viaVariable), ['QUERY_TOO_COMPLEX']);
    assert.match(viaVariable.errors![0].message, /Query cost \d+ exceeds the limit of 50000/);
    const viaDefault = await s.gql(
      'query($n: Int = 500) { partCategories(limit: $n) { items { children { id name } } } }',
      {},
      s.adminToken,
    );
    assert.deepEqual(codes(viaDefault), ['QUERY_TOO_COMPLEX']);
    const small = await s.gql(CATEGORY_TREE, { n: 5 }, s.adminToken);
    assert.equal(small.errors, undefined, JSON.stringify(small.errors));
    assert.ok(Array.isArray(small.data?.partCategories.items));
  });

  it('costs a page size given in a variable over the WebSocket too', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      await assert.rejects(wsQuery(client, CATEGORY_TREE, { n: 500 }), (e: unknown) => {
        assert.match(JSON.stringify(e), /"code":"QUERY_TOO_COMPLEX"/);
        assert.match(JSON.stringify(e), /Query cost \d+ exceeds the limit of 50000/);
        return true;
      });
      const small = await wsQuery<{ partCategories: { items: unknown[] } }>(client, CATEGORY_TREE, { n: 5 });
      assert.equal(small.errors, undefined);
      assert.ok(Array.isArray(small.data?.partCategories.items));
    } finally {
      await client.dispose();
    }
  });
});

describe('query limits with large documents allowed and a small SQL budget', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      env: { MAX_QUERY_TOKENS: '1000000', MAX_QUERY_ALIASES: '100000', MAX_SQL_PER_REQUEST: '10' },
    });
  });
  after(() => s.stop());

  it('refuses 20,000 aliases of parts(limit: 0) by cost alone (an empty page still costs its fetch)', async () => {
    const r = await post(s, aliases(20_000, 'parts(limit: 0) { totalCount }'), {}, s.adminToken);
    assert.deepEqual(codes(r), ['QUERY_TOO_COMPLEX'], JSON.stringify(r.errors));
    assert.match(r.errors![0].message, /Query cost \d+ exceeds the limit of 50000/);
  });

  it('refuses 1,500 aliased __schema selections even when aliases are allowed', async () => {
    const r = await post(s, aliases(1500, '__schema { types { name fields { name } } }'));
    assert.deepEqual(codes(r), ['QUERY_TOO_COMPLEX']);
    assert.match(r.errors![0].message, /__schema \d+ times/);
    assert.ok(r.bytes < 10_000, `answer of ${r.bytes} bytes`);
  });

  it('stops a request that passes the cost limit but needs more SQL than MAX_SQL_PER_REQUEST, with one clear error', async () => {
    const r = await post(s, aliases(30, 'parts(limit: 1) { totalCount items { id } }'), {}, s.adminToken);
    assert.deepEqual(codes(r), ['SQL_LIMIT_EXCEEDED'], JSON.stringify(r.errors));
    assert.match(r.errors![0].message, /more than 10 SQL statements/);
    assert.equal(r.errors![0].extensions?.maxSqlPerRequest, 10);
    assert.ok((r.extensions?.sqlQueries as number) <= 10, `ran ${r.extensions?.sqlQueries} statements`);
    // The budget is per request: the next one works.
    const next = await s.gql('{ me { username } parts(limit: 1) { totalCount } }', {}, s.adminToken);
    assert.equal(next.errors, undefined, JSON.stringify(next.errors));
    assert.equal(next.data?.me.username, 'admin');
  });

  it('applies the same SQL budget to a query over the WebSocket', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      const r = await wsQuery(client, aliases(30, 'parts(limit: 1) { totalCount items { id } }'));
      assert.deepEqual(codes(r), ['SQL_LIMIT_EXCEEDED'], JSON.stringify(r.errors));
      assert.equal((r.errors![0] as { extensions?: { maxSqlPerRequest?: number } }).extensions?.maxSqlPerRequest, 10);
      const next = await wsQuery<{ me: { username: string } }>(
        client,
        '{ me { username } parts(limit: 1) { totalCount } }',
      );
      assert.equal(next.errors, undefined, JSON.stringify(next.errors));
      assert.equal(next.data?.me.username, 'admin', 'the budget is per operation');
    } finally {
      await client.dispose();
    }
  });
});
