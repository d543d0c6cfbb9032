// Foundation: WebSocket auth, query limits, body limit, health.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient, wsQuery } from './support/ws.js';

describe('server', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MAX_QUERY_DEPTH: '6', MAX_QUERY_COST: '400', MAX_BODY_BYTES: '20000' } });
  });
  after(() => s.stop());

  it('runs an authenticated query over the WebSocket', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      const r = await wsQuery<{ me: { username: string } }>(client, '{ me { username } }');
      assert.equal(r.data?.me.username, 'admin');
    } finally {
      await client.dispose();
    }
  });

  it('answers a subscription whose root field has @include with a variable with a validation error, keeping the socket', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      const bad = await wsQuery(client, 'subscription($on: Boolean!) { events @include(if: $on) { id } }', {
        on: true,
      }).catch((e: unknown) => e);
      assert.match(JSON.stringify(bad), /GRAPHQL_VALIDATION_FAILED|cannot be validated/);
      const r = await wsQuery<{ me: { username: string } }>(client, '{ me { username } }');
      assert.equal(r.data?.me.username, 'admin', 'the socket still works');
    } finally {
      await client.dispose();
    }
  });

  for (const [label, token] of [
    ['no token', undefined],
    ['a bad token', 'pgt_bogus'],
  ] as const) {
    it(`closes a socket with ${label} with code 4401`, async () => {
      let closed: { code: number; reason: string } | undefined;
      const client = wsClient({ url: s.url, token, onClosed: (code, reason) => (closed = { code, reason }) });
      await assert.rejects(wsQuery(client, '{ me { username } }'));
      await client.dispose();
      assert.equal(closed?.code, 4401);
      assert.match(closed!.reason, /Unauthorized/);
    });
  }

  it('applies the cost limit with a clear error', async () => {
    // 9 aliases x users (list: 50 per default page) x 1 field = 9 * 51 > 400
    const aliases = Array.from({ length: 9 }, (_, i) => `u${i}: users { id }`).join(' ');
    const r = await s.gql(`{ ${aliases} }`, {}, s.adminToken);
    assert.equal(r.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
    assert.match(r.errors![0].message, /Query cost \d+ exceeds the limit of 400/);
    const after = await s.gql('{ me { username } }', {}, s.adminToken);
    assert.equal(after.data?.me.username, 'admin');
  });

  it('refuses an oversized body with 413 and stays healthy', async () => {
    const big = 'x'.repeat(30_000);
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.adminToken}` },
      body: JSON.stringify({ query: `{ me { username } } # ${big}` }),
    });
    assert.equal(res.status, 413);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    assert.equal(body.errors[0].extensions.code, 'PAYLOAD_TOO_LARGE');
    const after = await s.gql('{ me { username } }', {}, s.adminToken);
    assert.equal(after.data?.me.username, 'admin');
  });

  it('reports the schema hash on responses, but not on the anonymous /health', async () => {
    const r = await s.gql('{ serverStatus { schemaHash } }', {}, s.adminToken);
    assert.equal(r.extensions?.schemaHash, r.data?.serverStatus.schemaHash);
    const health = (await (await fetch(s.url.replace('/graphql', '/health'))).json()) as Record<string, unknown>;
    assert.equal(health.status, 'ok');
    assert.equal(health.schemaHash, undefined, 'anonymous health answers reveal no schema hash');
  });
});

describe('query depth limit', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { MAX_QUERY_DEPTH: '2' } });
  });
  after(() => s.stop());

  it('refuses an operation deeper than MAX_QUERY_DEPTH, counting fragments, and stays healthy', async () => {
    const direct = await s.gql(
      'mutation { login(username: "admin", password: "admin-password") { user { username } } }',
    );
    assert.equal(direct.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
    assert.match(direct.errors![0].message, /Query depth 3 exceeds the limit of 2/);
    const viaFragment = await s.gql(
      'mutation { login(username: "admin", password: "admin-password") { ...L } } fragment L on LoginResult { user { id } }',
    );
    assert.match(viaFragment.errors?.[0].message ?? '', /Query depth 3 exceeds/);
    const shallow = await s.gql('{ me { username } }', {}, s.adminToken);
    assert.equal(shallow.data?.me.username, 'admin');
  });

  it('applies the same limit over the WebSocket', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      await assert.rejects(
        wsQuery(client, 'mutation { login(username: "admin", password: "admin-password") { user { username } } }'),
        (e: unknown) => {
          assert.match(JSON.stringify(e), /Query depth 3 exceeds the limit of 2/);
          return true;
        },
      );
    } finally {
      await client.dispose();
    }
  });
});
