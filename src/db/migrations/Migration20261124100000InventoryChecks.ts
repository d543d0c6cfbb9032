import { Migration } from '@mikro-orm/migrations';

/**
 * Database-side guards for the inventory rules the API validates (src/inventory/validation.ts):
 * tree names are non-empty and free of the path separator "/", empty IPNs/serials are stored as
 * NULL, and a serialized stock item holds exactly one unit.
 */
export class Migration20261124100000InventoryChecks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "part_categories" add constraint "part_categories_name_valid" check (name <> '' and strpos(name, '/') = 0)`,
    );
    this.addSql(
      `alter table "stock_locations" add constraint "stock_locations_name_valid" check (name <> '' and strpos(name, '/') = 0)`,
    );
    this.addSql(`alter table "parts" add constraint "parts_ipn_not_empty" check (ipn is null or ipn <> '')`);
    this.addSql(
      `alter table "stock_items" add constraint "stock_items_serial_quantity_one" check (serial is null or (serial <> '' and quantity = 1))`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock_items" drop constraint "stock_items_serial_quantity_one"`);
    this.addSql(`alter table "parts" drop constraint "parts_ipn_not_empty"`);
    this.addSql(`alter table "stock_locations" drop constraint "stock_locations_name_valid"`);
    this.addSql(`alter table "part_categories" drop constraint "part_categories_name_valid"`);
  }
}
