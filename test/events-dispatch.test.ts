// The dispatcher: committed events become one pg-boss job per interested consumer; retries,
// failures kept with their error, timeouts, the gate, roles, and once-only with two servers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVENT_JOB_QUEUE, type EventJobData } from '../src/events/dispatcher.js';
import type { EventsService } from '../src/events/service.js';
import type { ConsumerContext, EventConsumer, EventRecord } from '../src/events/types.js';
import { startTestServer, type TestServer } from './support/server.js';
import { FAST_JOBS, sleep, waitFor } from './events-helpers.js';

interface Seen {
  event: EventRecord;
  ctx: ConsumerContext;
  by: string;
  at: number;
}

/** A consumer that records what it processes; `fail` decides whether an attempt throws. */
function recorder(
  key: string,
  prefix: string,
  seen: Seen[],
  opts: Partial<EventConsumer> & { by?: string; fail?: (e: EventRecord, ctx: ConsumerContext) => boolean } = {},
): EventConsumer {
  return {
    key,
    wants: (e) => e.name.startsWith(prefix),
    process: async (event, ctx) => {
      seen.push({ event, ctx, by: opts.by ?? 'server', at: Date.now() });
      if (opts.fail?.(event, ctx)) throw new Error(`boom on ${event.name} (attempt ${ctx.attempt})`);
    },
    ...opts,
  };
}

const undispatched = async (s: TestServer, id: string) =>
  (
    await s.app.orm.em
      .fork()
      .execute<Array<{ d: Date | null }>>('select dispatched_at as d from events where id = ?', [id])
  )[0]!.d === null;

describe('event dispatch in one server', () => {
  let s: TestServer;
  let events: EventsService;
  before(async () => {
    s = await startTestServer({ env: FAST_JOBS });
    events = s.app.services.events!;
  });
  after(() => s.stop());

  it('delivers each event once to each registered consumer that wants it, in a background job', async () => {
    const parts: Seen[] = [];
    const all: Seen[] = [];
    const gone: Seen[] = [];
    const offParts = events.registerConsumer({ ...recorder('c.parts', 'd1.part.', parts) });
    const offAll = events.registerConsumer(recorder('c.all', 'd1.', all));
    events.registerConsumer(recorder('c.gone', 'd1.', gone));
    assert.equal(events.unregisterConsumer('c.gone'), true);
    try {
      const p = await events.raise('d1.part.created', { n: 1 }, { model: 'part', instanceId: 1 });
      const st = await events.raise('d1.stockitem.saved', {}, { model: 'stockitem', instanceId: 2 });
      await waitFor('both deliveries to c.all', () => all.length === 2);
      await waitFor('the delivery to c.parts', () => parts.length === 1);
      await sleep(700);
      assert.deepEqual(all.map((x) => x.event.id).sort(), [p, st].sort());
      assert.deepEqual(
        parts.map((x) => x.event.name),
        ['d1.part.created'],
      );
      assert.equal(gone.length, 0, 'an unregistered consumer gets nothing');
      assert.equal(parts[0]!.ctx.attempt, 0);
      assert.deepEqual(parts[0]!.event.data, { n: 1 });
      const done = await events.deliveries({ consumer: 'c.parts' });
      assert.deepEqual(
        done.map((d) => ({
          eventId: d.eventId,
          name: d.eventName,
          state: d.state,
          attempts: d.attempts,
          error: d.error,
        })),
        [{ eventId: p, name: 'd1.part.created', state: 'completed', attempts: 1, error: null }],
      );
      assert.equal(done[0]!.jobId, parts[0]!.ctx.jobId);
      assert.deepEqual(
        (await events.deliveries({ jobId: parts[0]!.ctx.jobId })).map((d) => d.consumer),
        ['c.parts'],
      );
      assert.deepEqual(await events.deliveries({ jobId: 'not-a-job-id' }), []);
      assert.equal(await undispatched(s, p), false);
    } finally {
      offParts();
      offAll();
    }
  });

  it('does not deliver events dispatched before a consumer was registered', async () => {
    const late: Seen[] = [];
    const id = await events.raise('d2.before', {});
    await waitFor('dispatch', async () => !(await undispatched(s, id)));
    const off = events.registerConsumer(recorder('c.late', 'd2.', late));
    try {
      await events.raise('d2.after', {});
      await waitFor('the later event', () => late.length === 1);
      await sleep(500);
      assert.deepEqual(
        late.map((x) => x.event.name),
        ['d2.after'],
      );
    } finally {
      off();
    }
  });

  it('retries a throwing consumer with backoff, then keeps the delivery failed with its error; re-runnable', async () => {
    const seen: Seen[] = [];
    let heal = false;
    const off = events.registerConsumer(
      recorder('c.throws', 'd3.', seen, { retryLimit: 2, retryDelay: 1, retryBackoff: true, fail: () => !heal }),
    );
    try {
      const id = await events.raise('d3.bad', {});
      const [failed] = await waitFor(
        'the delivery to fail for good',
        async () => {
          const f = await events.deliveries({ consumer: 'c.throws', state: 'failed' });
          return f.length > 0 && f;
        },
        25_000,
      );
      assert.equal(seen.length, 3, 'first attempt + 2 retries');
      assert.deepEqual(
        seen.map((x) => x.ctx.attempt),
        [0, 1, 2],
      );
      assert.ok(seen[1]!.at - seen[0]!.at >= 900, 'waited before the first retry');
      assert.ok(seen[2]!.at - seen[1]!.at >= 1900, 'backed off before the second retry');
      assert.equal(failed!.eventId, id);
      assert.equal(failed!.attempts, 3);
      assert.equal(failed!.maxAttempts, 3);
      assert.equal(failed!.error, 'boom on d3.bad (attempt 2)');

      heal = true;
      await events.retryDelivery(failed!.jobId);
      await waitFor(
        'the re-run',
        async () => (await events.deliveries({ consumer: 'c.throws', state: 'completed' })).length === 1,
      );
      assert.equal(seen.length, 4);
    } finally {
      off();
    }
  });

  it('times out a hanging consumer, aborting its signal', async () => {
    let reason: unknown;
    const off = events.registerConsumer({
      key: 'c.hangs',
      timeoutSeconds: 1,
      retryLimit: 0,
      wants: (e) => e.name === 'd4.slow',
      process: (_e, ctx) =>
        new Promise<void>(() => {
          ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
        }),
    });
    try {
      await events.raise('d4.slow', {});
      const [failed] = await waitFor('the timeout', async () => {
        const f = await events.deliveries({ consumer: 'c.hangs', state: 'failed' });
        return f.length > 0 && f;
      });
      assert.match(failed!.error!, /event consumer "c.hangs" timed out after 1s on d4.slow #\d+/);
      assert.match(String((reason as Error).message), /timed out/);
    } finally {
      off();
    }
  });

  it('fails a job whose consumer is not registered in the worker process, and retries it', async () => {
    const id = await events.raise('d5.orphan', {});
    const data: EventJobData = { eventId: id, name: 'd5.orphan', consumer: 'c.elsewhere', timeoutSeconds: 5 };
    const jobId = await s.app.services.jobs!.send(EVENT_JOB_QUEUE, data, { retryLimit: 1, retryDelay: 1 });
    const first = await waitFor('the first attempt to fail', async () => {
      const j = await s.app.services.jobs!.getJob(EVENT_JOB_QUEUE, jobId!);
      return j?.state === 'retry' && j;
    });
    assert.match(
      String(first.output?.message),
      /event consumer "c.elsewhere" is not registered in this process .*; the job will be retried/,
    );
    const seen: Seen[] = [];
    const off = events.registerConsumer(recorder('c.elsewhere', 'nothing-dispatched-to-me', seen));
    try {
      await waitFor(
        'the retry to succeed',
        async () => (await s.app.services.jobs!.getJob(EVENT_JOB_QUEUE, jobId!))?.state === 'completed',
      );
      assert.deepEqual(
        seen.map((x) => x.event.id),
        [id],
      );
    } finally {
      off();
    }
  });

  it('with the gate closed marks events dispatched without jobs; a failing gate leaves them pending', async () => {
    const seen: Seen[] = [];
    const off = events.registerConsumer(recorder('c.gated', 'd6.', seen));
    try {
      events.setDispatchGate(async () => false);
      const skipped = await events.raise('d6.skipped', {});
      await waitFor('the closed-gate dispatch', async () => !(await undispatched(s, skipped)));

      events.setDispatchGate(async () => {
        throw new Error('settings unavailable');
      });
      const pending = await events.raise('d6.pending', {});
      await sleep(500);
      assert.equal(await undispatched(s, pending), true, 'the claim rolled back with the failed batch');

      events.setDispatchGate(async () => true);
      await events.dispatchNow();
      await waitFor('the pending event', () => seen.length === 1);
      await sleep(300);
      assert.deepEqual(
        seen.map((x) => x.event.name),
        ['d6.pending'],
      );
    } finally {
      events.setDispatchGate(async () => true);
      off();
    }
  });
});

describe('event dispatch with several servers on one database', () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const s of servers.reverse()) await s.stop();
  });

  it('processes each event once per consumer although every server dispatches and works', async () => {
    const a = await startTestServer({ env: FAST_JOBS, keepDatabase: false });
    servers.push(a);
    const b = await startTestServer({ env: FAST_JOBS, databaseUrl: a.databaseUrl });
    servers.push(b);
    const seen: Seen[] = [];
    const other: Seen[] = [];
    for (const [name, s] of [
      ['A', a],
      ['B', b],
    ] as const) {
      s.app.services.events!.registerConsumer(recorder('c.once', 'm1.', seen, { by: name }));
      s.app.services.events!.registerConsumer(recorder('c.second', 'm1.', other, { by: name }));
    }
    const ids: string[] = [];
    // Raised through both servers' services, interleaved.
    for (let i = 0; i < 20; i++) ids.push(await (i % 2 ? a : b).app.services.events!.raise(`m1.e${i}`, { i }));
    await waitFor('20 deliveries per consumer', () => seen.length >= 20 && other.length >= 20, 20_000);
    await sleep(1500);
    for (const list of [seen, other]) {
      assert.equal(list.length, 20);
      assert.deepEqual(list.map((x) => x.event.id).sort(), [...ids].sort(), 'every event exactly once');
    }
  });

  it('a web server only enqueues; a worker server runs the jobs', async () => {
    const web = await startTestServer({ env: { ...FAST_JOBS, PARTGRAPH_ROLE: 'web' } });
    servers.push(web);
    const worker = await startTestServer({
      env: { ...FAST_JOBS, PARTGRAPH_ROLE: 'worker' },
      databaseUrl: web.databaseUrl,
    });
    servers.push(worker);
    assert.equal(web.app.services.jobs!.runsWorkers, false);
    assert.equal(worker.app.services.jobs!.runsWorkers, true);
    const seen: Seen[] = [];
    web.app.services.events!.registerConsumer(recorder('c.roles', 'r1.', seen, { by: 'web' }));
    worker.app.services.events!.registerConsumer(recorder('c.roles', 'r1.', seen, { by: 'worker' }));
    for (let i = 0; i < 6; i++) await web.app.services.events!.raise(`r1.e${i}`, {});
    await waitFor('six deliveries', () => seen.length === 6);
    assert.deepEqual([...new Set(seen.map((x) => x.by))], ['worker']);
  });
});
