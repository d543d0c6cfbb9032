// `npm run bench`: starts a real PartGraph server on a throwaway embedded PostgreSQL and runs
// every benchmark against it. Figures are medians and ratios against a baseline measured in
// the same run (these 2-core machines are noisy).
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config.js';
import { setLogLevel } from '../src/log.js';
import { App } from '../src/server/app.js';
import { appModules } from '../src/main/modules.js';
import { createUser } from '../src/auth/users.js';
import { benchHttpOverhead } from './http-overhead.js';
import { benches as extraBenches } from './registry.js';
import { writeSyntheticPlugins } from './toggle.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'partgraph-bench-'));
// 100 inactive synthetic plugins for the toggle benchmark (inactive plugins cost requests nothing).
await writeSyntheticPlugins(path.join(dir, 'plugins'));
const config = loadConfig({
  ...process.env,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dir,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
  PLUGIN_DIR: path.join(dir, 'plugins'),
});
// The level applies to this process's logger (loadConfig only reads it).
setLogLevel(config.logLevel);
const app = new App(config, { modules: appModules(config) });
await app.start();
try {
  await createUser(app.orm.em.fork() as EntityManager, {
    username: 'bench-admin',
    password: 'bench-password',
    isStaff: true,
    isSuperuser: true,
  });
  const login = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation { login(username: "bench-admin", password: "bench-password") { token } }',
    }),
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
  const only = process.argv[2];
  const all: Array<[string, () => Promise<string[]>]> = [
    ['http', () => benchHttpOverhead(app, token, Number(process.env.BENCH_ROUNDS ?? 2000))],
    ...extraBenches.map((b) => [b.name, () => b.run(app, token)] as [string, () => Promise<string[]>]),
  ];
  for (const [name, run] of all) {
    if (only && only !== name) continue;
    console.log(`\n# ${name}`);
    for (const line of await run()) console.log(line);
  }
} finally {
  await app.stop();
  await rm(dir, { recursive: true, force: true });
}
