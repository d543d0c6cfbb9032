// withTimeout: a plugin that hangs must not hang the UI query (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withTimeout } from './ui-support.js';

describe('withTimeout', () => {
  it('passes values and errors through when in time', async () => {
    assert.equal(await withTimeout(Promise.resolve(7), 50, 'x'), 7);
    assert.equal(await withTimeout(8, 50, 'x'), 8);
    await assert.rejects(withTimeout(Promise.reject(new Error('boom')), 50, 'x'), /boom/);
  });

  it('rejects naming what did not answer when the time is up', async () => {
    const started = Date.now();
    await assert.rejects(
      withTimeout(new Promise(() => {}), 30, 'getUiPanels(PART)'),
      /getUiPanels\(PART\) did not answer within 30 ms/,
    );
    assert.ok(Date.now() - started < 1000);
  });
});
