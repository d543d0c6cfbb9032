// A plugin author's path, from an empty folder outside the repository: scaffold a plugin with
// `plugins create`, install the packed SDK (`npm pack` of sdk/), type-check it with plain tsc
// (and see a wrong type fail), build it, run its generated test (which starts a real server with
// the test kit), do the same for the worked example in docs/plugins.md, and load the packed
// plugin into a running server. No registry is used: the SDK comes from its tarball and
// typescript, @types/node and graphql are linked from this repository's node_modules.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase } from './support/db.js';
import { gqlAt, startServerProcess } from './support/process.js';
import { runCli } from './plugin-registry-helpers.js';

const ROOT = path.resolve('.');
const BIN = path.join(ROOT, 'node_modules/.bin');
const LINKED = ['typescript', '@types/node', 'graphql'];
let work: string;
let sdkTarball: string;

interface Run {
  code: number;
  output: string;
}

/** Runs a command with this repository's Node 24 first on PATH; never throws. */
function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        env: {
          PATH: `${BIN}:${process.env.PATH}`,
          HOME: process.env.HOME ?? work,
          npm_config_update_notifier: 'false',
        },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, cwd);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed:\n${r.output}`);
  return r.output;
}

/** `npm pack` of a folder into `dest`; returns the tarball's path. */
async function pack(dir: string, dest: string): Promise<string> {
  const out = await ok('npm', ['pack', '--pack-destination', dest, '--silent'], dir);
  return path.join(dest, out.trim().split('\n').pop()!.trim());
}

/** Scaffolds a plugin and installs its dev dependencies without the registry. */
async function scaffold(name: string, mixins: string): Promise<string> {
  const cli = await runCli(
    ['plugins', 'create', name, '--dir', work, '--mixins', mixins, '--sdk', `file:${sdkTarball}`],
    {},
  );
  assert.equal(cli.code, 0, cli.stderr);
  const dir = path.join(work, name);
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as { devDependencies: Record<string, string> };
  assert.deepEqual(Object.keys(pkg.devDependencies).sort(), ['@types/node', 'graphql', 'partgraph', 'typescript']);
  // The SDK from its tarball (npm, offline); the rest linked from this repository.
  pkg.devDependencies = { partgraph: pkg.devDependencies.partgraph };
  await writeFile(pkgFile, JSON.stringify(pkg, null, 2));
  await ok('npm', ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts'], dir);
  await mkdir(path.join(dir, 'node_modules/@types'), { recursive: true });
  for (const p of LINKED) await symlink(path.join(ROOT, 'node_modules', p), path.join(dir, 'node_modules', p));
  return dir;
}

const tsc = (dir: string) =>
  run(path.join(dir, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], dir);

/** The code block after `<!-- worked-example: FILE -->` in docs/plugins.md. */
function docsBlock(docs: string, file: string): string {
  const m = new RegExp(`<!-- worked-example: ${file.replace('.', '\\.')} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(
    docs,
  );
  assert.ok(m, `docs/plugins.md has no worked-example block for ${file}`);
  return m[1];
}

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'partgraph-sdk-'));
  sdkTarball = await pack(path.join(ROOT, 'sdk'), work);
});
after(() => rm(work, { recursive: true, force: true }));

test('a scaffolded plugin type-checks against the packed SDK, a wrong type fails, and its own test passes', async () => {
  const dir = await scaffold('my-first-plugin', 'graphql,settings,events');
  const source = await readFile(path.join(dir, 'src/index.ts'), 'utf8');
  assert.match(source, /from 'partgraph\/plugin'/);
  assert.doesNotMatch(source, /from '\.\.?\//, 'imports only the SDK');
  const clean = await tsc(dir);
  assert.equal(clean.code, 0, clean.output);

  await writeFile(
    path.join(dir, 'src/broken.ts'),
    "import { SERVER_VERSION, NotInTheApi } from 'partgraph/plugin';\nexport const n: number = SERVER_VERSION;\nexport { NotInTheApi };\n",
  );
  const broken = await tsc(dir);
  assert.notEqual(broken.code, 0);
  assert.match(broken.output, /TS2322/, 'string SERVER_VERSION is not a number');
  assert.match(broken.output, /TS2305|TS2724/, 'a name outside the API is not exported');
  await rm(path.join(dir, 'src/broken.ts'));

  const t = await run('npm', ['test'], dir);
  assert.equal(t.code, 0, t.output);
  assert.match(t.output, /pass 3/);
  assert.match(t.output, /fail 0/);
});

test('the worked example in docs/plugins.md type-checks, builds and passes its test', async () => {
  const docs = await readFile(path.join(ROOT, 'docs/plugins.md'), 'utf8');
  const dir = await scaffold('shelf-labels', 'graphql,settings,events');
  for (const file of ['src/index.ts', 'test/plugin.test.ts'])
    await writeFile(path.join(dir, file), docsBlock(docs, file));
  const checked = await tsc(dir);
  assert.equal(checked.code, 0, checked.output);
  const t = await run('npm', ['test'], dir);
  assert.equal(t.code, 0, t.output);
  assert.match(t.output, /pass 2/);
});

test('plugins create refuses a bad name, an unknown mixin and a non-empty folder, and writes nothing', async () => {
  const bad = await runCli(['plugins', 'create', 'My_Plugin', '--dir', work], {});
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /plugin name "My_Plugin" is not valid/);
  const mixin = await runCli(['plugins', 'create', 'ok-name', '--dir', work, '--mixins', 'graphql,telepathy'], {});
  assert.equal(mixin.code, 2);
  assert.match(mixin.stderr, /unknown mixin\(s\) "telepathy"/);
  await mkdir(path.join(work, 'taken'));
  await writeFile(path.join(work, 'taken/file.txt'), 'x');
  const taken = await runCli(['plugins', 'create', 'taken', '--dir', work], {});
  assert.equal(taken.code, 2);
  assert.match(taken.stderr, /already exists and is not empty/);
  await assert.rejects(readFile(path.join(work, 'ok-name/package.json')));
});

/** Packs the scaffolded, built my-first-plugin (the first test built it). */
async function packedPlugin(): Promise<string> {
  return pack(path.join(work, 'my-first-plugin'), work);
}

/** A GraphQL call as the admin: asserts it has no errors and resolves to its data. */
type AdminCall = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** Runs `body` against a server process on a fresh database, signed in as admin; stops and drops both after. */
async function withAdminServer(env: Record<string, string>, body: (call: AdminCall) => Promise<void>): Promise<void> {
  const db = await createTestDatabase();
  const server = await startServerProcess({
    DATABASE_URL: db.url,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'admin-password',
    ...env,
  });
  try {
    const login = await gqlAt<{ login: { token: string } }>(
      server.url,
      'mutation { login(username: "admin", password: "admin-password") { token } }',
    );
    const token = login.data!.login.token;
    await body(async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const r = await gqlAt<T>(server.url, query, variables, token);
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      return r.data as T;
    });
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.drop();
  }
}

/** Activates the scaffolded plugin and checks that its query answers. */
async function activateAndGreet(call: AdminCall): Promise<void> {
  await call('mutation { activatePlugin(key: "my-first-plugin", active: true) { active } }');
  const hello = await call<{ myFirstPluginHello: string }>('{ myFirstPluginHello }');
  assert.equal(hello.myFirstPluginHello, 'Hello, admin');
}

test('the packed plugin, unpacked into a plugins folder, loads into a running server and contributes', async () => {
  const tarball = await packedPlugin();
  const pluginsDir = path.join(work, 'plugins');
  await mkdir(pluginsDir);
  await ok('tar', ['-xzf', tarball, '-C', pluginsDir], work);
  await rename(path.join(pluginsDir, 'package'), path.join(pluginsDir, 'my-first-plugin'));
  await withAdminServer({ DATA_DIR: path.join(work, 'data-folder'), PLUGIN_DIR: pluginsDir }, activateAndGreet);
});

// The last step of "Getting started" in docs/plugins.md: pack, installPlugin, activate, use.
test('installPlugin installs the packed plugin into a running server, which then contributes', async () => {
  const env = { DATA_DIR: path.join(work, 'data-install'), PLUGIN_DIR: path.join(work, 'no-plugins') };
  await withAdminServer(env, async (call) => {
    await call('mutation { updateGlobalSetting(key: "ENABLE_PLUGINS_INSTALL", value: "true") { value } }');
    const installed = await call<{ installPlugin: { keys: string[] } }>(
      'mutation($p: String!) { installPlugin(packageName: $p) { keys } }',
      { p: await packedPlugin() },
    );
    assert.deepEqual(installed.installPlugin.keys, ['my-first-plugin']);
    await activateAndGreet(call);
  });
});
