import { Migration } from '@mikro-orm/migrations';

/**
 * AppMixin (src/plugin/mixins/app): which migrations of which plugin ran, and the tables each
 * created (purgePluginData drops exactly those, even after the plugin's code is gone). Rows are
 * written in the same transaction as the migration's SQL, under the plugin registry's advisory lock.
 */
export class Migration20261130100000PluginMigrations extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "plugin_migrations" ("plugin_key" varchar(255) not null, "name" varchar(255) not null, "tables" text[] not null default '{}', "applied_at" timestamptz not null default now(), primary key ("plugin_key", "name"))`,
    );
  }
}
