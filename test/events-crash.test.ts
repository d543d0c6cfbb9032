// A worker process killed -9 in the middle of a plugin's event delivery: the delivery is
// retried on another worker process within 10 s of the kill (not after the job's expiry, nor
// after the consumer's 60 s retry delay), while before the kill the same delivery, running far
// longer than the job heartbeat, was never taken for dead. Real server processes on one
// database, a folder fixture plugin (test/fixtures/plugins-crash) that hangs in the first one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openOrm } from '../src/db/orm.js';
import { raiseEvent } from '../src/events/trigger.js';
import { createTestDatabase } from './support/db.js';
import { startServerProcess, type ServerProcess, gqlAt as gql } from './support/process.js';
import { ADMIN } from './support/server.js';
import { sleep, waitFor } from './events-helpers.js';

describe('event delivery cut off by a crashed worker', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  const procs: ServerProcess[] = [];

  before(async () => {
    db = await createTestDatabase('crash');
    dir = await mkdtemp(path.join(tmpdir(), 'pg-crash-'));
  });
  after(async () => {
    for (const p of procs) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await p.exited;
      }
    }
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is retried on another worker within 10 s of kill -9, and a long live delivery is not', async () => {
    const log = path.join(dir, 'deliveries.log');
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
    const env = {
      DATABASE_URL: db.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      PLUGIN_DIR: 'test/fixtures/plugins-crash',
      JOBS_POLL_SECONDS: '0.5',
      JOBS_HEARTBEAT_SECONDS: '10',
      CRASH_TEST_LOG: log,
    };

    // Process A takes the delivery and hangs in it.
    const a = await startServerProcess({ ...env, CRASH_TEST_HANG: '1' });
    procs.push(a);
    const login = await gql<{ login: { token: string } }>(
      a.url,
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      {
        u: ADMIN.username,
        p: ADMIN.password,
      },
    );
    const activated = await gql(
      a.url,
      'mutation { activatePlugin(key: "crash-consumer", active: true) { active } }',
      {},
      login.data!.login.token,
    );
    assert.equal(activated.errors, undefined, JSON.stringify(activated.errors));
    const orm = await openOrm(db.url);
    const eventId = await raiseEvent(orm, 'crash.test', {}).finally(() => orm.close());
    await waitFor(
      'process A to start the delivery',
      () => lines().includes(`${a.child.pid} start ${eventId} 0`),
      20_000,
      100,
    );
    const startedAt = Date.now();

    // Process B, a second worker, is up while A is still delivering.
    const b = await startServerProcess(env);
    procs.push(b);

    // Well past the 10 s heartbeat (and pg-boss's monitor pass), the live delivery is left alone.
    await sleep(Math.max(0, startedAt + 15_000 - Date.now()));
    assert.deepEqual(lines(), [`${a.child.pid} start ${eventId} 0`], 'nobody else took the live delivery');

    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    await waitFor(
      'process B to complete the delivery',
      () => lines().includes(`${b.child.pid} done ${eventId} 1`),
      30_000,
      100,
    );
    const took = Date.now() - killedAt;
    assert.ok(took < 10_000, `retried ${took} ms after the kill`);
    await sleep(1000);
    assert.deepEqual(lines(), [
      `${a.child.pid} start ${eventId} 0`,
      `${b.child.pid} start ${eventId} 1`,
      `${b.child.pid} done ${eventId} 1`,
    ]);
  });
});
