// The pg-boss job queue wrapper: send/work, retries ending failed with the error, re-run,
// timeouts that free the worker, roles (web only sends), schedules, quick graceful stop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { serveConfig } from '../src/cli/serve.js';
import { JobQueue } from '../src/jobs/queue.js';
import { createTestDatabase } from './support/db.js';
import { sleep, waitFor } from './events-helpers.js';

describe('job queue', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let all: JobQueue;
  let web: JobQueue;

  before(async () => {
    db = await createTestDatabase('jobs');
    all = new JobQueue({ databaseUrl: db.url, role: 'all', pollingIntervalSeconds: 0.5, stopTimeoutMs: 1000 });
    web = new JobQueue({ databaseUrl: db.url, role: 'web', pollingIntervalSeconds: 0.5, stopTimeoutMs: 1000 });
    await all.start();
    await web.start();
  });
  after(async () => {
    await web.stop();
    await all.stop();
    await db.drop();
  });

  it('runs a sent job once with its data and keeps its result', async () => {
    const q = all.define<{ n: number }>('t.double');
    const seen: Array<{ n: number; attempt: number }> = [];
    await q.work(async (job) => {
      seen.push({ n: job.data.n, attempt: job.attempt });
      return { doubled: job.data.n * 2 };
    });
    const id = await q.send({ n: 21 });
    assert.ok(id);
    const job = await waitFor('completion', async () => {
      const j = await all.getJob('t.double', id!);
      return j?.state === 'completed' && j;
    });
    assert.deepEqual(seen, [{ n: 21, attempt: 0 }]);
    assert.deepEqual(job.output, { doubled: 42 });
  });

  it('retries a throwing handler with backoff, keeps it failed with its error, and re-runs it on demand', async () => {
    let calls = 0;
    const times: number[] = [];
    let heal = false;
    await all.work<{ x: number }>('t.flaky', async (job) => {
      calls++;
      times.push(Date.now());
      if (!heal) throw new Error(`flaky failure #${job.attempt}`);
      return { ok: true };
    });
    const id = await all.send('t.flaky', { x: 1 }, { retryLimit: 2, retryDelay: 1, retryBackoff: true });
    const failed = await waitFor(
      'the job to fail for good',
      async () => {
        const j = await all.getJob('t.flaky', id!);
        return j?.state === 'failed' && j;
      },
      20_000,
    );
    assert.equal(calls, 3, 'first attempt + 2 retries');
    assert.equal(failed.retryCount, 2);
    assert.equal(failed.output?.message, 'flaky failure #2');
    // Backoff: each wait is at least the base delay, and the second one is not shorter than 2 s.
    assert.ok(times[1]! - times[0]! >= 900, `first retry came after ${times[1]! - times[0]!} ms`);
    assert.ok(times[2]! - times[1]! >= 1900, `second retry came after ${times[2]! - times[1]!} ms`);
    const listed = await all.findJobs('t.flaky', { state: 'failed' });
    assert.deepEqual(
      listed.map((j) => j.id),
      [id],
    );

    heal = true;
    await all.retry('t.flaky', id!);
    await waitFor(
      'the re-run to complete',
      async () => (await all.getJob('t.flaky', id!))?.state === 'completed',
      20_000,
    );
    assert.equal(calls, 4);
  });

  it('fails an attempt that exceeds the timeout, aborts its signal, and keeps the worker going', async () => {
    let aborted: unknown;
    const done: string[] = [];
    await all.work<{ hang: boolean; tag: string }>(
      't.slow',
      async (job) => {
        if (job.data.hang) {
          await new Promise<void>((r) =>
            job.signal.addEventListener('abort', () => {
              aborted = job.signal.reason;
              r();
            }),
          );
          await new Promise(() => undefined); // and never finish
        }
        done.push(job.data.tag);
      },
      { timeoutSeconds: 1 },
    );
    const hung = await all.send('t.slow', { hang: true, tag: 'a' }, { retryLimit: 0 });
    const t0 = Date.now();
    const failed = await waitFor('timeout', async () => {
      const j = await all.getJob('t.slow', hung!);
      return j?.state === 'failed' && j;
    });
    assert.ok(Date.now() - t0 < 6000);
    assert.match(String(failed.output?.message), /timed out after 1s/);
    assert.match(String((aborted as Error).message), /timed out/);
    await all.send('t.slow', { hang: false, tag: 'b' });
    await waitFor('the next job on the same worker', () => done.includes('b'));
  });

  it('a web process sends but does not run jobs; a worker process runs them', async () => {
    assert.equal(web.runsWorkers, false);
    let webRan = 0;
    assert.equal(await web.work('t.roles', async () => void webRan++), null);
    const id = await web.send('t.roles', { from: 'web' });
    await sleep(1500);
    assert.equal((await web.getJob('t.roles', id!))?.state, 'created', 'nobody works the queue yet');
    let workerRan = 0;
    await all.work('t.roles', async () => void workerRan++);
    await waitFor('the worker to run it', async () => (await all.getJob('t.roles', id!))?.state === 'completed');
    assert.equal(workerRan, 1);
    assert.equal(webRan, 0);
  });

  it('schedules and unschedules a cron job', async () => {
    await web.schedule('t.cron', '*/5 * * * *', { task: 'count' }, { key: 'counter' });
    const s = await all.getSchedules('t.cron');
    assert.deepEqual(
      s.map((x) => ({ key: x.key, cron: x.cron, data: x.data })),
      [{ key: 'counter', cron: '*/5 * * * *', data: { task: 'count' } }],
    );
    await web.unschedule('t.cron', 'counter');
    assert.deepEqual(await all.getSchedules('t.cron'), []);
  });

  it('stops gracefully and quickly even with a handler that never returns', async () => {
    const q = new JobQueue({ databaseUrl: db.url, role: 'worker', pollingIntervalSeconds: 0.5, stopTimeoutMs: 1000 });
    await q.start();
    let started = false;
    await q.work('t.forever', async () => {
      started = true;
      await new Promise(() => undefined);
    });
    await q.send('t.forever', {});
    await waitFor('the handler to start', () => started);
    const t0 = Date.now();
    await q.stop();
    assert.ok(Date.now() - t0 < 4000, `stop took ${Date.now() - t0} ms`);
  });
});

describe('process role', () => {
  it('comes from PARTGRAPH_ROLE (default all) and `serve --role` overrides it', () => {
    assert.equal(loadConfig({}).role, 'all');
    const web = loadConfig({ PARTGRAPH_ROLE: 'web' });
    assert.equal(web.role, 'web');
    assert.equal(serveConfig(['--role', 'worker'], web).role, 'worker');
    assert.equal(serveConfig([], web).role, 'web');
    assert.throws(() => serveConfig(['--role', 'boss'], web), /--role must be one of all, web, worker/);
    assert.throws(() => loadConfig({ PARTGRAPH_ROLE: 'boss' }), /PARTGRAPH_ROLE/);
    assert.equal(loadConfig({ JOBS_POLL_SECONDS: '0.5' }).jobsPollSeconds, 0.5);
    assert.throws(() => loadConfig({ JOBS_POLL_SECONDS: '0.1' }), /JOBS_POLL_SECONDS/);
  });
});
