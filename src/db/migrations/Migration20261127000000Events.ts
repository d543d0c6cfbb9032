import { Migration } from '@mikro-orm/migrations';

/**
 * The event outbox (`events`, with a NOTIFY on every insert, delivered at commit) and the
 * side table for large pub/sub payloads. The job queue (pg-boss) installs its own schema `pgboss`.
 */
export class Migration20261127000000Events extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "events" ("id" bigserial primary key, "name" varchar(255) not null, "model" varchar(100) null, "instance_id" text null, "data" jsonb not null default '{}', "user_id" int null, "created_at" timestamptz not null default now(), "dispatched_at" timestamptz null)`,
    );
    this.addSql(`create index "events_name_index" on "events" ("name")`);
    this.addSql(`create index "events_model_index" on "events" ("model")`);
    // The dispatcher's work list: small, because dispatched rows leave it.
    this.addSql(`create index "events_undispatched_index" on "events" ("id") where "dispatched_at" is null`);
    this.addSql(
      `alter table "events" add constraint "events_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null`,
    );
    this.addSql(`create function "partgraph_events_notify"() returns trigger language plpgsql as $$
begin
  perform pg_notify('partgraph_events', new.id::text);
  return new;
end $$`);
    this.addSql(
      `create trigger "events_notify" after insert on "events" for each row execute function "partgraph_events_notify"()`,
    );
    this.addSql(
      `create table "pubsub_messages" ("id" bigserial primary key, "topic" text not null, "payload" jsonb not null, "created_at" timestamptz not null default now())`,
    );
    this.addSql(`create index "pubsub_messages_created_at_index" on "pubsub_messages" ("created_at")`);
  }
}
