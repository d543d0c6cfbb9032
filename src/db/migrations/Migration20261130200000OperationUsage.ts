import { Migration } from '@mikro-orm/migrations';

/**
 * Safe plugin toggles (issue 15): operation usage (one row per distinct document, counts per
 * document, client, role and day, upserted with increments so every process shares them), the
 * history of composed schemas (deduplicated by hash) and forced toggles in the plugin audit trail.
 */
export class Migration20261130200000OperationUsage extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "operation_documents" ("hash" varchar(64) primary key, "operation_name" varchar(255) null, "operation_type" varchar(20) not null, "document" text not null, "coordinates" text[] not null default '{}', "first_seen" timestamptz not null default now(), "last_seen" timestamptz not null default now())`,
    );
    this.addSql(
      `create index "operation_documents_coordinates_index" on "operation_documents" using gin ("coordinates")`,
    );
    this.addSql(`create index "operation_documents_last_seen_index" on "operation_documents" ("last_seen")`);
    this.addSql(
      `create table "operation_usage" ("hash" varchar(64) not null, "client_name" varchar(100) not null, "client_version" varchar(100) not null, "role" varchar(20) not null, "day" date not null, "count" bigint not null default 0, "first_seen" timestamptz not null, "last_seen" timestamptz not null, primary key ("hash", "client_name", "client_version", "role", "day"))`,
    );
    this.addSql(`create index "operation_usage_day_index" on "operation_usage" ("day")`);
    this.addSql(
      `create table "schema_versions" ("hash" varchar(64) primary key, "sdl" text not null, "active_keys" jsonb not null, "switches" jsonb not null, "reason" varchar(20) not null, "username" varchar(150) null, "created_at" timestamptz not null default now(), "last_active_at" timestamptz not null default now())`,
    );
    this.addSql(`create index "schema_versions_created_at_index" on "schema_versions" ("created_at")`);
    this.addSql(`alter table "plugin_state_changes" add column "forced" boolean not null default false`);
  }
}
