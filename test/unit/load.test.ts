// The end-to-end tests' load helper (test/support/load.ts) on its own, with requests that are
// plain promises: it counts every request, collects failures (reported or thrown), keeps the
// given number of requests in flight, and stops its workers even when the work in between throws.
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { underLoad } from '../support/load.js';

describe('underLoad', () => {
  it('keeps `concurrency` requests in flight until the work is done, and counts them', async () => {
    let inFlight = 0;
    let most = 0;
    let done = 0;
    const report = await underLoad(
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        inFlight--;
        done++;
        return undefined;
      },
      async () => {
        for (let i = 0; i < 20; i++) await tick();
        return 'work result';
      },
      { concurrency: 3 },
    );
    assert.equal(report.result, 'work result');
    assert.equal(most, 3);
    assert.equal(inFlight, 0, 'every worker finished its request before underLoad returned');
    assert.equal(report.requests, done);
    assert.ok(report.requests >= 3, `requests ${report.requests}`);
    assert.deepEqual(report.failures, []);
  });

  it('collects reported and thrown failures, and keeps going after them', async () => {
    let n = 0;
    const report = await underLoad(
      async () => {
        n++;
        await tick();
        if (n === 2) return 'bad answer';
        if (n === 3) throw new Error('connection reset');
        return undefined;
      },
      async () => {
        while (n < 6) await tick();
      },
      { concurrency: 1 },
    );
    assert.equal(report.failures.length, 2);
    assert.equal(report.failures[0], 'bad answer');
    assert.match(report.failures[1]!, /^request threw: Error: connection reset/);
    assert.ok(report.requests >= 6);
  });

  it('stops the workers and rethrows when the work throws', async () => {
    let started = 0;
    let active = 0;
    await assert.rejects(
      underLoad(
        async () => {
          started++;
          active++;
          await tick();
          active--;
          return undefined;
        },
        async () => {
          await tick();
          throw new Error('toggle failed');
        },
        { concurrency: 2 },
      ),
      /toggle failed/,
    );
    assert.equal(active, 0, 'the requests in flight finished first');
    const sent = started;
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(started, sent, 'no request is sent after underLoad settled');
  });
});
