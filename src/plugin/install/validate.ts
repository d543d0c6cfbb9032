// Checks a staged package before it is kept: it must carry the PartGraph marker, its entry files
// must import, and they must export at least one usable plugin class whose key no other plugin
// already uses. Importing runs the plugin's top-level code, as discovery would.
import path from 'node:path';
import { badInput } from '../../graphql/errors.js';
import { addEntries, readPackageJson, type DiscoveryResult } from '../registry/discover.js';
import type { InstalledPackage } from '../registry/installed.js';
import { loadModule } from '../registry/load-module.js';
import type { PluginRecord } from '../registry/records.js';

/** Resolves to the plugin keys the package provides; throws BAD_USER_INPUT otherwise. */
export async function validateStaged(
  staged: InstalledPackage,
  existing: (key: string) => PluginRecord | undefined = () => undefined,
): Promise<string[]> {
  const refuse = (why: string) =>
    badInput(`Package "${staged.name}" ${why}; it was not installed (rolled back)`, 'packageName');
  const declared = (await readPackageJson(staged.dir))?.partgraph?.plugin;
  if (!declared)
    throw refuse('is not a PartGraph plugin: its package.json has no "partgraph": { "plugin": "<entry file>" } entry');
  const found: DiscoveryResult = { candidates: [], errors: [] };
  const files = (Array.isArray(declared) ? declared : [declared]).map((e) => path.resolve(staged.dir, e));
  await addEntries(found, 'package', staged.dir, files, staged.name);
  const problems = found.errors.map((e) => e.message);
  const keys: string[] = [];
  for (const candidate of found.candidates) {
    const loaded = await loadModule(candidate, () => false);
    problems.push(...loaded.errors.map((e) => e.message));
    for (const record of loaded.records) {
      const other = existing(record.key);
      if (other && other.candidate.packageName !== staged.name)
        problems.push(
          `plugin key "${record.key}" is already used by a ${other.candidate.source} plugin (${other.candidate.packageName ?? path.basename(other.candidate.path)})`,
        );
      keys.push(record.key);
    }
  }
  // Paths of the staging folder mean nothing to the caller: show them relative to the package.
  if (problems.length) throw refuse(`cannot be loaded: ${problems.join('; ').replaceAll(`${staged.dir}/`, '')}`);
  if (!keys.length) throw refuse('exports no plugin class (a class extending InvenTreePlugin with a NAME)');
  return [...new Set(keys)].sort();
}
