// MikroORM set-up: one place that knows the entities, migrations and connection options.
import 'reflect-metadata';
import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { coreEntities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { guardStatement } from './query-counter.js';
import { SqlLogger, sqlDebugNamespaces, sqlLogWriter } from './sql-log.js';
import { logSqlMode } from '../config.js';
import { logger } from '../log.js';

const log = logger('db');

export function ormOptions(databaseUrl: string, extra: Partial<Options> = {}): Options {
  // LOG_SQL is read here (not from AppConfig) so every ORM, CLI and migration tool included, logs alike.
  const sqlMode = logSqlMode(process.env.LOG_SQL);
  return defineConfig({
    clientUrl: databaseUrl,
    entities: coreEntities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true, // we log applied migrations ourselves (src/db/orm.ts migrate)
    },
    pool: { min: 0, max: 20 },
    loggerFactory: (options) => new SqlLogger(options, sqlMode),
    logger: sqlLogWriter,
    onQuery: guardStatement, // per-request SQL budget (MAX_SQL_PER_REQUEST)
    debug: sqlDebugNamespaces(sqlMode),
    ...extra,
  });
}

export async function openOrm(databaseUrl: string): Promise<MikroORM> {
  return MikroORM.init(ormOptions(databaseUrl));
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  const names = applied.map((m) => m.name);
  if (names.length) log.info(`applied migrations: ${names.join(', ')}`);
  return names;
}

export type { MikroORM };
