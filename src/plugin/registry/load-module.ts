// Imports one discovered module and turns each exported plugin class into a record, applying the
// checks that need no plugin code to run: key, final members, version bounds, deprecation.
// A plugin folder holding its own graphql / type-graphql gets a warning naming the copy (the
// resolve hook maps the imports to the server's), and an import failure names such copies.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINAL_MEMBERS, InvenTreePlugin } from '../plugin.js';
import { mixinsOf } from '../mixins/class-marks.js';
import { integrationBaseWarning } from '../integration-plugin-base.js';
import { checkVersion } from './version.js';
import { redirectedCopiesUnder, SHARED_PACKAGES } from './resolve-hook.js';
import type { Candidate, PluginCtor, PluginRecord, RegistryError, ResolvedMetadata } from './records.js';

function str(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export function isPluginClass(v: unknown): v is PluginCtor {
  return typeof v === 'function' && v.prototype instanceof InvenTreePlugin && !!(v as typeof InvenTreePlugin).NAME;
}

export function metadataOf(cls: PluginCtor): ResolvedMetadata {
  return {
    name: cls.NAME,
    slug: cls.pluginKey(),
    title: str(cls.TITLE) ?? cls.NAME,
    description: str(cls.DESCRIPTION),
    author: str(cls.AUTHOR),
    publishDate: str(cls.PUBLISH_DATE),
    website: str(cls.WEBSITE),
    version: str(cls.VERSION),
    license: str(cls.LICENSE),
    minVersion: str(cls.MIN_VERSION),
    maxVersion: str(cls.MAX_VERSION),
  };
}

/** The first member of FINAL_MEMBERS that a class between `cls` and InvenTreePlugin redefines. */
export function overriddenFinalMember(cls: PluginCtor): string | null {
  for (
    let c: { prototype: unknown } = cls;
    c && c !== InvenTreePlugin;
    c = Object.getPrototypeOf(c) as { prototype: unknown }
  ) {
    for (const m of FINAL_MEMBERS) if (Object.hasOwn(c.prototype as object, m)) return m;
    if (Object.hasOwn(c, 'pluginKey')) return 'pluginKey';
  }
  return null;
}

/** A module whose top-level code never finishes must not hold up the server's start. */
const IMPORT_TIMEOUT_MS = 10_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`module did not finish loading within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The folder a candidate's own files live in (the candidate itself, or a single file's folder). */
async function folderOf(candidate: Candidate): Promise<string> {
  const isDir = await stat(candidate.path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? candidate.path : path.dirname(candidate.entry);
}

/** Copies of the shared packages inside the plugin's folder (`<folder>/node_modules/<name>`). */
export async function ownCopiesOf(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of SHARED_PACKAGES) {
    const dir = path.join(folder, 'node_modules', name);
    if (
      await stat(path.join(dir, 'package.json')).then(
        () => true,
        () => false,
      )
    )
      found.push(`${name} at ${path.relative(folder, dir)}`);
  }
  return found;
}

const COPY_ADVICE =
  'install the plugin with `npm pack` + `npm install <tarball>` or `npm install --install-links <folder>`, and list graphql/type-graphql as peerDependencies';

export interface ModuleLoad {
  records: PluginRecord[];
  errors: RegistryError[];
}

/**
 * Imports `candidate.entry`. The URL carries the file's mtime, so a reload after the file
 * changed imports the new code instead of Node's cached module.
 */
export async function loadModule(
  candidate: Candidate,
  isMandatory: (cls: PluginCtor, c: Candidate) => boolean,
): Promise<ModuleLoad> {
  const out: ModuleLoad = { records: [], errors: [] };
  let mod: Record<string, unknown>;
  try {
    const { mtimeMs } = await stat(candidate.entry);
    mod = await withTimeout(
      import(`${pathToFileURL(candidate.entry).href}?v=${Math.trunc(mtimeMs)}`) as Promise<Record<string, unknown>>,
      IMPORT_TIMEOUT_MS,
    );
  } catch (e) {
    const copies = await ownCopiesOf(await folderOf(candidate));
    // Paths inside the plugin folder only: messages are shown to every signed-in user.
    const note = copies.length
      ? ` (the plugin folder holds its own copy of ${copies.join(', ')}; the server loads only its own — ${COPY_ADVICE})`
      : '';
    out.errors.push({
      key: null,
      path: candidate.path,
      stage: 'discovery',
      message: `import failed: ${e instanceof Error ? e.message : String(e)}${note}`,
    });
    return out;
  }
  const folder = await folderOf(candidate);
  const copyWarnings = redirectedCopiesUnder(folder).map(
    (c) =>
      `the plugin's own copy of ${c.module} (${path.relative(folder, c.path)}) is not used: imports of "${c.module}" load the server's copy; ${COPY_ADVICE}`,
  );
  const classes = [...new Set(Object.values(mod).filter(isPluginClass))];
  for (const cls of classes) {
    const meta = metadataOf(cls);
    const key = meta.slug;
    const fail = (stage: RegistryError['stage'], message: string) =>
      out.errors.push({ key: key || null, path: candidate.path, stage, message });
    if (!key) {
      fail('discovery', `plugin class "${cls.NAME}" has no usable key: NAME/SLUG must contain letters or digits`);
      continue;
    }
    const record: PluginRecord = {
      key,
      cls,
      candidate,
      meta,
      mixins: [...mixinsOf(cls)],
      compatible: true,
      isMandatory: isMandatory(cls, candidate),
      blocked: false,
      warnings: [],
      instance: null,
    };
    record.warnings.push(...copyWarnings);
    const deprecated = integrationBaseWarning(cls);
    if (deprecated) record.warnings.push(deprecated);
    const final = overriddenFinalMember(cls);
    if (final) {
      record.blocked = true;
      fail(
        'discovery',
        `plugin "${key}" overrides "${final}", a final member of InvenTreePlugin the framework relies on`,
      );
    }
    const version = checkVersion(meta.minVersion, meta.maxVersion);
    if (!version.compatible) {
      record.compatible = false;
      record.blocked = true;
      fail('load', `plugin "${key}" is incompatible: ${version.reason}`);
    }
    out.records.push(record);
  }
  return out;
}
