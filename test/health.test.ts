// Liveness and readiness against a real outage: the server runs on a PostgreSQL of its own,
// which the test stops and starts again. Ready turns 503 within about a second and back to 200;
// live stays 200; anonymous answers reveal no version or schema hash; a GraphQL request during
// the outage gets INTERNAL_SERVER_ERROR with a request id, never the driver's ECONNREFUSED.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pgClient from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js';
import { startTestServer, type TestServer } from './support/server.js';

interface Health {
  status: number;
  ms: number;
  body: { status: string; checks?: Record<string, string> } & Record<string, unknown>;
}

async function health(s: TestServer, route: string): Promise<Health> {
  const t0 = performance.now();
  const res = await fetch(s.url.replace('/graphql', route));
  const body = (await res.json()) as Health['body'];
  return { status: res.status, ms: performance.now() - t0, body };
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('health endpoints', () => {
  const dir = path.resolve('.test-data', `health-${process.pid}`);
  let pg: EmbeddedDatabase;
  let s: TestServer;
  before(async () => {
    pg = await startEmbeddedPostgres(dir);
    s = await startTestServer({ databaseUrl: pg.url, keepDatabase: true, env: { HEALTH_CHECK_TIMEOUT_MS: '1000' } });
  });
  after(async () => {
    await s?.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('live and ready answer 200 with no version or schema hash while the database is up', async () => {
    const live = await health(s, '/health/live');
    assert.equal(live.status, 200);
    assert.deepEqual(live.body, { status: 'ok' });
    for (const route of ['/health/ready', '/health']) {
      const ready = await health(s, route);
      assert.equal(ready.status, 200, route);
      assert.deepEqual(ready.body, { status: 'ok', checks: { database: 'up', jobs: 'up' } }, route);
    }
  });

  it('while Postgres is down: ready 503 within about a second, live 200, and no driver text in GraphQL errors', async () => {
    await pg.stop();
    const ready = await health(s, '/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.status, 'unavailable');
    assert.equal(ready.body.checks?.database, 'down');
    assert.equal(ready.body.checks?.jobs, 'down');
    assert.ok(ready.ms < 1500, `ready answered in ${Math.round(ready.ms)} ms`);
    assert.equal((await health(s, '/health')).status, 503, '/health is readiness');
    const live = await health(s, '/health/live');
    assert.equal(live.status, 200);

    const r = await s.gql('{ me { username } }', {}, s.adminToken);
    const e = r.errors?.[0];
    assert.equal(e?.extensions?.code, 'INTERNAL_SERVER_ERROR');
    assert.equal(e?.message, `Internal server error (request id ${e?.extensions?.requestId})`);
    assert.doesNotMatch(JSON.stringify(r), /ECONNREFUSED|127\.0\.0\.1|connect|Context creation/);
  });

  it('ready again once Postgres is back', async () => {
    pg = await startEmbeddedPostgres(dir, pg.port);
    const ready = await until(
      'readiness after restart',
      () => health(s, '/health/ready'),
      (h) => h.status === 200,
    );
    assert.deepEqual(ready.body.checks, { database: 'up', jobs: 'up' });
    const r = await s.gql('{ me { username } }', {}, s.adminToken);
    assert.equal(r.data?.me.username, 'admin');
  });

  it('a database that hangs (processes frozen) counts as down after HEALTH_CHECK_TIMEOUT_MS', async () => {
    const c = new pgClient.Client({ connectionString: pg.url });
    await c.connect();
    const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where pid <> pg_backend_pid()');
    await c.end();
    const postmaster = Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const pids = [postmaster, ...rows.map((r) => r.pid)];
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      const ready = await health(s, '/health/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks?.database, 'down');
      assert.ok(ready.ms >= 900 && ready.ms < 2000, `ready answered in ${Math.round(ready.ms)} ms`);
      assert.equal((await health(s, '/health/live')).status, 200);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    await until(
      'readiness after thawing',
      () => health(s, '/health/ready'),
      (h) => h.status === 200,
    );
  });
});
