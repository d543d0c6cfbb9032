// Starts a real server (real HTTP, real WebSocket, real Postgres) for a test, on a free port.
import { loadConfig, type AppConfig } from '../../src/config.js';
import { App, type AppModule } from '../../src/server/app.js';
import { appModules } from '../../src/main/modules.js';
import { createTestDatabase } from './db.js';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

export interface TestServer {
  app: App;
  url: string;
  databaseUrl: string;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  login(username?: string, password?: string): Promise<string>;
  /** Creates a user through the superuser API and returns a token for it. */
  userToken(opts: { username: string; staff?: boolean; superuser?: boolean }): Promise<string>;
  /** Turns a plugin on or off (staff mutation); throws on errors; resolves to whether it now runs. */
  setPluginActive(key: string, active: boolean, token?: string): Promise<boolean>;
  /** Sets a global setting (staff mutation; null = back to its default); throws on errors. */
  setGlobalSetting(key: string, value: string | null, token?: string): Promise<void>;
  adminToken: string;
  stop(): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'admin-password' };

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a database (restart tests); otherwise a fresh one is created and dropped at stop. */
  databaseUrl?: string;
  modules?: (config: AppConfig) => AppModule[];
  keepDatabase?: boolean;
}

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  const db = opts.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = opts.databaseUrl ?? db!.url;
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    // EXECUTOR=jit|graphql-js runs the suite on either executor.
    ...(process.env.EXECUTOR ? { EXECUTOR: process.env.EXECUTOR } : {}),
    ...opts.env,
  });
  const app = new App(config, { modules: (opts.modules ?? appModules)(config) });
  await app.start();
  const url = app.url;

  async function gql<T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<GqlResult<T>> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult<T>;
    return { ...body, status: res.status };
  }

  async function login(username = ADMIN.username, password = ADMIN.password): Promise<string> {
    const r = await gql<{ login: { token: string } }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: username, p: password },
    );
    if (!r.data?.login) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.token;
  }

  const adminToken = await login();

  async function userToken(o: { username: string; staff?: boolean; superuser?: boolean }): Promise<string> {
    const password = `${o.username}-password`;
    const r = await gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username: o.username, password, isStaff: !!o.staff, isSuperuser: !!o.superuser } },
      adminToken,
    );
    if (r.errors) throw new Error(`createUser failed: ${JSON.stringify(r.errors)}`);
    return login(o.username, password);
  }

  async function setPluginActive(key: string, active: boolean, token = adminToken): Promise<boolean> {
    const r = await gql<{ activatePlugin: { active: boolean } }>(
      'mutation($k: String!, $a: Boolean!) { activatePlugin(key: $k, active: $a) { active } }',
      { k: key, a: active },
      token,
    );
    if (r.errors) throw new Error(`activatePlugin(${key}, ${active}) failed: ${JSON.stringify(r.errors)}`);
    return r.data!.activatePlugin.active;
  }

  async function setGlobalSetting(key: string, value: string | null, token = adminToken): Promise<void> {
    const r = await gql(
      'mutation($k: String!, $v: String) { updateGlobalSetting(key: $k, value: $v) { key } }',
      { k: key, v: value },
      token,
    );
    if (r.errors) throw new Error(`updateGlobalSetting(${key}, ${value}) failed: ${JSON.stringify(r.errors)}`);
  }

  return {
    app,
    url,
    databaseUrl,
    gql,
    login,
    userToken,
    setPluginActive,
    setGlobalSetting,
    adminToken,
    async stop() {
      await app.stop();
      if (!opts.keepDatabase) await db?.drop();
    },
  };
}
