import { Migration } from '@mikro-orm/migrations';

/**
 * BarcodeMixin (src/plugin/mixins/barcode): third-party barcodes linked to inventory objects
 * (InvenTree's barcode_hash; only the sha256 of the barcode is stored, one barcode names one
 * object and one object has one link) and the scan history (InvenTree's BarcodeScanResult).
 * Links name their object by model + id across four tables, so there is no foreign key: a link
 * whose object is gone is ignored at scan time and taken over by the next link of its barcode.
 */
export class Migration20261129000000Barcodes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "barcode_links" ("id" serial primary key, "model" varchar(20) not null, "object_id" integer not null, "barcode_hash" char(64) not null, "user_id" integer null references "users" ("id") on delete set null, "created_at" timestamptz not null default now())`,
    );
    this.addSql(`create unique index "barcode_links_barcode_hash_unique" on "barcode_links" ("barcode_hash")`);
    this.addSql(`create unique index "barcode_links_object_unique" on "barcode_links" ("model", "object_id")`);
    this.addSql(
      `create table "barcode_scans" ("id" bigserial primary key, "barcode" text not null, "user_id" integer null references "users" ("id") on delete set null, "plugin" varchar(100) null, "model" varchar(20) null, "object_id" integer null, "created_at" timestamptz not null default now())`,
    );
    this.addSql(`create index "barcode_scans_created_at_index" on "barcode_scans" ("created_at")`);
  }
}
