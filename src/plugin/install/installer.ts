// Installs and uninstalls plugin packages from npm (InvenTree's install_plugin / uninstall), for
// installPlugin / uninstallPlugin and `partgraph plugins install|uninstall`. Packages go to their
// own folders under DATA_DIR/plugins-installed (package-folder.ts), never the server's
// node_modules; the plugins file records them; the audit trail, an event and a NOTIFY (other
// servers re-run discovery) are written in one transaction under the install lock.
// What must stay true: a refused install leaves no package behind and the plugins file unchanged;
// an active plugin is deactivated (through the registry, audited) before its package goes.
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config.js';
import type { User } from '../../db/entities/index.js';
import type { MikroORM } from '../../db/orm.js';
import { badInput } from '../../graphql/errors.js';
import { installedPackages, installRoot, PLUGINS_FILE } from '../registry/installed.js';
import type { PluginRegistry } from '../registry/registry.js';
import { purgePluginData } from '../mixins/app/purge.js';
import { recordPackageChange, withInstallLock } from './audit.js';
import { commitStaged, discard, removeFolder, stageInstall } from './package-folder.js';
import { forgetInPluginsFile, readPluginsFile, recordInPluginsFile } from './plugins-file.js';
import { installRequest } from './spec.js';
import { validateStaged } from './validate.js';

export interface InstallOutcome {
  packageName: string;
  version: string | null;
  /** What the plugins file records after `name@`. */
  spec: string;
  keys: string[];
}

export interface UninstallOutcome extends InstallOutcome {
  deletedConfig: boolean;
  deletedData: boolean;
  /** Keys that were active and were deactivated first. */
  deactivated: string[];
}

export interface UninstallOptions {
  deleteConfig: boolean;
  deleteData: boolean;
}

export class PluginInstaller {
  constructor(
    private readonly config: AppConfig,
    private readonly orm: MikroORM,
    private readonly registry: PluginRegistry,
    /** Re-run discovery here after a change (a server); the CLI only tells the servers. */
    private readonly reloadAfter = true,
  ) {}

  get #root(): string {
    return installRoot(this.config);
  }

  get #stageOptions() {
    return {
      timeoutMs: this.config.pluginsInstallTimeoutSeconds * 1000,
      allowScripts: this.config.pluginsInstallScripts,
    };
  }

  async install(
    packageName: string,
    version: string | null | undefined,
    actor: User | null,
    source: string,
  ): Promise<InstallOutcome> {
    const request = await installRequest(packageName, version);
    const outcome = await withInstallLock(this.orm, async (em) => {
      const staged = await stageInstall(this.#root, request.npmSpec, this.#stageOptions);
      let keys: string[];
      try {
        if (request.name && staged.name !== request.name)
          throw badInput(`npm installed "${staged.name}" instead of "${request.name}"`, 'packageName');
        keys = await validateStaged(staged, (k) => this.registry.record(k));
      } catch (e) {
        await discard(staged.folder);
        throw e;
      }
      await commitStaged(this.#root, staged);
      const spec = request.tarball ? `file:${request.tarball}` : (staged.version ?? 'latest');
      await recordInPluginsFile(path.join(this.#root, PLUGINS_FILE), { name: staged.name, spec });
      const done: InstallOutcome = { packageName: staged.name, version: staged.version, spec, keys };
      await recordPackageChange(em, { action: 'install', ...done, user: actor, source, origin: this.registry.origin });
      return done;
    });
    if (this.reloadAfter) await this.registry.reload({ collect: true, reason: 'install', actor });
    return outcome;
  }

  async uninstall(key: string, opts: UninstallOptions, actor: User | null, source: string): Promise<UninstallOutcome> {
    const record = this.registry.record(key);
    const installed = await installedPackages(this.#root);
    // By plugin key; or by package name, for an installed package that no longer loads.
    const pkg = record ? installed.find((p) => p.dir === record.candidate.path) : installed.find((p) => p.name === key);
    if (!record && !pkg) throw badInput(`Unknown plugin "${key}"`, 'key');
    if (!pkg)
      throw badInput(
        `Plugin "${key}" was not installed with installPlugin (it is a ${record!.candidate.source} plugin); remove it where it was installed`,
        'key',
      );
    const keys = this.registry
      .records()
      .filter((r) => r.candidate.path === pkg.dir)
      .map((r) => r.key);
    // Deactivate first, through the registry (validated, audited, other servers follow).
    const inKeys = `(${keys.map(() => '?').join(', ') || 'null'})`;
    const rows = await (this.orm.em.fork() as EntityManager).execute<Array<{ key: string }>>(
      `select key from plugin_configs where active and key in ${inKeys}`,
      keys,
    );
    const deactivated = rows.map((r) => r.key).sort();
    for (const k of deactivated) await this.registry.activate(k, false, actor, source);
    // After deactivation (purge refuses an active plugin), before the package goes away: drops the
    // tables the plugins' AppMixin migrations created (audited); a plugin with none drops nothing.
    if (opts.deleteData) for (const k of keys) await purgePluginData(this.orm, k, { user: actor });
    const entry = (await readPluginsFile(path.join(this.#root, PLUGINS_FILE))).find((e) => e.name === pkg.name);
    const outcome = await withInstallLock(this.orm, async (em) => {
      await forgetInPluginsFile(path.join(this.#root, PLUGINS_FILE), pkg.name);
      await removeFolder(this.#root, pkg.folder);
      if (opts.deleteConfig) {
        await em.execute(`delete from plugin_settings where plugin_key in ${inKeys}`, keys);
        await em.execute(`delete from plugin_configs where key in ${inKeys}`, keys);
      }
      const done: UninstallOutcome = {
        packageName: pkg.name,
        version: pkg.version,
        spec: entry?.spec ?? pkg.version ?? '',
        keys,
        deletedConfig: opts.deleteConfig,
        deletedData: opts.deleteData,
        deactivated,
      };
      await recordPackageChange(em, {
        action: 'uninstall',
        ...done,
        user: actor,
        source,
        origin: this.registry.origin,
        extra: { deleteConfig: opts.deleteConfig, deleteData: opts.deleteData },
      });
      return done;
    });
    if (this.reloadAfter) await this.registry.reload({ collect: true, reason: 'install', actor });
    return outcome;
  }
}
