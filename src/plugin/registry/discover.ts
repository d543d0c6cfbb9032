// Finds plugin modules in the four sources. Reads directories and package.json files only:
// no plugin code runs here (importing is load-module.ts's job).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Candidate, PluginSource, RegistryError } from './records.js';
import { DIST_ROOT, SERVER_ROOT } from './paths.js';

export interface DiscoveryResult {
  candidates: Candidate[];
  errors: RegistryError[];
}

export interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  main?: string;
  partgraph?: { plugin?: string | string[] };
}

const JS = /\.(m?js)$/;
const TS = /(?<!\.d)\.(m?ts)$/;

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export async function readPackageJson(dir: string): Promise<PackageJson | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

async function sortedEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/**
 * TypeScript plugins are compiled by the project build (tsconfig includes plugins/**\/*.ts), so
 * `<root>/plugins/x/index.ts` runs as `<root>/dist/plugins/x/index.js`.
 */
export function compiledPathOf(tsFile: string): string | null {
  const rel = path.relative(SERVER_ROOT, tsFile);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return path.join(DIST_ROOT, rel.replace(/\.(m?)ts$/, '.$1js'));
}

/** Maps an entry file to what Node can import, or explains why it cannot. */
async function importable(file: string): Promise<{ entry: string } | { error: string }> {
  if (TS.test(file)) {
    const compiled = compiledPathOf(file);
    if (!compiled)
      return {
        error: `TypeScript plugin ${file} is outside the project, so the build does not compile it; ship compiled JavaScript instead`,
      };
    if (!(await exists(compiled)))
      return { error: `TypeScript plugin ${file} is not compiled yet (expected ${compiled}); run \`npm run build\`` };
    return { entry: compiled };
  }
  if (!(await exists(file))) return { error: `entry file ${file} does not exist` };
  return { entry: file };
}

/** A folder plugin's entry: package.json partgraph.plugin, then main, then index.{js,mjs,ts}. */
async function folderEntries(dir: string, pkg: PackageJson | null): Promise<string[] | null> {
  const declared = pkg?.partgraph?.plugin;
  if (declared) return (Array.isArray(declared) ? declared : [declared]).map((e) => path.resolve(dir, e));
  if (pkg?.main) return [path.resolve(dir, pkg.main)];
  for (const name of ['index.js', 'index.mjs', 'index.ts', 'index.mts']) {
    if (await exists(path.join(dir, name))) return [path.join(dir, name)];
  }
  return null;
}

export async function addEntries(
  out: DiscoveryResult,
  source: PluginSource,
  where: string,
  files: string[],
  packageName: string | null,
): Promise<void> {
  for (const file of files) {
    const r = await importable(file);
    if ('error' in r) out.errors.push({ key: null, path: where, stage: 'discovery', message: r.error });
    else out.candidates.push({ source, path: where, entry: r.entry, packageName });
  }
}

/** A folder of plugins: each .js/.mjs/.ts file, or sub-folder with an entry file. */
export async function scanFolder(dir: string, source: PluginSource, out: DiscoveryResult): Promise<void> {
  for (const name of await sortedEntries(dir)) {
    const full = path.join(dir, name);
    if (await isDir(full)) {
      if (name === 'node_modules') continue;
      const pkg = await readPackageJson(full);
      const entries = await folderEntries(full, pkg);
      if (!entries) {
        out.errors.push({
          key: null,
          path: full,
          stage: 'discovery',
          message: `plugin folder ${full} has no entry file (package.json "partgraph.plugin" or "main", or index.js)`,
        });
        continue;
      }
      await addEntries(out, source, full, entries, null);
    } else if (JS.test(name) || TS.test(name)) {
      await addEntries(out, source, full, [full], null);
    }
  }
}

/** The TypeScript source of a compiled file or folder under dist/, if present (for `path` and git). */
async function sourceOf(compiled: string): Promise<string> {
  const rel = path.relative(DIST_ROOT, compiled);
  if (rel.startsWith('..')) return compiled;
  const src = path.join(SERVER_ROOT, rel.replace(/\.js$/, '.ts'));
  return (await exists(src)) ? src : compiled;
}

/** Compiled built-ins or samples (dist/src/plugin/builtin|samples): JS files and folders with index.js. */
export async function scanCompiled(dir: string, source: PluginSource, out: DiscoveryResult): Promise<void> {
  // In a source checkout, compiled files whose .ts was deleted are stale build output: skip them.
  const checkout = (await sourceOf(dir)) !== dir;
  for (const name of await sortedEntries(dir)) {
    const full = path.join(dir, name);
    let entry: string;
    if (await isDir(full)) entry = path.join(full, 'index.js');
    else if (JS.test(name)) entry = full;
    else continue;
    if (!(await exists(entry))) continue;
    const src = await sourceOf(full);
    if (checkout && src === full) continue;
    out.candidates.push({ source, path: src, entry, packageName: null });
  }
}

/** npm packages whose package.json declares `"partgraph": { "plugin": "./dist/index.js" }`. */
export async function scanPackages(nodeModules: string, out: DiscoveryResult): Promise<void> {
  const top = await sortedEntries(nodeModules);
  const nested = await Promise.all(
    top.map(async (name) => {
      const full = path.join(nodeModules, name);
      return name.startsWith('@') ? (await sortedEntries(full)).map((sub) => path.join(full, sub)) : [full];
    }),
  );
  const dirs = nested.flat();
  // Reading every package.json one by one is slow on big node_modules; read them together.
  const pkgs = await Promise.all(dirs.map((d) => readPackageJson(d)));
  for (const [i, dir] of dirs.entries()) {
    const pkg = pkgs[i];
    const declared = pkg?.partgraph?.plugin;
    if (!declared) continue;
    const files = (Array.isArray(declared) ? declared : [declared]).map((e) => path.resolve(dir, e));
    await addEntries(out, 'package', dir, files, pkg.name ?? path.basename(dir));
  }
}
