import { Migration } from '@mikro-orm/migrations';

/**
 * Installing plugins from npm (src/plugin/install): the plugin audit trail also records installs
 * and uninstalls. `action` is `toggle` for activation changes (every earlier row), `install` or
 * `uninstall`; `detail` holds the npm spec and version for the latter.
 */
export class Migration20261130000000PluginInstall extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "plugin_state_changes" add column "action" varchar(20) not null default 'toggle', add column "detail" text null`,
    );
  }
}
