// `npm start`'s path end to end: embedded Postgres under DATA_DIR, graceful SIGTERM that lets an
// in-flight request finish, a restart that keeps every row, and CLI commands beside a running server.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startServerProcess } from './support/process.js';
import { runCli } from './plugin-registry-helpers.js';

async function gql(url: string, query: string, token?: string): Promise<Record<string, any>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as Record<string, any>;
}

describe('embedded Postgres server process', () => {
  let dir: string;
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('drains in-flight requests on SIGTERM and keeps data across a restart', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'partgraph-restart-'));
    const env = { DATA_DIR: dir, ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password', DATABASE_URL: '' };
    const first = await startServerProcess(env);
    assert.match(first.output(), /listening on http:\/\/localhost:\d+\/graphql/);
    const login = await gql(first.url, 'mutation { login(username: "root", password: "root-password") { token } }');
    const token = login.data.login.token as string;
    const created = await gql(
      first.url,
      'mutation { createUser(input: { username: "keeper", password: "keeper-password" }) { username } }',
      token,
    );
    assert.equal(created.data.createUser.username, 'keeper');

    // Start a request, send half its body, then SIGTERM: the server must still answer it.
    const body = JSON.stringify({ query: '{ me { username } }' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(first.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        first.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const answered = await inFlight;
    assert.equal(answered.status, 200);
    assert.equal(JSON.parse(answered.text).data.me.username, 'root');
    assert.equal(await first.exited, 0);
    if (process.env.SHOW_OUTPUT) console.log(first.output());
    assert.match(first.output(), /embedded Postgres stopped/);

    const second = await startServerProcess(env);
    try {
      const again = await gql(
        second.url,
        'mutation { login(username: "keeper", password: "keeper-password") { user { username } } }',
      );
      assert.equal(again.data.login.user.username, 'keeper');
      // A CLI command on the same DATA_DIR shares the running server's Postgres and leaves it running.
      const cli = await runCli(['plugins', 'list'], { DATA_DIR: dir, DATABASE_URL: '' });
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /^partgraph-core\s+yes/m);
      const still = await gql(
        second.url,
        'mutation { login(username: "keeper", password: "keeper-password") { user { username } } }',
      );
      assert.equal(
        still.data?.login.user.username,
        'keeper',
        'the server still reaches its database after the CLI ran',
      );
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
      if (process.env.SHOW_OUTPUT) console.log(second.output());
    }
  });
});
