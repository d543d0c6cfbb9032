// The CLI's command table. Each command gets its argv tail and the config, returns an exit code.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { migrate } from '../db/orm.js';
import { baseSchemaSdl } from '../main/modules.js';
import { withDatabase, type Command } from './database.js';
import { createUser } from '../auth/users.js';
import { serve } from './serve.js';

export const SCHEMA_FILE = path.resolve('schema/schema.graphql');

export const commands: Record<string, Command> = {
  serve: {
    summary: 'serve [--role all|web|worker]: start the server (default; role overrides PARTGRAPH_ROLE)',
    run: (args, config) => serve(config, args),
  },
  migrate: {
    summary: 'apply pending database migrations',
    run: (_args, config) =>
      withDatabase(config, async (orm) => {
        const applied = await migrate(orm);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
        return 0;
      }),
  },
  createuser: {
    summary: 'createuser --username NAME --password PW [--email E] [--staff] [--superuser]',
    run: (args, config) => {
      const { values } = parseArgs({
        args,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          email: { type: 'string' },
          staff: { type: 'boolean', default: false },
          superuser: { type: 'boolean', default: false },
        },
      });
      if (!values.username || !values.password) throw new Error('createuser needs --username and --password');
      return withDatabase(config, async (orm) => {
        await migrate(orm);
        const user = await createUser(orm.em.fork() as EntityManager, {
          username: values.username!,
          password: values.password!,
          email: values.email,
          isStaff: values.staff || values.superuser,
          isSuperuser: values.superuser,
        });
        process.stdout.write(`created user ${user.username} (id ${user.id})\n`);
        return 0;
      });
    },
  },
  plugins: {
    summary:
      'plugins list | activate KEY [--force] | deactivate KEY [--force] | preview KEY --on|--off [--window 30d] | status | migrations KEY | migrate KEY | install NAME|TGZ [VERSION] | uninstall KEY [--delete-config] | create NAME',
    // Loaded on use: the plugin registry is not needed by the other commands.
    run: async (args, config) => (await import('./plugins.js')).pluginsCommand.run(args, config),
  },
  'schema:emit': {
    summary: 'write the base schema SDL (core + modules, no plugin) to schema/schema.graphql',
    run: async (_args, config) => {
      await mkdir(path.dirname(SCHEMA_FILE), { recursive: true });
      await writeFile(SCHEMA_FILE, await baseSchemaSdl(config));
      process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
      return 0;
    },
  },
};
