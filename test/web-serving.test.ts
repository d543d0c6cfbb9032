// The web admin as HTTP serves it (no browser needed): the app and GraphiQL pages with the strict
// CSP, hashed assets with their content types and immutable caching, GraphQL still answering
// non-browser clients on GET /graphql?query= and POST, and no way out of the assets folder.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/server.js';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('web admin serving', () => {
  let s: TestServer;
  let base: string;
  before(async () => {
    s = await startTestServer();
    base = s.url.replace(/\/graphql$/, '');
  });
  after(() => s.stop());

  it('serves the app at / and at app paths to browsers, with a strict CSP and no caching', async () => {
    for (const path of ['/', '/plugins/sample-settings', '/parts?search=x']) {
      const res = await fetch(base + path, { headers: HTML });
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/, 'no unsafe-inline / eval / other origins for scripts');
      assert.match(csp, /connect-src 'self' ws: wss:/);
      assert.match(csp, /frame-src 'self'/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      const html = await res.text();
      assert.match(html, /<script type="module" src="\/assets\/app-[A-Z0-9]+\.js"><\/script>/);
      assert.doesNotMatch(html, /<script>|<script type="module">[^<]/, 'no inline script');
      assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
    }
  });

  it('serves hashed assets with their content type and immutable caching; refuses traversal', async () => {
    const html = await (await fetch(`${base}/`, { headers: HTML })).text();
    const js = html.match(/src="(\/assets\/app-[A-Z0-9]+\.js)"/)![1];
    const css = html.match(/href="(\/assets\/app-[A-Z0-9]+\.css)"/)![1];
    const r1 = await fetch(base + js);
    assert.equal(r1.status, 200);
    assert.match(r1.headers.get('content-type')!, /^text\/javascript/);
    assert.match(r1.headers.get('cache-control')!, /immutable/);
    assert.equal(r1.headers.get('x-content-type-options'), 'nosniff');
    assert.ok((await r1.text()).length > 1000);
    const r2 = await fetch(base + css);
    assert.match(r2.headers.get('content-type')!, /^text\/css/);
    for (const bad of [
      '/assets/../../package.json',
      '/assets/%2e%2e%2fpackage.json',
      '/assets/.hidden',
      '/assets/nope.js',
    ]) {
      const r = await fetch(base + bad);
      assert.equal(r.status, 404, bad);
      assert.doesNotMatch(await r.text(), /"name": "partgraph"/);
    }
  });

  it('a browser opening /graphql gets the offline GraphiQL, not Apollo’s CDN landing page', async () => {
    const res = await fetch(`${base}/graphql`, { headers: HTML });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy')!, /default-src 'self'/);
    const html = await res.text();
    assert.match(html, /src="\/assets\/graphiql-[A-Z0-9]+\.js"/);
    assert.doesNotMatch(html, /apollographql|embeddable-sandbox|cdn\./i);
  });

  it('non-browser clients still reach GraphQL on GET ?query= and POST; other GETs stay JSON 404s', async () => {
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    assert.equal(get.status, 200);
    assert.deepEqual(((await get.json()) as { data: unknown }).data, { __typename: 'Query' });
    const post = await s.gql('{ __typename }');
    assert.equal(post.data?.__typename, 'Query');
    const json = await fetch(`${base}/nothing-here`);
    assert.equal(json.status, 404);
    assert.match(json.headers.get('content-type')!, /application\/json/);
  });
});
