// One installed package = one folder, DATA_DIR/plugins-installed/packages/<name>-<id>/, with its
// own package.json and node_modules (never the server's). An install is made in .staging/<id>
// first and only moved into packages/ once it proved to be a PartGraph plugin, so a rollback is
// deleting the staging folder; an upgrade gets a new folder (a new module URL: no stale module).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../../graphql/errors.js';
import { readPackageJson } from '../registry/discover.js';
import { installedPackages, type InstalledPackage } from '../registry/installed.js';
import { installFlags, runNpm } from './npm.js';

export interface StageOptions {
  timeoutMs: number;
  allowScripts: boolean;
}

const id = () => randomBytes(4).toString('hex');

/** Runs `npm install <spec>` in a fresh staging folder; resolves to what it installed. Call under the install lock. */
export async function stageInstall(root: string, npmSpec: string, opts: StageOptions): Promise<InstalledPackage> {
  // Left behind by a process that died mid-install (nobody else works here: we hold the lock).
  for (const leftover of ['.staging', '.trash']) await discard(path.join(root, leftover));
  const folder = path.join(root, '.staging', id());
  await mkdir(folder, { recursive: true });
  try {
    await writeFile(
      path.join(folder, 'package.json'),
      '{ "private": true, "description": "one PartGraph plugin package, installed by installPlugin" }\n',
    );
    const npm = await runNpm(['install', ...installFlags(opts.allowScripts), npmSpec], {
      cwd: folder,
      timeoutMs: opts.timeoutMs,
      allowScripts: opts.allowScripts,
    });
    if (npm.code !== 0)
      throw badInput(
        `npm install ${npmSpec} failed: ${npm.output.slice(-800) || `exit code ${npm.code}`}`,
        'packageName',
      );
    const name = Object.keys((await readPackageJson(folder))?.dependencies ?? {})[0];
    const dir = name ? path.join(folder, 'node_modules', name) : '';
    const pkg = name ? await readPackageJson(dir) : null;
    if (!name || !pkg) throw badInput(`npm install ${npmSpec} installed no package`, 'packageName');
    return { name, version: pkg.version ?? null, folder, dir };
  } catch (e) {
    await discard(folder);
    throw e;
  }
}

/** Moves a staged package into packages/, replacing the folder(s) of an earlier install of it. */
export async function commitStaged(root: string, staged: InstalledPackage): Promise<InstalledPackage> {
  const safe = staged.name.replace(/^@/, '').replace(/[^a-z0-9._-]/gi, '-');
  const folder = path.join(root, 'packages', `${safe}-${id()}`);
  const earlier = (await installedPackages(root)).filter((p) => p.name === staged.name);
  await mkdir(path.join(root, 'packages'), { recursive: true });
  await rename(staged.folder, folder);
  for (const p of earlier) await removeFolder(root, p.folder);
  return { ...staged, folder, dir: path.join(folder, 'node_modules', staged.name) };
}

/** Removes an installed package's folder (moved aside first, so discovery never sees half of it). */
export async function removeFolder(root: string, folder: string): Promise<void> {
  const trash = path.join(root, '.trash', id());
  await mkdir(path.dirname(trash), { recursive: true });
  await rename(folder, trash);
  await rm(trash, { recursive: true, force: true });
}

export async function discard(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}
