// LOG_SQL over a real server process: its whole output (stdout and stderr) while a user signs
// in, a protected plugin setting is set and a part is created must log the SQL statements but
// never a password, a password hash, a token or its hash, or the protected value. With
// LOG_SQL=params the values of other statements do appear.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from './support/db.js';
import { startServerProcess, type ServerProcess, gqlAt as gql } from './support/process.js';
import { ADMIN } from './support/server.js';

async function stop(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
}

describe('LOG_SQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const procs: ServerProcess[] = [];
  before(async () => {
    db = await createTestDatabase('logsql');
  });
  after(async () => {
    for (const p of procs) await stop(p).catch(() => undefined);
    await db.drop();
  });

  /** Runs the scenario on a server with LOG_SQL=`mode`; returns its output and the secrets to look for. */
  async function scenario(mode: string): Promise<{ output: string; secrets: string[]; partName: string }> {
    const p = await startServerProcess({
      DATABASE_URL: db.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      PLUGIN_TESTING: 'true',
      LOG_SQL: mode,
      LOG_LEVEL: 'info',
    });
    procs.push(p);
    const secret = `s3cret-api-key-${mode}-${Date.now()}`;
    const partName = `LogSqlVisible-${mode}`;
    const login = await gql<{ login: { token: string } }>(
      p.url,
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      {
        u: ADMIN.username,
        p: ADMIN.password,
      },
    );
    const token = login.data!.login.token;
    for (const [query, variables] of [
      ['mutation { activatePlugin(key: "sample-settings", active: true) { active } }', {}],
      [
        'mutation($v: String) { updatePluginSetting(plugin: "sample-settings", key: "API_KEY", value: $v) { key } }',
        { v: secret },
      ],
      ['mutation($n: String!) { createPart(input: { name: $n }) { id } }', { n: partName }],
      [
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { username: `second-${mode}`, password: `second-password-${mode}` } },
      ],
    ] as const) {
      const r = await gql(p.url, query, variables, token);
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    }
    await stop(p);

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const hashes = await c.query<{ h: string }>(
      'select password_hash as h from users union all select token_hash from api_tokens union all select value from plugin_settings where value is not null',
    );
    await c.end();
    const secrets = [secret, token, ADMIN.password, `second-password-${mode}`, ...hashes.rows.map((r) => r.h)];
    return { output: p.output(), secrets, partName };
  }

  for (const mode of ['true', 'params']) {
    it(`LOG_SQL=${mode} logs the statements without any password, hash, token or protected value`, async () => {
      const { output, secrets, partName } = await scenario(mode);
      assert.match(output, /insert into plugin_settings/, 'the statements are logged');
      assert.match(output, /update "users"/);
      assert.ok(secrets.length >= 6, 'hashes found in the database');
      for (const s of secrets) assert.ok(!output.includes(s), `the log contains a secret (${s.slice(0, 12)}…)`);
      // Parameter values of other tables: only with LOG_SQL=params.
      if (mode === 'params') {
        assert.ok(output.includes(partName), 'params mode shows ordinary values');
        assert.match(output, /values hidden: sensitive table/);
      } else {
        assert.ok(!output.includes(partName), 'LOG_SQL=true shows no values');
        assert.match(output, /\[params: [a-z]+/);
      }
    });
  }
});
