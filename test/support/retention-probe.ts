// Run with --expose-gc by test/live-subscriptions-retention.test.ts: 20 subscriptions executed by
// graphql-js (`subscribe`) over event channels (src/events/channel.ts), each wrapped by
// LiveSubscriptions as the WebSocket server does, receive `DELIVERIES` events in total; prints the
// heap growth per delivery (after a warm-up, measured after full GCs) as JSON on stdout.
import { buildSchema, parse, subscribe, type ExecutionResult } from 'graphql';
import { channel, type Channel } from '../../src/events/channel.js';
import { LiveSubscriptions } from '../../src/server/live-subscriptions.js';

const SUBSCRIPTIONS = 20;
const DELIVERIES = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const schema = buildSchema(
  'type Query { ok: Boolean } type Subscription { tick(names: [String!]): Tick! } type Tick { n: Int! name: String! }',
);
const feeds: Channel<{ tick: { n: number; name: string } }>[] = [];
schema.getSubscriptionType()!.getFields().tick!.subscribe = () => {
  const ch = channel<{ tick: { n: number; name: string } }>(() => undefined, 1_000_000);
  feeds.push(ch);
  return ch.iterator;
};
const live = new LiveSubscriptions();
const document = parse('subscription { tick(names: ["part.*"]) { n name } }');
let delivered = 0;
const done: Promise<void>[] = [];
for (let i = 0; i < SUBSCRIPTIONS; i++) {
  const result = await subscribe({ schema, document });
  const stream = live.track(result as AsyncIterable<ExecutionResult>, { schema, document });
  done.push(
    (async () => {
      for await (const r of stream) if (r.data) delivered++;
    })(),
  );
}

async function deliver(rounds: number): Promise<void> {
  const target = delivered + rounds * SUBSCRIPTIONS;
  for (let n = 0; n < rounds; n++) {
    for (const f of feeds) f.push({ tick: { n, name: 'part.created' } });
    if (n % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  while (delivered < target) await new Promise((r) => setImmediate(r));
}

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

await deliver(500); // warm-up: compiled code, caches
const before = await heap();
await deliver(DELIVERIES / SUBSCRIPTIONS);
const after = await heap();
for (const f of feeds) f.end();
await Promise.all(done);
console.log(
  JSON.stringify({ deliveries: DELIVERIES, bytes: after - before, perDelivery: (after - before) / DELIVERIES }),
);
