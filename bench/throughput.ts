// `npm run bench throughput`: requests per second, p99 latency and server CPU per request of
// PartGraph as shipped against peers on the same database and data, each server in its own
// process, loaded by autocannon (32 connections), in interleaved rounds (the order rotates) so
// machine noise hits all alike. Peers: PartGraph's schema and resolvers on bare @apollo/server
// with the same auth work (ORM fork + token look-up per request), fastify + mercurius +
// graphql-jit, and raw node:http + graphql-jit, the last two with hand-written `pg` resolvers.
// Every server's `data` is checked identical before measuring. Ratios are per round
// (peer / PartGraph), reported as median and range.
// PartGraph also runs a second time with OPERATION_USAGE=false: the cost of operation usage
// recording, per round, as req/s and CPU per request (issue 15: < 3 %).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import type { App } from '../src/server/app.js';
import { startPeer, type PeerProcess } from './peer-process.js';
import type { Bench } from './registry.js';
import { median } from './stats.js';

export const QUERIES = {
  list: '{ parts(limit: 20) { totalCount items { id name ipn category { id name } } } }',
  me: '{ me { username } }',
};

async function gql(url: string, query: string, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** 10 categories, 200 parts, 5 locations, 1,000 stock items, through the API. */
export async function seed(url: string, token: string): Promise<void> {
  const batch = async (mutation: string, inputType: string, inputs: Array<Record<string, unknown>>) => {
    const out: string[] = [];
    for (let i = 0; i < inputs.length; i += 50) {
      const chunk = inputs.slice(i, i + 50);
      const vars = chunk.map((_, j) => `$i${j}: ${inputType}!`).join(', ');
      const fields = chunk.map((_, j) => `a${j}: ${mutation}(input: $i${j}) { id }`).join(' ');
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation(${vars}) { ${fields} }`,
          variables: Object.fromEntries(chunk.map((v, j) => [`i${j}`, v])),
        }),
      });
      const body = (await res.json()) as { data?: Record<string, { id: string }>; errors?: unknown };
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      out.push(...chunk.map((_, j) => body.data![`a${j}`]!.id));
    }
    return out;
  };
  const cats = await batch(
    'createPartCategory',
    'CreatePartCategoryInput',
    range(10).map((i) => ({ name: `Category ${i}` })),
  );
  const parts = await batch(
    'createPart',
    'CreatePartInput',
    range(200).map((i) => ({
      name: `Part ${String(i).padStart(3, '0')}`,
      ipn: i % 3 ? `IPN-${i}` : null,
      category: cats[i % 10],
    })),
  );
  const locs = await batch(
    'createStockLocation',
    'CreateStockLocationInput',
    range(5).map((i) => ({ name: `Location ${i}` })),
  );
  await batch(
    'createStockItem',
    'CreateStockItemInput',
    range(1000).map((i) => ({ part: parts[i % 200], location: locs[i % 5], quantity: 1 + (i % 7) })),
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Sample {
  rps: number;
  p99: number;
  cpuPerRequest: number;
  failed: number;
}

async function load(peer: PeerProcess, query: string, token: string, seconds: number): Promise<Sample> {
  const cpu0 = peer.cpuMs();
  const r = await autocannon({
    url: peer.url,
    connections: 32,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const cpu = peer.cpuMs() - cpu0;
  return {
    rps: r.requests.total / r.duration,
    p99: r.latency.p99,
    cpuPerRequest: cpu / Math.max(r.requests.total, 1),
    failed: r.errors + r.timeouts + r.non2xx,
  };
}

const USAGE_OFF = 'PartGraph, OPERATION_USAGE=false';

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

export async function runThroughput(app: App, token: string): Promise<string[]> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  await seed(app.url, token);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'partgraph-bench-peer-'));
  const env = { DATABASE_URL: app.databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: dir, PLUGIN_DIR: path.join(dir, 'none') };
  const peers: PeerProcess[] = [];
  try {
    peers.push(await startPeer('PartGraph', 'dist/src/cli/main.js', env));
    // The same build with operation usage recording off: the recording's cost (issue 15: < 3 %).
    peers.push(await startPeer(USAGE_OFF, 'dist/src/cli/main.js', { ...env, OPERATION_USAGE: 'false' }));
    // BENCH_BEFORE=<dir>: also PartGraph as built in another checkout (e.g. the commit before a change).
    if (process.env.BENCH_BEFORE)
      peers.push(await startPeer('PartGraph before', path.join(process.env.BENCH_BEFORE, 'dist/src/cli/main.js'), env));
    // BENCH_PEERS=partgraph: only the PartGraph contestants (e.g. just the recording's cost).
    if (process.env.BENCH_PEERS !== 'partgraph') {
      peers.push(
        await startPeer('bare Apollo (same schema, resolvers & auth)', 'dist/bench/peers/bare-apollo.js', env),
      );
      peers.push(await startPeer('fastify + mercurius + graphql-jit + pg', 'dist/bench/peers/mercurius.js', env));
      peers.push(await startPeer('node:http + graphql-jit + pg', 'dist/bench/peers/raw-http.js', env));
    }
    const lines = [
      `throughput: ${rounds} interleaved rounds of ${seconds} s per server and query, 32 connections (autocannon);`,
      '  seeded with 10 categories, 200 parts, 5 locations, 1,000 stock items through the API',
      '',
      '| query | server | req/s (median) | p99 ms (median) | CPU ms/request (median) | ratio req/s vs PartGraph: median (range) |',
      '|---|---|---|---|---|---|',
    ];
    // BENCH_QUERIES=list,me picks the queries (default: all).
    const recording: Array<[string, number[], number[]]> = [];
    const wanted = process.env.BENCH_QUERIES?.split(',');
    for (const [name, query] of Object.entries(QUERIES).filter(([n]) => !wanted || wanted.includes(n))) {
      const expected = await gql(peers[0]!.url, query, token);
      for (const p of peers.slice(1)) {
        const data = await gql(p.url, query, token);
        if (!isDeepStrictEqual(data, expected))
          throw new Error(
            `${p.name} answers ${name} differently:\n${JSON.stringify(data)}\nvs\n${JSON.stringify(expected)}`,
          );
      }
      for (const p of peers) await load(p, query, token, 1); // warm-up
      const samples = new Map<PeerProcess, Sample[]>(peers.map((p) => [p, []]));
      for (let r = 0; r < rounds; r++) {
        const order = [...peers.slice(r % peers.length), ...peers.slice(0, r % peers.length)];
        for (const p of order) samples.get(p)!.push(await load(p, query, token, seconds));
      }
      const ours = samples.get(peers[0]!)!;
      for (const p of peers) {
        const s = samples.get(p)!;
        const ratios = s.map((x, i) => x.rps / ours[i]!.rps);
        const failed = s.reduce((n, x) => n + x.failed, 0);
        lines.push(
          `| \`${name}\` | ${p.name} | ${f1(median(s.map((x) => x.rps)))} | ${f1(median(s.map((x) => x.p99)))} | ${f2(
            median(s.map((x) => x.cpuPerRequest)),
          )} | ${f2(median(ratios))} (${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))})${failed ? ` — ${failed} failed` : ''} |`,
        );
      }
      const off = peers.find((p) => p.name === USAGE_OFF);
      if (off)
        recording.push([
          name,
          samples.get(off)!.map((x, i) => 1 - ours[i]!.rps / x.rps),
          samples.get(off)!.map((x, i) => ours[i]!.cpuPerRequest / x.cpuPerRequest - 1),
        ]);
    }
    // Per round: 1 - req/s with recording / req/s without (negative = within noise, recording faster).
    // and CPU per request with / without - 1 (what recording adds to each request's CPU).
    for (const [name, costs, cpu] of recording)
      lines.push(
        '',
        `  usage recording cost on \`${name}\`: ${pct(median(costs))} of req/s (median; range ${pct(Math.min(...costs))} to ${pct(Math.max(...costs))}), ${pct(median(cpu))} CPU per request (range ${pct(Math.min(...cpu))} to ${pct(Math.max(...cpu))})`,
      );
    lines.push('', `  queries: list = ${QUERIES.list}`, `           me = ${QUERIES.me}`);
    return lines;
  } finally {
    for (const p of peers) await p.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export const throughputBench: Bench = { name: 'throughput', run: runThroughput };
