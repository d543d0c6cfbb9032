// Discovery into the registry's catalog: finds and imports the plugin modules (catalog.ts), gives a
// plugin whose class changed (re-imported) a fresh chance, records discovery errors and keeps the
// PluginConfig rows in step. Remembers the installed-packages stamp, so a package installed by
// another process triggers discovery here too.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config.js';
import { discoverPlugins, type PluginCatalog } from './catalog.js';
import { installedStamp, installRoot } from './installed.js';
import type { ProblemStore } from './problems.js';

export class RegistryDiscovery {
  /** installedStamp() at the last discovery. */
  #installed = '';

  constructor(
    private readonly catalog: PluginCatalog,
    private readonly problems: ProblemStore,
    private readonly packagesDir: string | undefined,
  ) {}

  /** Discovers; `again` (reload, another process installed) also looks authorship up afresh. */
  async run(config: AppConfig, em: EntityManager, { again = false }: { again?: boolean } = {}): Promise<void> {
    if (again) this.catalog.forgetAuthorship();
    this.#installed = await installedStamp(installRoot(config));
    const found = await discoverPlugins(config, this.packagesDir);
    const changed = new Set(this.catalog.replace(found.records));
    this.problems.forgetFailures((key) => changed.has(key));
    this.problems.setDiscoveryErrors(found.errors);
    await this.catalog.syncRows(em);
    if (again) this.catalog.warmAuthorship();
  }

  /** Whether the installed-packages folder changed since the last discovery. */
  async installedChanged(config: AppConfig): Promise<boolean> {
    return (await installedStamp(installRoot(config))) !== this.#installed;
  }
}
