// The read side of the plugin registry: the catalog of discovered plugins, the problem store and
// what runs in this process, with the read API that the admin GraphQL, the CLI and the plugins'
// read-only view use. The state machine that changes it is PluginRegistry (registry.ts).
import type { InvenTreePlugin } from '../plugin.js';
import { PluginCatalog } from './catalog.js';
import type { ConfigRow } from './config-store.js';
import type { GitMetadata } from './git.js';
import { ProblemStore } from './problems.js';
import type { PluginRecord, RegistryError } from './records.js';

export interface BuildInfo {
  at: Date;
  ms: number;
  hash: string | null;
}

export abstract class RegistryReader {
  protected readonly catalog: PluginCatalog;
  protected readonly problems = new ProblemStore();
  protected running = new Map<string, InvenTreePlugin>();
  protected attribution = new Map<string, string[]>();
  protected build: BuildInfo | null = null;

  constructor(pluginsEnabled: () => boolean) {
    this.catalog = new PluginCatalog(pluginsEnabled);
  }

  protected clearState(): void {
    this.catalog.clear();
    this.problems.clear();
    this.running = new Map();
    this.attribution = new Map();
    this.build = null;
  }

  /** Every discovered plugin, sorted by key. */
  records(): PluginRecord[] {
    return this.catalog.records();
  }

  record(key: string): PluginRecord | undefined {
    return this.catalog.get(key);
  }

  /** PluginConfig rows whose plugin is no longer present. */
  missing(): ConfigRow[] {
    return this.catalog.missing();
  }

  /** The running plugin with this key, or null when it is not active here. */
  getPlugin(key: string): InvenTreePlugin | null {
    return this.running.get(key) ?? null;
  }

  isActive(key: string): boolean {
    return this.running.has(key);
  }

  /** Running plugins, sorted by key. */
  activePlugins(): InvenTreePlugin[] {
    return [...this.running.values()];
  }

  activeKeys(): string[] {
    return [...this.running.keys()];
  }

  /** Type names / schema coordinates the plugin contributes to the current schema. */
  contributes(key: string): string[] {
    return this.attribution.get(key) ?? [];
  }

  /** Errors of one plugin (as found at its path), every stage. */
  errorsOf(record: PluginRecord): RegistryError[] {
    return this.problems.of(record);
  }

  /** Every registry error: discovery (including modules without a key), load, activation, schema. */
  errors(): RegistryError[] {
    return this.problems.all();
  }

  lastBuild(): BuildInfo | null {
    return this.build;
  }

  authorship(record: PluginRecord): Promise<GitMetadata> {
    return this.catalog.authorship(record);
  }
}
