// A plugin toggle as a staff user sees it: the activatePlugin round trip over HTTP (persist,
// rebuild, validate, swap) with no other plugin active, then with 100 synthetic SDL plugins
// active, alternated (after the first round both sets are kept compositions, see
// src/plugin/composition/kept-compositions.ts); then, with the 100 active, toggles that lead to a
// set never composed before (cold: one synthetic plugin off); then toggles back to back with the 100 active while autocannon (16
// connections) sends a query that uses a core field and a plugin field no toggle removes: every
// response must be the same (failed = errors, timeouts, non-2xx, other bodies). The synthetic
// plugins are files written by `writeSyntheticPlugins` into a folder on PLUGIN_DIR before the
// server starts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import autocannon from 'autocannon';
import type { App } from '../src/server/app.js';
import type { Bench } from './registry.js';
import { fmt, median } from './stats.js';

const COUNT = 100;

export async function writeSyntheticPlugins(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < COUNT; i++) {
    const src = `import { InvenTreePlugin } from 'partgraph/plugin';
import { GraphQLMixin } from 'partgraph/plugin/mixins';
export class Synthetic${i} extends GraphQLMixin(InvenTreePlugin) {
  static NAME = 'Bench Synthetic ${i}';
  static GRAPHQL_TYPEDEFS = 'type BenchItem${i} { id: ID! label: String! } extend type Query { benchItems${i}: [BenchItem${i}!]! } extend type Part { bench${i}: String }';
  static GRAPHQL_RESOLVER_MAP = { Query: { benchItems${i}: () => [] }, Part: { bench${i}: (p) => p.name } };
}
`;
    await writeFile(path.join(dir, `synthetic-${i}.mjs`), src);
  }
}

async function toggle(app: App, token: string, active: boolean, key = 'part-statistics'): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation { activatePlugin(key: "${key}", active: ${active}) { active } }`,
    }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return performance.now() - t0;
}

async function setSynthetic(app: App, active: boolean): Promise<void> {
  await (app.orm.em.fork() as EntityManager).execute(
    `update plugin_configs set active = ? where key like 'bench-synthetic-%'`,
    [active],
  );
  await app.services.plugins!.reload({ collect: false });
  const running = app.services.plugins!.activeKeys().filter((k) => k.startsWith('bench-synthetic-')).length;
  if (running !== (active ? COUNT : 0))
    throw new Error(`expected ${active ? COUNT : 0} synthetic plugins running, got ${running}`);
}

export const toggleBench: Bench = {
  name: 'toggle',
  async run(app: App, token: string): Promise<string[]> {
    const rounds = Number(process.env.BENCH_TOGGLE_ROUNDS ?? 10);
    const without: number[] = [];
    const with100: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await setSynthetic(app, false);
      without.push(await toggle(app, token, true), await toggle(app, token, false));
      await setSynthetic(app, true);
      with100.push(await toggle(app, token, true), await toggle(app, token, false));
    }
    // Cold: turning off synthetic plugin r gives an active set never composed before (only the
    // type-graphql part is reused); turning it back on returns to a kept composition.
    const cold: number[] = [];
    await setSynthetic(app, true);
    for (let r = 0; r < rounds; r++) {
      cold.push(await toggle(app, token, false, `bench-synthetic-${r % COUNT}`));
      await toggle(app, token, true, `bench-synthetic-${r % COUNT}`);
    }
    const load = await underLoad(app, token);
    await setSynthetic(app, false);
    return [
      `activatePlugin round trip, no other plugin active:  median ${fmt(median(without))}`,
      `activatePlugin round trip, ${COUNT} plugins active:      median ${fmt(median(with100))}  (ratio ${(median(with100) / median(without)).toFixed(2)}x)`,
      `  the same, to an active set never composed before (cold): median ${fmt(median(cold))}`,
      `under load (${LOAD_CONNECTIONS} connections, ${load.seconds} s, ${COUNT} plugins active): ${load.toggles.length} toggles, median ${fmt(median(load.toggles))}; ` +
        `${load.requests} requests, ${load.failed} failed, p99 ${fmt(load.p99)}`,
    ];
  },
};

const LOAD_CONNECTIONS = 16;

/** Toggles back to back while autocannon runs; every response must equal the first one. */
async function underLoad(
  app: App,
  token: string,
): Promise<{ seconds: number; toggles: number[]; requests: number; failed: number; p99: number }> {
  const seconds = Number(process.env.BENCH_TOGGLE_LOAD_SECONDS ?? 5);
  await setSynthetic(app, true);
  const request = {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { username } benchItems0 { id } }' }),
  };
  // The same data every time (extensions carry the schema hash, which the toggles change).
  const dataOf = (body: string) => {
    const { data, errors } = JSON.parse(body) as { data?: unknown; errors?: unknown };
    return JSON.stringify({ data, errors });
  };
  const first = await (await fetch(app.url, request)).text();
  const expected = dataOf(first);
  if (!first.includes('"benchItems0":[]') || first.includes('"errors"')) throw new Error(`unexpected answer: ${first}`);
  const verifyBody = (body: string) => {
    try {
      return dataOf(body) === expected;
    } catch {
      return false;
    }
  };
  // autocannon returns a thenable, not a Promise.
  const loading = Promise.resolve(
    autocannon({ url: app.url, connections: LOAD_CONNECTIONS, duration: seconds, verifyBody, ...request }),
  );
  let done = false;
  void loading.finally(() => (done = true));
  const toggles: number[] = [];
  for (let on = true; !done; on = !on) toggles.push(await toggle(app, token, on));
  const r = await loading;
  if (app.services.plugins!.activeKeys().includes('part-statistics')) await toggle(app, token, false);
  return {
    seconds,
    toggles,
    requests: r.requests.total,
    failed: r.errors + r.timeouts + r.non2xx + r.mismatches,
    p99: r.latency.p99,
  };
}
