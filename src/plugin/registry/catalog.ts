// The catalog of discovered plugins: runs discovery over the sources (built-ins, samples,
// npm packages, packages installed under DATA_DIR, plugin folders), keeps one record per key (the first found wins; duplicates are
// discovery errors), keeps PluginConfig rows in step, and knows the rows whose plugin is gone.
// Records are sorted by key. Authorship falls back to git, looked up off the hot path.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config.js';
import { logger } from '../../log.js';
import { checkPluginClass } from './class-checks.js';
import { readConfigs, upsertConfigs, type ConfigRow } from './config-store.js';
import { scanCompiled, scanFolder, scanPackages, type DiscoveryResult } from './discover.js';
import { clearGitCache, gitMetadata, type GitMetadata } from './git.js';
import { loadModule } from './load-module.js';
import { installRoot, scanInstalled } from './installed.js';
import { BUILTIN_DIR, DEFAULT_PACKAGES_DIR, SAMPLES_DIR } from './paths.js';
import type { Candidate, PluginCtor, PluginRecord, RegistryError } from './records.js';

const log = logger('plugins');

/** Static `MANDATORY = true` is honoured for built-ins only. */
function isMandatory(cls: PluginCtor, c: Candidate): boolean {
  return c.source === 'builtin' && (cls as unknown as { MANDATORY?: unknown }).MANDATORY === true;
}

export interface DiscoveryOutcome {
  records: Map<string, PluginRecord>;
  errors: RegistryError[];
}

/** Finds and imports every plugin module the configuration allows. */
export async function discoverPlugins(config: AppConfig, packagesDir: string | undefined): Promise<DiscoveryOutcome> {
  const found: DiscoveryResult = { candidates: [], errors: [] };
  await scanCompiled(BUILTIN_DIR, 'builtin', found);
  if (config.pluginsEnabled) {
    if (config.pluginTesting) await scanCompiled(SAMPLES_DIR, 'sample', found);
    await scanPackages(packagesDir ?? config.pluginPackagesDir ?? DEFAULT_PACKAGES_DIR, found);
    await scanInstalled(installRoot(config), found);
    for (const dir of config.pluginDirs) await scanFolder(dir, 'folder', found);
  }
  const records = new Map<string, PluginRecord>();
  const errors = [...found.errors];
  for (const candidate of found.candidates) {
    const loaded = await loadModule(candidate, isMandatory);
    for (const record of loaded.records) {
      if (!config.pluginsEnabled && !record.isMandatory) continue;
      const first = records.get(record.key);
      if (first) {
        errors.push({
          key: record.key,
          path: candidate.path,
          stage: 'discovery',
          message: `duplicate plugin key "${record.key}": ${candidate.path} is ignored because ${first.candidate.path} already provides it`,
        });
        continue;
      }
      records.set(record.key, record);
      errors.push(...checkPluginClass(record));
    }
    // Errors of refused duplicates are not worth repeating; keep the module's own errors.
    errors.push(...loaded.errors.filter((e) => e.key === null || records.get(e.key)?.candidate === candidate));
  }
  log.info(`discovered ${records.size} plugin(s)${errors.length ? `, ${errors.length} with errors` : ''}`);
  return { records: new Map([...records].sort(([a], [b]) => a.localeCompare(b))), errors };
}

export class PluginCatalog {
  #records = new Map<string, PluginRecord>();
  #missing: ConfigRow[] = [];

  constructor(private readonly pluginsEnabled: () => boolean) {}

  clear(): void {
    this.#records = new Map();
    this.#missing = [];
  }

  /** Replaces the records; returns the keys whose class changed (re-imported), which get a fresh chance. */
  replace(records: Map<string, PluginRecord>): string[] {
    const changed = [...this.#records.keys()].filter((k) => records.get(k)?.cls !== this.#records.get(k)?.cls);
    this.#records = records;
    return changed;
  }

  /** Creates/refreshes PluginConfig rows for the records and re-reads which rows are missing. */
  async syncRows(em: EntityManager): Promise<ConfigRow[]> {
    await upsertConfigs(em, [...this.#records.values()]);
    const rows = await readConfigs(em);
    this.noteRows(rows);
    return rows;
  }

  /** Remembers the rows whose plugin was not discovered. */
  noteRows(rows: ConfigRow[]): void {
    this.#missing = this.pluginsEnabled() ? rows.filter((r) => !this.#records.has(r.key)) : [];
  }

  /** Every discovered plugin, sorted by key. */
  records(): PluginRecord[] {
    return [...this.#records.values()];
  }

  get(key: string): PluginRecord | undefined {
    return this.#records.get(key);
  }

  /** PluginConfig rows whose plugin is no longer present. */
  missing(): ConfigRow[] {
    return [...this.#missing];
  }

  isMissing(key: string): boolean {
    return this.#missing.some((r) => r.key === key);
  }

  mandatoryKeys(): string[] {
    return this.records()
      .filter((r) => r.isMandatory)
      .map((r) => r.key);
  }

  /** Forgets git look-ups (a reload may have brought new commits). */
  forgetAuthorship(): void {
    clearGitCache();
  }

  /** AUTHOR / PUBLISH_DATE from git, looked up in the background (see git.ts). */
  warmAuthorship(): void {
    for (const r of this.#records.values())
      if (!r.meta.author || !r.meta.publishDate) void gitMetadata(r.candidate.path);
  }

  /** Declared AUTHOR / PUBLISH_DATE, else the git history of the plugin's file or folder. */
  async authorship(record: PluginRecord): Promise<GitMetadata> {
    if (record.meta.author && record.meta.publishDate)
      return { author: record.meta.author, date: record.meta.publishDate };
    const git = await gitMetadata(record.candidate.path);
    return { author: record.meta.author ?? git.author, date: record.meta.publishDate ?? git.date };
  }
}
