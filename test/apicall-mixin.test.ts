// APICallMixin over real HTTP: the sample plugin calls a local JSON API (node:http on 127.0.0.1)
// configured through updatePluginSetting. Covers the Authorization header, params and JSON bodies,
// full-URL endpoints, HTTP errors surfacing as API_CALL_FAILED GraphQL errors, timeouts, network
// failures, non-JSON answers, and that the token never shows in errors, responses or logs.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiCallError, type ApiCallOptions } from '../src/plugin/mixins/index.js';
import { startTestServer, type TestServer } from './support/server.js';
import { captureLog } from './support/log.js';

const PLUGIN = 'sample-api-caller';
const TOKEN = 'tok-9f3b2c7d1e5a-SECRET';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
}

interface Caller {
  apiCall<T = unknown>(endpoint: string, options?: ApiCallOptions): Promise<T>;
  apiHeaders(): Promise<Record<string, string>>;
  readonly apiUrl: Promise<string>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

async function rejection(p: Promise<unknown>): Promise<ApiCallError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiCallError, `expected an ApiCallError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('APICallMixin', () => {
  let s: TestServer;
  let api: Server;
  let apiBase: string;
  let staffToken: string;
  let userToken: string;
  let pingFails = false;
  const seen: Seen[] = [];

  before(async () => {
    api = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/hang') return; // never answers
      if (url.pathname === '/api/leak') {
        // A careless server that echoes the credentials it was sent.
        return res.writeHead(500).end(`denied for ${req.headers.authorization}`);
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: 'bad token' });
      switch (url.pathname) {
        case '/api/ping':
          return pingFails ? res.writeHead(503).end('upstream down for maintenance') : json(200, { pong: true });
        case '/api/echo':
          return json(200, {
            method: req.method,
            query: Object.fromEntries(url.searchParams),
            tags: url.searchParams.getAll('tag'),
            contentType: req.headers['content-type'],
            body: JSON.parse((await readBody(req)) || 'null'),
          });
        case '/other/full':
          return json(200, { full: true });
        case '/api/html':
          return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>');
        default:
          return json(404, { error: `no ${url.pathname}` });
      }
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true' } });
    staffToken = await s.userToken({ username: 'apistaff', staff: true });
    userToken = await s.userToken({ username: 'apiplain' });
  });

  after(async () => {
    await s?.stop();
    api?.closeAllConnections();
    await new Promise((resolve) => api?.close(resolve));
  });

  async function setSetting(key: string, value: string | null): Promise<void> {
    const r = await s.gql(
      'mutation($p: String!, $k: String!, $v: String) { updatePluginSetting(plugin: $p, key: $k, value: $v) { key } }',
      { p: PLUGIN, k: key, v: value },
      staffToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  }

  async function activate(active: boolean): Promise<void> {
    assert.equal(await s.setPluginActive(PLUGIN, active, staffToken), active);
  }

  function caller(): Caller {
    const p = s.app.services.plugins!.getPlugin(PLUGIN);
    assert.ok(p, 'the sample is running');
    return p as unknown as Caller;
  }

  it('inactive plugin has no effect: its query is absent and nothing is called', async () => {
    const r = await s.gql('{ sampleApiPing }', {}, staffToken);
    assert.match(r.errors?.[0]?.message ?? '', /Cannot query field "sampleApiPing"/);
    const plugin = await s.gql(`{ plugin(key: "${PLUGIN}") { active mixins errors { message } } }`, {}, staffToken);
    assert.equal(plugin.data!.plugin.active, false);
    assert.deepEqual(plugin.data!.plugin.errors, []);
    assert.ok(plugin.data!.plugin.mixins.includes('apicall'), JSON.stringify(plugin.data!.plugin.mixins));
    assert.equal(seen.length, 0);
  });

  it('calls the API with the settings staff set: Authorization header, JSON back', async () => {
    await setSetting('API_URL', `${apiBase}/api/`);
    await setSetting('API_TOKEN', TOKEN);
    await activate(true);
    const r = await s.gql('{ sampleApiPing }', {}, staffToken);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.deepEqual(r.data!.sampleApiPing, { pong: true });
    assert.deepEqual(seen.at(-1), { method: 'GET', path: '/api/ping', authorization: `Bearer ${TOKEN}` });
    assert.equal(await caller().apiUrl, `${apiBase}/api/`);
    assert.equal((await caller().apiHeaders()).authorization, `Bearer ${TOKEN}`);

    const denied = await s.gql('{ sampleApiPing }', {}, userToken);
    assert.equal(denied.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });

  it('sends params as the query string and json as the body', async () => {
    const echoed = await caller().apiCall('/echo', {
      method: 'POST',
      params: { q: 'resistor 10k', limit: 5, skip: null, tag: ['a', 'b'] },
      json: { part: 'R-100', qty: 3 },
    });
    assert.deepEqual(echoed, {
      method: 'POST',
      query: { q: 'resistor 10k', limit: '5', tag: 'b' },
      tags: ['a', 'b'],
      contentType: 'application/json',
      body: { part: 'R-100', qty: 3 },
    });
    const full = (await caller().apiCall('echo', { simpleResponse: false })) as { status: number; body: unknown };
    assert.equal(full.status, 200);
    assert.equal((full.body as { method: string }).method, 'GET');
  });

  it('uses a full http(s) URL as is, without the URL setting', async () => {
    assert.deepEqual(await caller().apiCall(`${apiBase}/other/full`), { full: true });
    assert.equal(seen.at(-1)!.path, '/other/full');
  });

  it('an HTTP error status is an ApiCallError with status and excerpt, and API_CALL_FAILED from the query; core data unaffected', async () => {
    pingFails = true;
    try {
      const err = await rejection(caller().apiCall('ping'));
      assert.equal(err.kind, 'http');
      assert.equal(err.status, 503);
      assert.equal(err.method, 'GET');
      assert.equal(err.url, `${apiBase}/api/ping`);
      assert.equal(err.bodyExcerpt, 'upstream down for maintenance');

      const r = await s.gql('{ sampleApiPing parts { totalCount } }', {}, staffToken);
      assert.equal(r.errors?.length, 1);
      const e = r.errors![0]!;
      assert.deepEqual(e.path, ['sampleApiPing']);
      assert.equal(e.extensions?.code, 'API_CALL_FAILED');
      assert.equal(e.extensions?.status, 503);
      assert.equal(e.extensions?.plugin, PLUGIN);
      assert.match(e.message, /GET .*\/api\/ping failed with HTTP 503: upstream down/);
      assert.equal(r.data!.sampleApiPing, null);
      assert.equal(typeof r.data!.parts.totalCount, 'number', 'the core field still answers');

      const raw = (await caller().apiCall('ping', { simpleResponse: false })) as { status: number; body: unknown };
      assert.deepEqual([raw.status, raw.body], [503, 'upstream down for maintenance']);
    } finally {
      pingFails = false;
    }
  });

  it('times out with kind timeout and a null status', async () => {
    const started = Date.now();
    const err = await rejection(caller().apiCall(`${apiBase}/hang`, { timeoutMs: 200 }));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.status, null);
    assert.match(err.message, /timed out after 200 ms/);
    assert.ok(Date.now() - started < 5000);
  });

  it('a body that is not JSON is kind invalid-json; a refused connection is kind network', async () => {
    const bad = await rejection(caller().apiCall('html'));
    assert.equal(bad.kind, 'invalid-json');
    assert.equal(bad.status, 200);
    assert.equal(bad.bodyExcerpt, '<html>not json</html>');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const net = await rejection(caller().apiCall(`http://127.0.0.1:${port}/x`));
    assert.equal(net.kind, 'network');
    assert.equal(net.status, null);
  });

  it('never shows the token in errors, GraphQL responses or logs', async () => {
    pingFails = true;
    try {
      const { result, log } = await captureLog(async () => {
        const errors = [
          await rejection(caller().apiCall('leak')),
          await rejection(caller().apiCall('ping')),
          await rejection(caller().apiCall(`${apiBase}/hang`, { timeoutMs: 100 })),
          await rejection(caller().apiCall('html')),
        ];
        const gql = await s.gql('{ sampleApiPing }', {}, staffToken);
        return { errors, gql };
      });
      const leak = result.errors[0]!;
      assert.equal(leak.status, 500);
      assert.equal(leak.bodyExcerpt, 'denied for Bearer [redacted]', 'an echoed token is redacted');
      for (const e of result.errors) {
        const all = [JSON.stringify(e), e.message, e.stack ?? '', String(e), JSON.stringify({ ...e })].join('\n');
        assert.ok(!all.includes(TOKEN), `token in ${e.kind} error: ${all}`);
      }
      assert.ok(!JSON.stringify(result.gql).includes(TOKEN));
      assert.match(log, /API call GET .*\/api\/leak failed with HTTP 500/, 'failures are logged');
      assert.ok(!log.includes(TOKEN), 'token in the log');
    } finally {
      pingFails = false;
    }
  });

  it('a missing URL setting or a GET with a body is a clear config error; deactivating removes the query', async () => {
    const withBody = await rejection(caller().apiCall('echo', { json: { a: 1 } }));
    assert.equal(withBody.kind, 'config');
    assert.match(withBody.message, /a GET request cannot have a JSON body/);
    await setSetting('API_URL', null);
    const err = await rejection(caller().apiCall('ping'));
    assert.equal(err.kind, 'config');
    assert.match(err.message, /plugin setting API_URL is not set/);
    await activate(false);
    const r = await s.gql('{ sampleApiPing }', {}, staffToken);
    assert.match(r.errors?.[0]?.message ?? '', /Cannot query field "sampleApiPing"/);
  });
});
