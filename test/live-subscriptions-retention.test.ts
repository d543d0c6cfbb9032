// Open subscriptions keep no memory per delivered event: 100,000 deliveries to 20 subscriptions
// (graphql-js execution + LiveSubscriptions' endable stream, as on the WebSocket server) grow the
// heap by less than 50 bytes per delivery. Measured in a child process run with --expose-gc
// (test/support/retention-probe.ts). The old stream, which raced every event against a promise
// pending for the subscription's life, retained ~1.7 KB per delivery.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { promisify } from 'node:util';

const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'retention-probe.js');

it('heap stays flat over 100,000 deliveries to 20 open subscriptions (< 50 bytes per delivery)', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', probe, '100000'], {
    timeout: 120_000,
  });
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as { deliveries: number; perDelivery: number };
  assert.equal(r.deliveries, 100_000);
  assert.ok(r.perDelivery < 50, `retained ${r.perDelivery.toFixed(1)} bytes per delivery`);
});
