// `npm start`: run the server until SIGINT/SIGTERM, then drain and stop cleanly.
import { parseArgs } from 'node:util';
import type { AppConfig, ProcessRole } from '../config.js';
import { logger } from '../log.js';
import { App } from '../server/app.js';
import { appModules } from '../main/modules.js';

const log = logger('serve');

const ROLES: ProcessRole[] = ['all', 'web', 'worker'];

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
  log.info(`PartGraph listening on ${where} (role ${config.role}; WebSocket subscriptions on ws://localhost:${app.port}/graphql)`);
  log.info(
    config.adminUsername
      ? `sign in: mutation { login(username: "${config.adminUsername}", password: "…") { token } } then send "Authorization: Bearer <token>"`
      : 'no ADMIN_USERNAME/ADMIN_PASSWORD set: create a user with `npm run cli -- createuser --username admin --password … --superuser`, then call the login mutation',
  );
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        log.warn(`second ${sig}: exiting now`);
        process.exit(130);
      }
      log.info(`${sig} received`);
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
}
