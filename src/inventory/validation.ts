// Input rules shared by the inventory mutations. Each check throws BAD_USER_INPUT naming the field.
import { badInput } from '../graphql/errors.js';

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 250;
export const IPN_MAX = 100;
export const UNITS_MAX = 20;
export const SERIAL_MAX = 100;
export const BATCH_MAX = 100;
/** numeric(15,5) holds at most 10 integer digits. */
export const QUANTITY_MAX = 9_999_999_999;

/** Length in characters as Postgres counts them (code points, not UTF-16 units). */
const chars = (s: string): number => [...s].length;

/** A required, trimmed name. `treeNode` names may not contain the path separator "/". */
export function requiredName(
  value: string | null | undefined,
  field = 'name',
  opts: { treeNode?: boolean } = {},
): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(`${field} must not be empty`, field);
  if (chars(v) > NAME_MAX) throw badInput(`${field} must be at most ${NAME_MAX} characters`, field);
  if (opts.treeNode && v.includes('/'))
    throw badInput(`${field} must not contain "/" (it separates the names in a path)`, field);
  return v;
}

/** Optional free text stored as '' when absent or null. */
export function text(value: string | null | undefined, field: string, max: number): string {
  const v = (value ?? '').trim();
  if (chars(v) > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return v;
}

/** Optional code (IPN, serial) stored as NULL when absent, null or blank. */
export function optionalCode(value: string | null | undefined, field: string, max: number): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (chars(v) > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return v;
}

/** A stock quantity: finite, >= 0 and within numeric(15,5). Returned as the decimal string stored. */
export function quantity(value: number | null | undefined, field = 'quantity'): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    throw badInput(`${field} must be a number`, field);
  if (value < 0) throw badInput(`${field} must not be negative`, field);
  if (value > QUANTITY_MAX) throw badInput(`${field} must be at most ${QUANTITY_MAX}`, field);
  // Five decimals are kept (the column's scale); toFixed avoids exponent notation.
  return value.toFixed(5);
}

/** A field that may be omitted in an update but not set to null. */
export function notNull<T>(value: T | null | undefined, field: string): T | undefined {
  if (value === null) throw badInput(`${field} cannot be null`, field);
  return value;
}
