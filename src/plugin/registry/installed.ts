// Discovery of plugins installed with installPlugin / `plugins install`: each package has a folder
// of its own under DATA_DIR/plugins-installed/packages/ (its own package.json and node_modules),
// never the server's node_modules or lockfile. Only the package that folder was made for (its
// package.json dependency) is a candidate, not the plugin's own dependencies.
// What must stay true: reading this folder runs no plugin code; `.staging` and `.trash` are ignored.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../../config.js';
import { addEntries, readPackageJson, type DiscoveryResult } from './discover.js';

/** The folder installPlugin writes to (shared by every process that shares DATA_DIR). */
export function installRoot(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'plugins-installed');
}

export const PLUGINS_FILE = 'plugins.txt';

export interface InstalledPackage {
  /** npm package name. */
  name: string;
  version: string | null;
  /** The package's own folder (…/packages/<folder>). */
  folder: string;
  /** The installed package (…/packages/<folder>/node_modules/<name>). */
  dir: string;
}

async function children(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/** Every installed package, by folder (a folder holds exactly one top-level dependency). */
export async function installedPackages(root: string): Promise<InstalledPackage[]> {
  const out: InstalledPackage[] = [];
  for (const name of await children(path.join(root, 'packages'))) {
    const folder = path.join(root, 'packages', name);
    const deps = Object.keys((await readPackageJson(folder))?.dependencies ?? {});
    for (const dep of deps) {
      const dir = path.join(folder, 'node_modules', dep);
      const pkg = await readPackageJson(dir);
      if (pkg) out.push({ name: dep, version: pkg.version ?? null, folder, dir });
    }
  }
  return out;
}

/** Adds the installed packages that carry the `"partgraph": { "plugin": … }` marker as candidates. */
export async function scanInstalled(root: string, out: DiscoveryResult): Promise<void> {
  for (const p of await installedPackages(root)) {
    const declared = (await readPackageJson(p.dir))?.partgraph?.plugin;
    if (!declared) {
      out.errors.push({
        key: null,
        path: p.dir,
        stage: 'discovery',
        message: `installed package ${p.name} has no "partgraph": { "plugin": … } entry in its package.json`,
      });
      continue;
    }
    const files = (Array.isArray(declared) ? declared : [declared]).map((e) => path.resolve(p.dir, e));
    await addEntries(out, 'package', p.dir, files, p.name);
  }
}

/**
 * What is installed, as a cheap token (plugins file and package folders with their mtimes): a
 * process whose token changed re-runs discovery (the change feed's poll path).
 */
export async function installedStamp(root: string): Promise<string> {
  const parts: string[] = [];
  for (const file of [PLUGINS_FILE, 'packages']) {
    const s = await stat(path.join(root, file)).catch(() => null);
    parts.push(s ? `${file}:${s.mtimeMs}:${s.size}` : `${file}:-`);
  }
  parts.push(...(await children(path.join(root, 'packages'))));
  return parts.join('|');
}
