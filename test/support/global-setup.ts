// Node test runner global setup: one embedded Postgres cluster for the whole run, unless
// DATABASE_URL points at an external server. Test files create their own databases on it.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';

let db: EmbeddedDatabase | undefined;
const dir = path.resolve('.test-data', `run-${process.pid}`);

export async function globalSetup(): Promise<void> {
  if (process.env.TEST_PG_ADMIN_URL) return;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/';
    process.env.TEST_PG_ADMIN_URL = u.toString();
    return;
  }
  db = await startEmbeddedPostgres(dir);
  process.env.TEST_PG_ADMIN_URL = db.adminUrl;
}

export async function globalTeardown(): Promise<void> {
  await db?.stop();
  if (db) await rm(dir, { recursive: true, force: true });
}
