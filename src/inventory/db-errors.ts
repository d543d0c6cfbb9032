// Turns constraint violations that slipped past validation (concurrent writers) into the same
// field-named BAD_USER_INPUT the validators give, instead of an internal error.
import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { badInput } from '../graphql/errors.js';

const CONSTRAINT_FIELDS: Record<string, string> = {
  part_categories_parent_id_name_unique: 'name',
  stock_locations_parent_id_name_unique: 'name',
  part_categories_name_valid: 'name',
  stock_locations_name_valid: 'name',
  part_categories_parent_id_foreign: 'parent',
  stock_locations_parent_id_foreign: 'parent',
  parts_ipn_unique: 'ipn',
  parts_ipn_not_empty: 'ipn',
  parts_category_id_foreign: 'category',
  stock_items_part_id_serial_unique: 'serial', // before Migration20261128000000SerialKey
  stock_items_part_id_serial_key_unique: 'serial',
  stock_items_serial_with_key: 'serial',
  stock_items_part_id_foreign: 'part',
  stock_items_location_id_foreign: 'location',
  stock_items_quantity_nonnegative: 'quantity',
  stock_items_serial_quantity_one: 'quantity',
};

export function translateDbError(e: unknown): unknown {
  if (
    !(
      e instanceof UniqueConstraintViolationException ||
      e instanceof ForeignKeyConstraintViolationException ||
      e instanceof CheckConstraintViolationException
    )
  ) {
    return e;
  }
  const constraint = (e as { constraint?: string }).constraint ?? '';
  const field = CONSTRAINT_FIELDS[constraint];
  if (!field) return e;
  const why =
    e instanceof UniqueConstraintViolationException
      ? 'is already taken'
      : e instanceof ForeignKeyConstraintViolationException
        ? 'refers to a row that does not exist or is still referenced'
        : 'is not allowed';
  return badInput(`${field} ${why} (changed concurrently; constraint ${constraint})`, field);
}
