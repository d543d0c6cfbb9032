// Opening the configured database for a one-off CLI command, and the command shape.
import type { AppConfig } from '../config.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { openOrm, type MikroORM } from '../db/orm.js';

export interface Command {
  summary: string;
  run(args: string[], config: AppConfig): Promise<number>;
}

/** Opens the configured database (starting the embedded one if needed) for a one-off command. */
export async function withDatabase<T>(config: AppConfig, fn: (orm: MikroORM) => Promise<T>): Promise<T> {
  const db = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  const orm = await openOrm(config.databaseUrl ?? db!.url);
  try {
    return await fn(orm);
  } finally {
    await orm.close();
    await db?.stop();
  }
}
