// PLUGINS_INSTALL_ON_STARTUP: before discovery, install every package the plugins file lists that
// is missing from DATA_DIR/plugins-installed (or installed at another pinned version). Runs under
// the install lock, so servers starting together install each package once. A package that fails
// is logged and skipped: a broken plugin never stops the server.
import path from 'node:path';
import type { AppConfig } from '../../config.js';
import type { MikroORM } from '../../db/orm.js';
import { logger } from '../../log.js';
import { installedPackages, installRoot, PLUGINS_FILE } from '../registry/installed.js';
import { installPluginResolveHook } from '../registry/resolve-hook.js';
import { recordPackageChange, withInstallLock } from './audit.js';
import { commitStaged, discard, stageInstall } from './package-folder.js';
import { readPluginsFile } from './plugins-file.js';
import { validateStaged } from './validate.js';

const log = logger('plugins');
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Resolves to the names it installed. `origin`: the registry's, so its own NOTIFY is ignored. */
export async function installMissing(config: AppConfig, orm: MikroORM, origin: string): Promise<string[]> {
  const root = installRoot(config);
  const wanted = await readPluginsFile(path.join(root, PLUGINS_FILE));
  if (!wanted.length) return [];
  installPluginResolveHook();
  const opts = { timeoutMs: config.pluginsInstallTimeoutSeconds * 1000, allowScripts: config.pluginsInstallScripts };
  return withInstallLock(orm, async (em) => {
    const have = await installedPackages(root);
    const installed: string[] = [];
    for (const entry of wanted) {
      const present = have.find((p) => p.name === entry.name);
      if (present && (!EXACT.test(entry.spec) || present.version === entry.spec)) continue;
      const npmSpec = entry.spec.startsWith('file:') ? entry.spec : `${entry.name}@${entry.spec}`;
      try {
        const staged = await stageInstall(root, npmSpec, opts);
        let keys: string[];
        try {
          keys = await validateStaged(staged);
        } catch (e) {
          await discard(staged.folder);
          throw e;
        }
        await commitStaged(root, staged);
        await recordPackageChange(em, {
          action: 'install',
          packageName: staged.name,
          version: staged.version,
          spec: entry.spec,
          keys,
          user: null,
          source: 'startup',
          origin,
        });
        installed.push(staged.name);
        log.info(`installed plugin package ${staged.name}@${staged.version} from ${PLUGINS_FILE}`);
      } catch (e) {
        log.error(`installing ${npmSpec} from ${PLUGINS_FILE} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return installed;
  });
}
