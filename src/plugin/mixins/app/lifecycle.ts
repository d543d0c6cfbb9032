// AppMixin at run time: its prepare hook applies the plugin's pending migrations before the
// plugin starts running in a process (activation, start-up, a change seen from another process),
// inside the registry's locked transaction; a failure is recorded at stage "migrate" and the
// plugin stays inactive. Nothing to attach or detach: tables and data outlive deactivation.
import type { MixinLifecycle } from '../lifecycle.js';
import { AppAdminResolver, PluginMigrationFieldsResolver, RegistryMigrationIssuesResolver } from './admin.js';
import { applyPendingMigrations } from './migrate.js';

export const appLifecycle: MixinLifecycle = {
  name: 'app',
  prepareStage: 'migrate',
  adminResolvers: [AppAdminResolver, PluginMigrationFieldsResolver, RegistryMigrationIssuesResolver],
  async prepare(plugin, ctx) {
    await applyPendingMigrations(plugin, ctx);
  },
};
