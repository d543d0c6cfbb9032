// Internal failures reach clients only as INTERNAL_SERVER_ERROR with a request id, over HTTP and
// WebSocket; the log keeps the driver's detail under the same id. Errors raised for the client
// (FORBIDDEN, BAD_USER_INPUT) keep their messages. Every HTTP response carries x-request-id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient, wsQuery } from './support/ws.js';
import { captureLog } from './support/log.js';

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const DRIVER_TEXT = /relation|does not exist|select |pg_|postgres|parts_hidden|mikro/i;

describe('internal errors', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    // A database-level failure every request to parts now hits.
    await sql(s.databaseUrl, 'alter table "parts" rename to "parts_hidden"');
  });
  after(async () => {
    await sql(s.databaseUrl, 'alter table "parts_hidden" rename to "parts"');
    await s.stop();
  });

  it('over HTTP: generic message, code and request id for the client; the detail in the log under that id', async () => {
    const { result, log } = await captureLog(async () => {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.adminToken}` },
        body: JSON.stringify({ query: '{ parts { totalCount } }' }),
      });
      return {
        header: res.headers.get('x-request-id'),
        body: (await res.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> },
      };
    });
    const e = result.body.errors[0];
    assert.equal(e.extensions.code, 'INTERNAL_SERVER_ERROR');
    const id = e.extensions.requestId as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(e.message, `Internal server error (request id ${id})`);
    assert.doesNotMatch(JSON.stringify(result.body), DRIVER_TEXT, 'no driver text reaches the client');
    assert.equal(result.header, id, 'the x-request-id header names the same request');
    const line = log.split('\n').find((l) => l.includes(id));
    assert.ok(line, `the log names request ${id}:\n${log}`);
    assert.match(log.slice(log.indexOf(id)), /relation "parts" does not exist/, 'the log keeps the driver detail');
  });

  it('over WebSocket: the same masking, with a request id found in the log', async () => {
    const client = wsClient({ url: s.url, token: s.adminToken });
    try {
      const { result, log } = await captureLog(() => wsQuery(client, '{ parts { totalCount } }'));
      const e = (result.errors as Array<{ message: string; extensions: Record<string, unknown> }>)[0];
      assert.equal(e.extensions.code, 'INTERNAL_SERVER_ERROR');
      const id = e.extensions.requestId as string;
      assert.equal(e.message, `Internal server error (request id ${id})`);
      assert.doesNotMatch(JSON.stringify(result), DRIVER_TEXT);
      assert.match(log.slice(log.indexOf(id)), /relation "parts" does not exist/);
    } finally {
      await client.dispose();
    }
  });

  it('errors raised for the client keep their code and message, and every response has x-request-id', async () => {
    const plain = await s.userToken({ username: 'plain' });
    const forbidden = await s.gql('{ users { id } }', {}, plain);
    assert.equal(forbidden.errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.match(forbidden.errors![0].message, /staff/i);
    const bad = await s.gql('mutation { createUser(input: { username: "", password: "x" }) { id } }', {}, s.adminToken);
    assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(bad.errors![0].message, /username/);
    const health = await fetch(s.url.replace('/graphql', '/health/live'));
    assert.match(health.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
