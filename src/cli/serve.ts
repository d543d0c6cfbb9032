// `npm start`: run the server until SIGINT/SIGTERM, then drain and stop cleanly. Must stay
// true: the process exits after the stop, and at the latest SHUTDOWN_DRAIN_MS plus a short
// grace after the signal, whatever still runs (hung resolvers, open handles).
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig, ProcessRole } from '../config.js';
import { User } from '../db/entities/index.js';
import { logger } from '../log.js';
import { App } from '../server/app.js';
import { appModules } from '../main/modules.js';

const log = logger('serve');

const ROLES: ProcessRole[] = ['all', 'web', 'worker'];

/** After SHUTDOWN_DRAIN_MS, teardown (modules, ORM, embedded Postgres) gets this long before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** The start-up hint on how to sign in; how to create a first user only when there is none. */
async function signInHint(app: App, config: AppConfig): Promise<string | undefined> {
  if (config.adminUsername) {
    return `sign in: mutation { login(username: "${config.adminUsername}", password: "…") { token } } then send "Authorization: Bearer <token>"`;
  }
  const users = await (app.orm.em.fork() as EntityManager).count(User, {});
  if (users > 0) return undefined;
  return 'no users yet and no ADMIN_USERNAME/ADMIN_PASSWORD set: create a user with `npm run cli -- createuser --username admin --password … --superuser`, then call the login mutation';
}

/** `serve [--role all|web|worker]`: the flag overrides PARTGRAPH_ROLE. */
export function serveConfig(args: string[], config: AppConfig): AppConfig {
  const { values } = parseArgs({ args, options: { role: { type: 'string' } } });
  if (values.role === undefined) return config;
  if (!ROLES.includes(values.role as ProcessRole)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  return { ...config, role: values.role as ProcessRole };
}

export async function serve(config: AppConfig, args: string[] = []): Promise<number> {
  config = serveConfig(args, config);
  const app = new App(config, { modules: appModules(config) });
  await app.start();
  const where = `http://localhost:${app.port}/graphql`;
  const hint = await signInHint(app, config).catch((e: unknown) => {
    log.warn(`could not count users: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  });
  // The hint first: whoever waits for "listening on" (tests, scripts) has seen it by then.
  if (hint) log.info(hint);
  log.info(
    `PartGraph listening on ${where} (role ${config.role}; WebSocket subscriptions on ws://localhost:${app.port}/graphql)`,
  );
  const code = await new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        log.warn(`second ${sig}: exiting now`);
        process.exit(130);
      }
      log.info(`${sig} received`);
      // The hard deadline: a teardown step that hangs must not keep the process alive.
      setTimeout(() => {
        log.error(`shutdown did not finish within ${config.shutdownDrainMs + SHUTDOWN_GRACE_MS} ms: exiting now`);
        process.exit(1);
      }, config.shutdownDrainMs + SHUTDOWN_GRACE_MS).unref();
      app.stop().then(
        () => resolve(0),
        (e) => {
          log.error('shutdown failed', e);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  // Abandoned requests (sockets to the database, timers) would keep the event loop alive.
  setTimeout(() => process.exit(code), 100).unref();
  return code;
}
