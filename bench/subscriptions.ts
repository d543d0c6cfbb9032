// `npm run bench subscriptions`: fan-out of committed events to many graphql-ws subscribers,
// PartGraph as shipped (events inserted into its outbox, delivered through Postgres NOTIFY and
// its bus) against bare graphql-ws + graphql-js with an in-memory pubsub, each in its own
// process, alternated over rounds; neither server's CPU includes creating the events. Reports
// deliveries/s in a burst (subscribers x events / time from the publish to the last delivery),
// event→client p50/p99 (from the event's createdAt) in the burst and with events paced well below
// capacity, and server CPU per delivery.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import type { App } from '../src/server/app.js';
import { startPeer, type PeerProcess } from './peer-process.js';
import type { Bench } from './registry.js';
import { median, percentile } from './stats.js';

const SUBSCRIPTION = 'subscription { events(names: ["part.*"]) { id name model createdAt } }';

interface Round {
  perSecond: number;
  p50: number;
  p99: number;
  cpuPerDelivery: number;
  /** event→client latency with events paced well below capacity */
  pacedP50: number;
  pacedP99: number;
}

interface Pace {
  /** events per second */
  rate: number;
  events: number;
}

/**
 * Injects `n` events the same way for every server, so its CPU counts only the fan-out: into
 * PartGraph's outbox in one statement (its own path: the insert trigger NOTIFYs, every bus reads
 * the rows), into the peer's in-memory pubsub through one HTTP request.
 */
async function publish(peer: PeerProcess, db: pg.Pool, n: number): Promise<void> {
  if (!peer.name.startsWith('PartGraph')) {
    await fetch(peer.url.replace('/graphql', `/publish?n=${n}`), { method: 'POST' });
    return;
  }
  await db.query(
    `insert into events (name, model, instance_id, data) select 'part.created', 'part', g::text, '{}'::jsonb from generate_series(1, $1::int) g`,
    [n],
  );
}

async function round(
  peer: PeerProcess,
  db: pg.Pool,
  token: string,
  subscribers: number,
  events: number,
  pace: Pace,
): Promise<Round> {
  const clients: Client[] = [];
  let delivered = 0;
  const latencies: number[] = [];
  let lastAt = 0;
  let onDelivery = () => {};
  try {
    for (let i = 0; i < subscribers; i++) {
      const client = createClient({
        url: peer.url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: false,
      });
      clients.push(client);
      client.subscribe<{ events: { createdAt: string } }>(
        { query: SUBSCRIPTION },
        {
          next: (r) => {
            const at = Date.now();
            delivered++;
            lastAt = at;
            if (r.data) latencies.push(at - Date.parse(r.data.events.createdAt));
            onDelivery();
          },
          error: (e) => console.error(`${peer.name}: subscription failed`, e),
          complete: () => undefined,
        },
      );
    }
    // Every subscriber is live once a probe event reaches all of them.
    const all = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${peer.name}: ${delivered}/${n} deliveries`)), 120_000);
        onDelivery = () => {
          if (delivered >= n) {
            clearTimeout(timer);
            resolve();
          }
        };
        onDelivery();
      });
    await new Promise((r) => setTimeout(r, 1000));
    for (let tries = 0; ; tries++) {
      const before = delivered;
      await publish(peer, db, 1);
      const t = Date.now();
      while (delivered - before < subscribers && Date.now() - t < 3000) await new Promise((r) => setTimeout(r, 50));
      if (delivered - before >= subscribers) break;
      if (tries >= 10) throw new Error(`${peer.name}: only ${delivered - before}/${subscribers} subscribers live`);
    }
    delivered = 0;
    latencies.length = 0;
    const cpu0 = peer.cpuMs();
    const t0 = Date.now();
    await publish(peer, db, events);
    await all(subscribers * events);
    const cpu = peer.cpuMs() - cpu0;
    const burst = {
      perSecond: (subscribers * events) / ((lastAt - t0) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuPerDelivery: cpu / (subscribers * events),
    };
    // Below saturation: one event every 1/rate s, each fanned out to every subscriber.
    await new Promise((r) => setTimeout(r, 500));
    delivered = 0;
    latencies.length = 0;
    const start = Date.now();
    for (let i = 0; i < pace.events; i++) {
      await publish(peer, db, 1);
      const next = start + ((i + 1) * 1000) / pace.rate;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
    await all(subscribers * pace.events);
    return { ...burst, pacedP50: percentile(latencies, 50), pacedP99: percentile(latencies, 99) };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

export async function runSubscriptions(app: App, token: string): Promise<string[]> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
  const events = Number(process.env.BENCH_EVENTS ?? 200);
  // BENCH_PACED_RATE events/s (default 5, i.e. 5,000 deliveries/s at 1,000 subscribers) for BENCH_PACED_EVENTS events.
  const pace = {
    rate: Number(process.env.BENCH_PACED_RATE ?? 5),
    events: Number(process.env.BENCH_PACED_EVENTS ?? 20),
  };
  const db = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'partgraph-bench-sub-'));
  const env = {
    DATABASE_URL: app.databaseUrl,
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    PLUGIN_DIR: path.join(dir, 'none'),
    WS_MAX_SOCKETS_PER_USER: String(subscribers + 10),
  };
  const peers: PeerProcess[] = [];
  try {
    peers.push(await startPeer('PartGraph', 'dist/src/cli/main.js', env));
    peers.push(await startPeer('bare graphql-ws + graphql-js, in-memory pubsub', 'dist/bench/peers/bare-ws.js', env));
    const results = new Map<PeerProcess, Round[]>(peers.map((p) => [p, []]));
    for (let r = 0; r < rounds; r++) {
      for (const p of r % 2 ? [...peers].reverse() : peers)
        results.get(p)!.push(await round(p, db, token, subscribers, events, pace));
    }
    const ours = results.get(peers[0]!)!;
    const lines = [
      `subscriptions: ${subscribers} graphql-ws subscribers, bursts of ${events} events, then ${pace.events} events paced at ${pace.rate}/s, ${rounds} alternated rounds;`,
      '  events injected without a request per event: PartGraph rows inserted into its outbox in one statement (trigger → NOTIFY → bus), the peer through its in-memory pubsub',
      '',
      '| server | deliveries/s (median) | event→client p50 / p99 ms, burst (median) | event→client p50 / p99 ms, paced (median; p99 range) | CPU µs/delivery, burst | ratio deliveries/s vs PartGraph: median (range) |',
      '|---|---|---|---|---|---|',
    ];
    for (const p of peers) {
      const s = results.get(p)!;
      const ratios = s.map((x, i) => x.perSecond / ours[i]!.perSecond);
      const pacedP99 = s.map((x) => x.pacedP99);
      lines.push(
        `| ${p.name} | ${median(s.map((x) => x.perSecond)).toFixed(0)} | ${median(s.map((x) => x.p50)).toFixed(0)} / ${median(
          s.map((x) => x.p99),
        ).toFixed(0)} | ${median(s.map((x) => x.pacedP50)).toFixed(0)} / ${median(pacedP99).toFixed(0)} (${Math.min(
          ...pacedP99,
        ).toFixed(
          0,
        )}–${Math.max(...pacedP99).toFixed(0)}) | ${(median(s.map((x) => x.cpuPerDelivery)) * 1000).toFixed(1)} | ${median(ratios).toFixed(2)} (${Math.min(
          ...ratios,
        ).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
      );
    }
    return lines;
  } finally {
    for (const p of peers) await p.stop();
    await db.end();
    await rm(dir, { recursive: true, force: true });
  }
}

export const subscriptionsBench: Bench = { name: 'subscriptions', run: runSubscriptions };
