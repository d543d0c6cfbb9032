// AppMixin at run time: its prepare hook applies the plugin's pending migrations before the
// plugin starts running in a process (activation, start-up, a change seen from another process),
// inside the registry's locked transaction; a failure is recorded at stage "migrate" and the
// plugin stays inactive. Nothing to attach or detach: tables and data outlive deactivation.
// The global switch ENABLE_PLUGINS_APP is read (fresh, in that transaction) as the plugin starts:
// off, its entities are not registered, no migration runs and em() refuses; the plugin's other
// mixins run. Like InvenTree (whose switch requires a restart), turning it on reaches a running
// plugin at its next start (deactivate and activate it, or restart the server).
import type { EntityManager } from '@mikro-orm/postgresql';
import { logger } from '../../../log.js';
import { GLOBAL_SETTINGS } from '../../../settings/global.js';
import { effectiveValue, readGlobalSettings } from '../../../settings/store.js';
import type { MixinLifecycle } from '../lifecycle.js';
import { AppAdminResolver, PluginMigrationFieldsResolver, RegistryMigrationIssuesResolver } from './admin.js';
import { applyPendingMigrations } from './migrate.js';
import { setAppEnabled } from './mixin.js';

/** The global switch that turns the app part (tables, migrations, em()) of every AppMixin plugin off. */
export const APP_SWITCH = 'ENABLE_PLUGINS_APP';

const log = logger('plugins');

/** The switch as stored now (its default when not set), read in the caller's transaction. */
async function appSwitchOn(em: EntityManager): Promise<boolean> {
  const def = GLOBAL_SETTINGS[APP_SWITCH];
  if (!def) return true;
  return effectiveValue(def, (await readGlobalSettings(em)).get(APP_SWITCH)) === true;
}

export const appLifecycle: MixinLifecycle = {
  name: 'app',
  globalSwitch: APP_SWITCH,
  prepareStage: 'migrate',
  adminResolvers: [AppAdminResolver, PluginMigrationFieldsResolver, RegistryMigrationIssuesResolver],
  async prepare(plugin, ctx) {
    if (!(await appSwitchOn(ctx.em))) {
      setAppEnabled(plugin, false);
      log.info(`plugin ${plugin.key}: ${APP_SWITCH} is off: its migrations do not run and its tables are not used`);
      return;
    }
    await applyPendingMigrations(plugin, ctx);
    setAppEnabled(plugin, true);
  },
};
