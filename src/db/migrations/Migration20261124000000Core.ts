import { Migration } from '@mikro-orm/migrations';

/** Users, API tokens, the inventory core and plugin configuration. */
export class Migration20261124000000Core extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "part_categories" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "description" varchar(250) not null default '', "parent_id" int null, "path" text not null default '')`,
    );
    this.addSql(`create index "part_categories_parent_id_index" on "part_categories" ("parent_id")`);
    this.addSql(`create index "part_categories_path_index" on "part_categories" ("path")`);
    this.addSql(
      `alter table "part_categories" add constraint "part_categories_parent_id_name_unique" unique nulls not distinct ("parent_id", "name")`,
    );
    this.addSql(
      `create table "parts" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "ipn" varchar(100) null, "description" varchar(250) not null default '', "category_id" int null, "active" boolean not null default true, "trackable" boolean not null default false, "units" varchar(20) not null default '')`,
    );
    this.addSql(`create index "parts_name_index" on "parts" ("name")`);
    this.addSql(`alter table "parts" add constraint "parts_ipn_unique" unique ("ipn")`);
    this.addSql(`create index "parts_category_id_index" on "parts" ("category_id")`);
    this.addSql(
      `create table "plugin_configs" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "key" varchar(255) not null, "name" varchar(255) not null default '', "active" boolean not null default false, "package_name" varchar(255) null, "metadata" jsonb null)`,
    );
    this.addSql(`alter table "plugin_configs" add constraint "plugin_configs_key_unique" unique ("key")`);
    this.addSql(
      `create table "stock_locations" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "description" varchar(250) not null default '', "parent_id" int null, "path" text not null default '')`,
    );
    this.addSql(`create index "stock_locations_parent_id_index" on "stock_locations" ("parent_id")`);
    this.addSql(`create index "stock_locations_path_index" on "stock_locations" ("path")`);
    this.addSql(
      `alter table "stock_locations" add constraint "stock_locations_parent_id_name_unique" unique nulls not distinct ("parent_id", "name")`,
    );
    this.addSql(
      `create table "stock_items" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "part_id" int not null, "location_id" int null, "quantity" numeric(15,5) not null default 0, "serial" varchar(100) null, "batch" varchar(100) not null default '', "status" varchar(20) not null default 'OK')`,
    );
    this.addSql(`create index "stock_items_part_id_index" on "stock_items" ("part_id")`);
    this.addSql(`create index "stock_items_location_id_index" on "stock_items" ("location_id")`);
    this.addSql(
      `alter table "stock_items" add constraint "stock_items_part_id_serial_unique" unique ("part_id", "serial")`,
    );
    this.addSql(`alter table "stock_items" add constraint "stock_items_quantity_nonnegative" check (quantity >= 0)`);
    this.addSql(
      `create table "users" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "username" varchar(150) not null, "email" varchar(254) not null default '', "password_hash" varchar(255) not null, "is_active" boolean not null default true, "is_staff" boolean not null default false, "is_superuser" boolean not null default false, "last_login" timestamptz null)`,
    );
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username")`);
    this.addSql(
      `create table "plugin_state_changes" ("id" bigserial primary key, "plugin_key" varchar(255) not null, "user_id" int null, "source" varchar(20) not null, "from_active" boolean not null, "to_active" boolean not null, "created_at" timestamptz not null)`,
    );
    this.addSql(`create index "plugin_state_changes_plugin_key_index" on "plugin_state_changes" ("plugin_key")`);
    this.addSql(
      `create table "api_tokens" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" int not null, "name" varchar(100) not null, "token_hash" varchar(64) not null, "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null)`,
    );
    this.addSql(`create index "api_tokens_user_id_index" on "api_tokens" ("user_id")`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash")`);
    this.addSql(
      `alter table "part_categories" add constraint "part_categories_parent_id_foreign" foreign key ("parent_id") references "part_categories" ("id") on delete restrict`,
    );
    this.addSql(
      `alter table "parts" add constraint "parts_category_id_foreign" foreign key ("category_id") references "part_categories" ("id") on delete restrict`,
    );
    this.addSql(
      `alter table "stock_locations" add constraint "stock_locations_parent_id_foreign" foreign key ("parent_id") references "stock_locations" ("id") on delete restrict`,
    );
    this.addSql(
      `alter table "stock_items" add constraint "stock_items_part_id_foreign" foreign key ("part_id") references "parts" ("id") on delete restrict`,
    );
    this.addSql(
      `alter table "stock_items" add constraint "stock_items_location_id_foreign" foreign key ("location_id") references "stock_locations" ("id") on delete set null`,
    );
    this.addSql(
      `alter table "plugin_state_changes" add constraint "plugin_state_changes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null`,
    );
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade`,
    );
  }
}
