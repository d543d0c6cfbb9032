// partgraph/testing: the test kit for a plugin's own tests (node:test or any runner). Starts a real
// PartGraph server process on a throwaway embedded Postgres (in a temp DATA_DIR, removed at stop)
// with the plugin folder loaded and its plugins activated, and gives an authenticated GraphQL
// client over HTTP and a graphql-ws client. Must stay true: it imports nothing from the server's
// source (it ships in the SDK package); the server is found at run time (see findServer).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface StartOptions {
  /** The plugin folder to load (its package.json has `"partgraph": { "plugin": ... }`). Default: process.cwd(). */
  pluginDir?: string;
  /** The PartGraph server checkout or package (holds dist/src/cli/main.js). Default: see findServer(). */
  serverDir?: string;
  /** Keys to activate; default: every plugin found in pluginDir. `[]` activates none. */
  activate?: string[];
  /** Extra server environment (e.g. DATABASE_URL to use an existing database instead of embedded Postgres). */
  env?: Record<string, string>;
  /** How long the server may take to start (default 60 s). */
  startTimeoutMs?: number;
}

/** A graphql-ws client on the server's /graphql, signed in as the admin. */
export interface WsClient {
  /** Runs a subscription (or query); iterate the results, `break` to unsubscribe. */
  subscribe<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): AsyncIterableIterator<Omit<GqlResult<T>, 'status'>>;
  close(): Promise<void>;
}

export interface PartGraphTestServer {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** A superuser's bearer token (ADMIN_USERNAME "admin"). */
  adminToken: string;
  /** The keys of the plugins found in pluginDir. */
  pluginKeys: string[];
  /** POSTs a GraphQL operation, as the admin unless `token` is given (`null` = anonymous). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResult<T>>;
  login(username: string, password: string): Promise<string>;
  setPluginActive(key: string, active: boolean): Promise<void>;
  ws(token?: string): WsClient;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'admin-test-password' };

/**
 * The server to run: `serverDir`, else $PARTGRAPH_SERVER_DIR, else the PartGraph checkout that
 * built this SDK (recorded in server.json next to this file at build time).
 */
export function findServer(serverDir?: string): string {
  const recorded = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.json');
  const candidates = [
    serverDir,
    process.env.PARTGRAPH_SERVER_DIR,
    existsSync(recorded) ? (JSON.parse(readFileSync(recorded, 'utf8')) as { serverDir: string }).serverDir : undefined,
  ].filter((d): d is string => !!d);
  for (const dir of candidates) if (existsSync(path.join(dir, 'dist/src/cli/main.js'))) return path.resolve(dir);
  throw new Error(
    `partgraph/testing cannot find a built PartGraph server (looked in: ${candidates.join(', ') || 'nothing'}); ` +
      'set PARTGRAPH_SERVER_DIR to a PartGraph checkout where `npm run build` has run',
  );
}

function pluginPackageName(pluginDir: string): string {
  const file = path.join(pluginDir, 'package.json');
  if (!existsSync(file)) throw new Error(`${pluginDir} has no package.json: pass pluginDir, the plugin's folder`);
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string };
  return (pkg.name ?? path.basename(pluginDir)).replace(/^@[^/]+\//, '');
}

function waitForListening(child: ChildProcess, out: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PartGraph did not start in ${timeoutMs} ms:\n${out()}`));
    }, timeoutMs);
    const check = () => {
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(out());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PartGraph exited with ${code} during start:\n${out()}`));
    });
  });
}

interface PluginRow {
  key: string;
  path: string | null;
}

interface RegistryError {
  path: string | null;
  stage: string;
  message: string;
}

/** Starts PartGraph with the plugin folder loaded and its plugins active. Call stop() when done. */
export async function startPartGraph(options: StartOptions = {}): Promise<PartGraphTestServer> {
  const pluginDir = path.resolve(options.pluginDir ?? process.cwd());
  const serverDir = findServer(options.serverDir);
  const work = await mkdtemp(path.join(os.tmpdir(), 'partgraph-test-'));
  // Embedded Postgres runs as another user when we are root: it must be able to enter DATA_DIR.
  await chmod(work, 0o755);
  const pluginsDir = path.join(work, 'plugins');
  await mkdir(pluginsDir);
  const linked = path.join(pluginsDir, pluginPackageName(pluginDir));
  await symlink(pluginDir, linked, 'dir');
  const localNode = path.join(serverDir, 'node_modules/.bin/node');
  let out = '';
  const child = spawn(
    existsSync(localNode) ? localNode : process.execPath,
    [path.join(serverDir, 'dist/src/cli/main.js'), 'serve'],
    {
      cwd: serverDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? work,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: path.join(work, 'data'),
        PLUGIN_DIR: pluginsDir,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        ...options.env,
        LOG_LEVEL: 'info', // the kit waits for the "listening on" line
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process ends without stop() (a crash, a timeout), the server must not outlive it.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  const stop = async () => {
    process.removeListener('exit', orphanGuard);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(work, { recursive: true, force: true });
  };
  try {
    const port = await waitForListening(child, () => out, options.startTimeoutMs ?? 60_000);
    const url = `http://127.0.0.1:${port}/graphql`;
    const request = async <T>(query: string, variables: Record<string, unknown>, token: string | null) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { ...((await res.json()) as Omit<GqlResult<T>, 'status'>), status: res.status };
    };
    const login = async (username: string, password: string) => {
      const r = await request<{ login: { token: string } }>(
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        { u: username, p: password },
        null,
      );
      if (!r.data?.login) throw new Error(`login as ${username} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login.token;
    };
    const adminToken = await login(ADMIN.username, ADMIN.password);
    const gql = <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = adminToken) =>
      request<T>(query, variables, token);
    const setPluginActive = async (key: string, active: boolean) => {
      const r = await gql('mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a) { active } }', {
        k: key,
        a: active,
      });
      if (r.errors) throw new Error(`activatePlugin(${key}, ${active}) failed: ${JSON.stringify(r.errors)}`);
    };
    const listed = await gql<{ plugins: PluginRow[]; pluginRegistryStatus: { errors: RegistryError[] } }>(
      '{ plugins { key path } pluginRegistryStatus { errors { path stage message } } }',
    );
    const mine = (listed.data?.plugins ?? []).filter((p) => p.path?.startsWith(linked));
    const problems = (listed.data?.pluginRegistryStatus.errors ?? []).filter((e) => e.path?.startsWith(linked));
    if (!mine.length)
      throw new Error(
        `no plugin was found in ${pluginDir} (build it first?); registry errors: ${JSON.stringify(problems)}`,
      );
    for (const key of options.activate ?? mine.map((p) => p.key)) await setPluginActive(key, true);
    return {
      url,
      adminToken,
      pluginKeys: mine.map((p) => p.key),
      gql,
      login,
      setPluginActive,
      ws: (token = adminToken) => wsClient(serverDir, url, token),
      output: () => out,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

interface GraphQLWsClient {
  iterate(payload: { query: string; variables?: Record<string, unknown> }): AsyncIterableIterator<unknown>;
  dispose(): void | Promise<void>;
}

/** graphql-ws's client, taken from the server's own dependencies (the SDK has none of its own). */
function wsClient(serverDir: string, url: string, token: string): WsClient {
  const require = createRequire(path.join(serverDir, 'package.json'));
  const { createClient } = require('graphql-ws') as {
    createClient(o: Record<string, unknown>): GraphQLWsClient;
  };
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: globalThis.WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  return {
    subscribe: <T>(query: string, variables?: Record<string, unknown>) =>
      client.iterate({ query, variables }) as AsyncIterableIterator<Omit<GqlResult<T>, 'status'>>,
    close: async () => {
      await client.dispose();
    },
  };
}
