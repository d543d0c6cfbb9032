import { Migration } from '@mikro-orm/migrations';
import { serialKey } from '../../inventory/serial-key.js';
import { logger } from '../../log.js';

const log = logger('db');

interface Row {
  id: number;
  part_id: number;
  serial: string;
}

/**
 * Serial numbers are unique per part in a normalised form (src/inventory/serial-key.ts): the
 * new column `serial_key` holds it, and the unique index moves from (part_id, serial) to
 * (part_id, serial_key), so look-alike serials cannot both be created, even concurrently.
 *
 * Existing rows get their key computed here (in JS: the one definition of the rule). Rows that
 * already collide (e.g. "SN-1" and "SN\u200B-1" on one part) keep their serial; the later
 * ones get a key suffixed with U+200B and their id, which no computed key can contain, so the
 * index can be built and the server starts; a warning names them so someone can rename them.
 * Statements run through `execute` (in the migration's transaction) because the backfill must
 * run between adding the column and building the index.
 */
export class Migration20261128000000SerialKey extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table "stock_items" add column "serial_key" text null`);
    const rows = (await this.execute(
      `select id, part_id, serial from stock_items where serial is not null order by id`,
    )) as unknown as Row[];
    const seen = new Map<string, number>();
    const keys: Array<{ id: number; key: string }> = [];
    for (const r of rows) {
      let key = serialKey(r.serial);
      const first = seen.get(`${r.part_id}\u0000${key}`);
      if (!key || first !== undefined) {
        log.warn(
          first !== undefined
            ? `stock item ${r.id}: its serial "${r.serial}" is the same serial as stock item ${first}'s for part ${r.part_id} (ignoring case, width and invisible characters); rename one of them`
            : `stock item ${r.id}: its serial "${r.serial}" has no visible characters; give it a real serial number`,
        );
        key = `${key}\u200B${r.id}`;
      } else {
        seen.set(`${r.part_id}\u0000${key}`, r.id);
      }
      keys.push({ id: r.id, key });
    }
    for (let i = 0; i < keys.length; i += 1000) {
      await this.execute(
        `update "stock_items" s set "serial_key" = v.key from jsonb_to_recordset(?::jsonb) as v(id int, key text) where s.id = v.id`,
        [JSON.stringify(keys.slice(i, i + 1000))],
      );
    }
    await this.execute(`alter table "stock_items" drop constraint "stock_items_part_id_serial_unique"`);
    await this.execute(
      `alter table "stock_items" add constraint "stock_items_part_id_serial_key_unique" unique ("part_id", "serial_key")`,
    );
    await this.execute(
      `alter table "stock_items" add constraint "stock_items_serial_with_key" check ((serial is null) = (serial_key is null) and serial_key <> '')`,
    );
  }

  override async down(): Promise<void> {
    await this.execute(`alter table "stock_items" drop constraint "stock_items_serial_with_key"`);
    await this.execute(`alter table "stock_items" drop constraint "stock_items_part_id_serial_key_unique"`);
    await this.execute(`alter table "stock_items" drop column "serial_key"`);
    await this.execute(
      `alter table "stock_items" add constraint "stock_items_part_id_serial_unique" unique ("part_id", "serial")`,
    );
  }
}
