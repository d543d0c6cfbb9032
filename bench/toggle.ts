// A plugin toggle as a staff user sees it: the activatePlugin round trip over HTTP (persist,
// rebuild, validate, swap) with no other plugin active, then with 100 synthetic SDL plugins
// active, alternated. The synthetic plugins are files written by `writeSyntheticPlugins` into a
// folder on PLUGIN_DIR before the server starts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
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

async function toggle(app: App, token: string, active: boolean): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation { activatePlugin(key: "part-statistics", active: ${active}) { active } }`,
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
    await setSynthetic(app, false);
    return [
      `activatePlugin round trip, no other plugin active:  median ${fmt(median(without))}`,
      `activatePlugin round trip, ${COUNT} plugins active:      median ${fmt(median(with100))}  (ratio ${(median(with100) / median(without)).toFixed(2)}x)`,
    ];
  },
};
