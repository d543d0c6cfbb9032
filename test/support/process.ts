// Runs the real server as a child process (npm start's entry point) for restart/multi-process tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/db/embedded.js';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

const NODE = path.resolve('node_modules/.bin/node');
const MAIN = path.resolve('dist/src/cli/main.js');

export async function startServerProcess(
  env: Record<string, string>,
  args: string[] = ['serve'],
): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(NODE, [MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server behind: it would keep the test run alive.
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 60 s:\n${out}`));
    }, 60_000);
    const check = () => {
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} during start:\n${out}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}/graphql`, output: () => out, exited };
}

/** A GraphQL answer as a test reads it (untyped data unless `T` says otherwise). */
export interface GqlAnswer<T> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

/** POSTs a GraphQL request to a server (a child process, or any URL). */
export async function gqlAt<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlAnswer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as Omit<GqlAnswer<T>, 'status'>), status: res.status };
}
