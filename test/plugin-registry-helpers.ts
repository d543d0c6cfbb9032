// Shared by the plugin registry tests: fixture folders copied to a temp dir, waiting, the CLI.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve('test/fixtures');

export interface FixtureDirs {
  root: string;
  plugins: string;
  packages: string;
  cleanup(): Promise<void>;
}

/** Copies a plugins fixture (and optionally the npm packages fixture) into a fresh temp dir. */
export async function fixtureDirs(pluginsFixture: string, withPackages = false): Promise<FixtureDirs> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'partgraph-plugins-'));
  const plugins = path.join(root, 'plugins');
  const packages = path.join(root, 'node_modules');
  await cp(path.join(FIXTURES, pluginsFixture), plugins, { recursive: true });
  if (withPackages) await cp(path.join(FIXTURES, 'packages'), packages, { recursive: true });
  await writeFile(path.join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  return { root, plugins, packages, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 8000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `partgraph <args>` (the real CLI entry point) as a separate process. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      path.resolve('node_modules/.bin/node'),
      [path.resolve('dist/src/cli/main.js'), ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export const PLUGIN_FIELDS = `key name slug title description author publishDate website version license minVersion maxVersion
  active configActive source isBuiltin isMandatory isSample isPackage missing packageName path mixins compatible
  errors { key path stage message } warnings contributes`;
