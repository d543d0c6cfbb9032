import { Migration } from '@mikro-orm/migrations';

/** Plugin settings (plugin key + setting key unique) and global settings, values as text. */
export class Migration20261127100000Settings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "plugin_settings" ("id" serial primary key, "plugin_key" varchar(255) not null, "key" varchar(100) not null, "value" text null, "updated_at" timestamptz not null default now(), "updated_by_id" int null references "users" ("id") on delete set null, constraint "plugin_settings_plugin_key_key_unique" unique ("plugin_key", "key"))`,
    );
    this.addSql(
      `create table "global_settings" ("key" varchar(100) primary key, "value" text null, "updated_at" timestamptz not null default now(), "updated_by_id" int null references "users" ("id") on delete set null)`,
    );
  }
}
