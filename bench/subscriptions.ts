// `npm run bench subscriptions`: fan-out of committed events to many graphql-ws subscribers,
// PartGraph as shipped (events raised by mutations, delivered through Postgres NOTIFY) against
// bare graphql-ws + graphql-js with an in-memory pubsub, each in its own process, alternated over
// rounds. Reports deliveries/s (subscribers x events / time from the first publish to the last
// delivery), event→client p50/p99 (from the event's createdAt) and server CPU ms per delivery.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
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
}

async function publish(peer: PeerProcess, token: string, n: number): Promise<void> {
  if (!peer.name.startsWith('PartGraph')) {
    await fetch(peer.url.replace('/graphql', `/publish?n=${n}`), { method: 'POST' });
    return;
  }
  const tag = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < n; i += 50) {
    const k = Math.min(50, n - i);
    const fields = Array.from(
      { length: k },
      (_, j) => `a${j}: createPart(input: { name: "sub-${tag}-${i + j}" }) { id }`,
    );
    const res = await fetch(peer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation { ${fields.join(' ')} }` }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  }
}

async function round(peer: PeerProcess, token: string, subscribers: number, events: number): Promise<Round> {
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
      await publish(peer, token, 1);
      const t = Date.now();
      while (delivered - before < subscribers && Date.now() - t < 3000) await new Promise((r) => setTimeout(r, 50));
      if (delivered - before >= subscribers) break;
      if (tries >= 10) throw new Error(`${peer.name}: only ${delivered - before}/${subscribers} subscribers live`);
    }
    delivered = 0;
    latencies.length = 0;
    const cpu0 = peer.cpuMs();
    const t0 = Date.now();
    await publish(peer, token, events);
    await all(subscribers * events);
    const cpu = peer.cpuMs() - cpu0;
    return {
      perSecond: (subscribers * events) / ((lastAt - t0) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuPerDelivery: cpu / (subscribers * events),
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

export async function runSubscriptions(app: App, token: string): Promise<string[]> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
  const events = Number(process.env.BENCH_EVENTS ?? 200);
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
        results.get(p)!.push(await round(p, token, subscribers, events));
    }
    const ours = results.get(peers[0]!)!;
    const lines = [
      `subscriptions: ${subscribers} graphql-ws subscribers, bursts of ${events} events, ${rounds} alternated rounds`,
      '',
      '| server | deliveries/s (median) | event→client p50 / p99 ms (median, in the burst) | CPU µs/delivery | ratio deliveries/s vs PartGraph: median (range) |',
      '|---|---|---|---|---|',
    ];
    for (const p of peers) {
      const s = results.get(p)!;
      const ratios = s.map((x, i) => x.perSecond / ours[i]!.perSecond);
      lines.push(
        `| ${p.name} | ${median(s.map((x) => x.perSecond)).toFixed(0)} | ${median(s.map((x) => x.p50)).toFixed(0)} / ${median(
          s.map((x) => x.p99),
        ).toFixed(
          0,
        )} | ${(median(s.map((x) => x.cpuPerDelivery)) * 1000).toFixed(1)} | ${median(ratios).toFixed(2)} (${Math.min(
          ...ratios,
        ).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
      );
    }
    return lines;
  } finally {
    for (const p of peers) await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export const subscriptionsBench: Bench = { name: 'subscriptions', run: runSubscriptions };
