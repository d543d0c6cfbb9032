// Input rules shared by the inventory mutations. Each check throws BAD_USER_INPUT naming the field.
// Every text value passes through `cleanText`: NUL and unpaired surrogates are refused, the
// rest is normalised to Unicode NFC (so "é" typed as e + combining accent and as one character
// are the same name) and trimmed.
import { badInput } from '../graphql/errors.js';
import { assertSafeText } from '../graphql/text-input.js';
import { serialKey } from './serial-key.js';

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

/** Refuses unsafe text (NUL, unpaired surrogates); returns it NFC-normalised and trimmed. */
export function cleanText(value: string | null | undefined, field: string): string {
  return assertSafeText(value ?? '', field)
    .normalize('NFC')
    .trim();
}

/** A required, trimmed name. `treeNode` names may not contain the path separator "/". */
export function requiredName(
  value: string | null | undefined,
  field = 'name',
  opts: { treeNode?: boolean } = {},
): string {
  const v = cleanText(value, field);
  if (!v) throw badInput(`${field} must not be empty`, field);
  if (chars(v) > NAME_MAX) throw badInput(`${field} must be at most ${NAME_MAX} characters`, field);
  if (opts.treeNode && v.includes('/'))
    throw badInput(`${field} must not contain "/" (it separates the names in a path)`, field);
  return v;
}

/** Optional free text stored as '' when absent or null. */
export function text(value: string | null | undefined, field: string, max: number): string {
  const v = cleanText(value, field);
  if (chars(v) > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return v;
}

/** Optional code (IPN, serial) stored as NULL when absent, null or blank. */
export function optionalCode(value: string | null | undefined, field: string, max: number): string | null {
  const v = cleanText(value, field);
  if (!v) return null;
  if (chars(v) > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return v;
}

/** An optional serial number with its comparison key (see serial-key.ts); null when blank. */
export function optionalSerial(
  value: string | null | undefined,
  field = 'serial',
): { serial: string; key: string } | null {
  const serial = optionalCode(value, field, SERIAL_MAX);
  if (serial === null) return null;
  const key = serialKey(serial);
  if (!key) throw badInput(`${field} must contain visible characters`, field);
  return { serial, key };
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
