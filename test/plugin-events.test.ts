// EventMixin and ScheduleMixin through the real machinery (outbox, dispatcher, pg-boss, real
// Postgres): delivery in the background, nothing for inactive plugins, retries then a failure
// kept with its error and re-runnable, timeouts, the ENABLE_PLUGINS_* gates, scheduled tasks
// that stop when the plugin is disabled, and one run per occurrence with two server processes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startTestServer, type TestServer } from './support/server.js';
import { startServerProcess, type ServerProcess } from './support/process.js';
import { FAST_JOBS, sleep, waitFor } from './events-helpers.js';

const LOGGER = 'sample-event-logger';
const COUNTER = 'sample-scheduled-counter';

describe('plugins with EventMixin and ScheduleMixin', () => {
  let s: TestServer;
  let db: pg.Client;

  const events = () => s.app.services.events!;
  const activate = (key: string, active: boolean) => s.setPluginActive(key, active);
  const setting = async (plugin: string, key: string, value: string) => {
    const r = await s.gql(
      'mutation($p: String!, $k: String!, $v: String) { updatePluginSetting(plugin: $p, key: $k, value: $v) { key } }',
      { p: plugin, k: key, v: value },
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  };
  const globalSetting = async (key: string, value: string) => {
    const r = await s.gql(
      'mutation($k: String!, $v: String) { updateGlobalSetting(key: $k, value: $v) { key } }',
      { k: key, v: value },
      s.adminToken,
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  };
  /** `sample.eventlog.seen` rows the logger raised for event `id`. */
  const seen = async (id: string) =>
    (
      await db.query<{ data: { attempt: number } }>(
        `select data from events where name = 'sample.eventlog.seen' and data->>'eventId' = $1`,
        [id],
      )
    ).rows;
  const deliveries = (eventId: string) => events().deliveries({ consumer: `plugin:${LOGGER}`, eventId });

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true', ...FAST_JOBS } });
    db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await s?.stop();
  });

  it('processes events in the background while the plugin is active, and never while it is not', async () => {
    const before = await events().raise('test.before', { n: 0 });
    await events().dispatchNow();
    await activate(LOGGER, true);
    const id = await events().raise('test.hello', { n: 1 });
    await waitFor('the logger to see test.hello', async () => (await seen(id)).length > 0);
    await activate(LOGGER, false);
    const whileOff = await events().raise('test.while-off', { n: 2 });
    await events().dispatchNow();
    await activate(LOGGER, true);
    const after = await events().raise('test.after', { n: 3 });
    await waitFor('the logger to see test.after', async () => (await seen(after)).length > 0);
    await sleep(500);
    assert.deepEqual(await seen(before), [], 'raised before activation');
    assert.deepEqual(await seen(whileOff), [], 'raised while inactive');
    assert.deepEqual(await deliveries(whileOff), []);
  });

  it('retries a failing handler with backoff, keeps the failure with its error, and re-runs it on request', async () => {
    await setting(LOGGER, 'FAIL_ON', 'test.fail');
    const id = await events().raise('test.fail', {});
    const failed = await waitFor(
      'the delivery to fail for good',
      async () => (await deliveries(id)).find((d) => d.state === 'failed'),
      30_000,
    );
    assert.equal(failed.attempts, 3, 'first attempt + retryLimit 2');
    assert.match(failed.error ?? '', /configured to fail on test\.fail/);
    assert.deepEqual(await seen(id), []);
    // Staff see it over GraphQL and re-run it once the cause is fixed.
    const listed = await s.gql('{ failedEventDeliveries { jobId eventId consumer error attempts } }', {}, s.adminToken);
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    assert.ok(
      listed.data!.failedEventDeliveries.some(
        (d: { jobId: string; error: string }) => d.jobId === failed.jobId && /configured to fail/.test(d.error),
      ),
    );
    await setting(LOGGER, 'FAIL_ON', '');
    const rerun = await s.gql(
      'mutation($id: String!) { retryEventDelivery(jobId: $id) }',
      { id: failed.jobId },
      s.adminToken,
    );
    assert.equal(rerun.errors, undefined, JSON.stringify(rerun.errors));
    await waitFor('the re-run to succeed', async () => (await seen(id)).length > 0, 20_000);
  });

  it('times out a hanging handler', async () => {
    await setting(LOGGER, 'HANG_ON', 'test.hang');
    const id = await events().raise('test.hang', {});
    const failed = await waitFor(
      'the hanging delivery to fail',
      async () => (await deliveries(id)).find((d) => d.state === 'failed'),
      45_000,
    );
    assert.match(failed.error ?? '', /timed out|timeout/i);
    await setting(LOGGER, 'HANG_ON', '');
  });

  it('delivers nothing while ENABLE_PLUGINS_EVENTS is off', async () => {
    await globalSetting('ENABLE_PLUGINS_EVENTS', 'false');
    const id = await events().raise('test.gated', {});
    await events().dispatchNow();
    await sleep(1000);
    assert.deepEqual(await deliveries(id), []);
    await globalSetting('ENABLE_PLUGINS_EVENTS', 'true');
    const next = await events().raise('test.ungated', {});
    await waitFor('delivery after re-enabling', async () => (await seen(next)).length > 0);
    await activate(LOGGER, false);
  });

  it('skips deliveries still queued when the plugin is deactivated', async () => {
    await activate(LOGGER, true);
    await setting(LOGGER, 'FAIL_ON', 'test.retire');
    const id = await events().raise('test.retire', {});
    await waitFor('a first failed attempt', async () => (await deliveries(id)).find((d) => d.state === 'retry'));
    await activate(LOGGER, false);
    await setting(LOGGER, 'FAIL_ON', '');
    await waitFor(
      'the delivery to complete without the plugin',
      async () => (await deliveries(id)).find((d) => d.state === 'completed'),
      20_000,
    );
    assert.deepEqual(await seen(id), []);
  });

  it('reads the part of a part event through the data API', async () => {
    await activate(LOGGER, true);
    const made = await s.gql('mutation { createPart(input: { name: "Logged part" }) { id } }', {}, s.adminToken);
    assert.equal(made.errors, undefined, JSON.stringify(made.errors));
    const logged = await waitFor('the logger to see part.created', async () =>
      (
        await db.query<{ data: { partName?: string } }>(
          `select data from events where name = 'sample.eventlog.seen' and data->>'name' = 'part.created'`,
        )
      ).rows.at(0),
    );
    assert.equal(logged.data.partName, 'Logged part');
    await activate(LOGGER, false);
  });

  it('registers the schedule while active, records a failing run without dropping the schedule, and stops when disabled', async () => {
    const jobs = s.app.services.jobs!;
    const QUEUE = 'partgraph.plugin-task';
    const schedule = async () => (await jobs.getSchedules(QUEUE)).find((x) => x.key === `${COUNTER}/tick`);
    const ticks = async () =>
      Number(
        (await db.query<{ n: string }>(`select count(*) as n from events where name = 'sample.counter.tick'`)).rows[0]!
          .n,
      );
    assert.equal(await schedule(), undefined);
    await activate(COUNTER, true);
    assert.equal((await waitFor('the schedule', schedule)).cron, '* * * * *');

    // Run the task now (as a due occurrence would) instead of waiting for the next minute.
    const before = await ticks();
    await jobs.send(QUEUE, { plugin: COUNTER, task: 'tick' });
    await waitFor('the run', async () => (await ticks()) > before);

    await setting(COUNTER, 'FAIL', 'true');
    const failedId = await jobs.send(QUEUE, { plugin: COUNTER, task: 'tick' }, { retryLimit: 0 });
    const failed = await waitFor('the failed run', async () =>
      (await jobs.findJobs(QUEUE, { id: failedId!, state: 'failed' })).at(0),
    );
    assert.match(JSON.stringify(failed.output), /the counter was told to fail/);
    const runs = await s.gql(
      '{ pluginTaskRuns(plugin: "sample-scheduled-counter", state: "failed") { jobId task error } }',
      {},
      s.adminToken,
    );
    assert.ok(
      runs.data!.pluginTaskRuns.some(
        (r: { jobId: string; error: string }) => r.jobId === failedId && /told to fail/.test(r.error),
      ),
    );
    assert.ok(await schedule(), 'a failed run does not stop the schedule');
    await setting(COUNTER, 'FAIL', 'false');

    // ENABLE_PLUGINS_SCHEDULE off: due runs are skipped (the job completes, the task does not run).
    await globalSetting('ENABLE_PLUGINS_SCHEDULE', 'false');
    const gatedFrom = await ticks();
    const gated = await jobs.send(QUEUE, { plugin: COUNTER, task: 'tick' });
    await waitFor('the gated run to be skipped', async () =>
      (await jobs.findJobs(QUEUE, { id: gated!, state: 'completed' })).at(0),
    );
    assert.equal(await ticks(), gatedFrom);
    await globalSetting('ENABLE_PLUGINS_SCHEDULE', 'true');

    await activate(COUNTER, false);
    await waitFor('the schedule to be removed', async () => !(await schedule()));
    const stopped = await ticks();
    const late = await jobs.send(QUEUE, { plugin: COUNTER, task: 'tick' });
    await waitFor('the late run to be skipped', async () =>
      (await jobs.findJobs(QUEUE, { id: late!, state: 'completed' })).at(0),
    );
    assert.equal(await ticks(), stopped, 'no run once the plugin is inactive');
  });

  it('runs each scheduled occurrence once with two server processes on the same database', async () => {
    const other: ServerProcess = await startServerProcess({
      DATABASE_URL: s.databaseUrl,
      PLUGIN_TESTING: 'true',
      ...FAST_JOBS,
    });
    try {
      const from = (await db.query<{ id: string }>('select coalesce(max(id), 0)::text as id from events')).rows[0]!.id;
      await activate(COUNTER, true);
      const rows = async () =>
        (
          await db.query<{ count: number; pid: number; at: Date }>(
            `select (data->>'count')::int as count, (data->>'pid')::int as pid, created_at as at from events where name = 'sample.counter.tick' and id > $1 order by id`,
            [from],
          )
        ).rows;
      // The schedule runs every minute: wait for two occurrences, then a little longer for duplicates.
      await waitFor('two scheduled runs', async () => (await rows()).length >= 2, 150_000, 500);
      await sleep(5000);
      const got = await rows();
      const minutes = got.map((r) => Math.floor(r.at.getTime() / 60_000));
      assert.equal(
        new Set(minutes).size,
        got.length,
        `one run per minute, from pids ${got.map((r) => r.pid)} at ${got.map((r) => r.at.toISOString())}`,
      );
      const counts = got.map((r) => r.count);
      assert.equal(new Set(counts).size, counts.length, `each run counted once: ${counts}`);
      await activate(COUNTER, false);
    } finally {
      other.child.kill('SIGTERM');
      await other.exited;
    }
  });
});
