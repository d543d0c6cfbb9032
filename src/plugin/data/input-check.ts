// What GraphQL's type system checks before a mutation runs, done for the data API's plain inputs
// (plugin code, often plain JavaScript, passes anything): an object, only known fields, each of
// the right kind, text without NUL or lone surrogates (the refuseUnsafeText rule). A failure is
// the same BAD_USER_INPUT naming the field that the core's validation gives; ids become strings.
import { STOCK_STATUSES } from '../../db/entities/index.js';
import { badInput } from '../../graphql/errors.js';
import { assertSafeArgs } from '../../graphql/text-input.js';

export type FieldKind = 'string' | 'id' | 'boolean' | 'number' | 'status';
export type InputSpec = Readonly<Record<string, FieldKind>>;

const STATUSES = new Set<string>(STOCK_STATUSES);

function checkField(field: string, kind: FieldKind, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') throw badInput(`${field} must be a string`, field);
      return value;
    case 'id':
      if (typeof value !== 'string' && typeof value !== 'number') throw badInput(`${field} must be an id`, field);
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw badInput(`${field} must be true or false`, field);
      return value;
    case 'number':
      if (typeof value !== 'number') throw badInput(`${field} must be a number`, field);
      return value;
    case 'status':
      if (typeof value !== 'string' || !STATUSES.has(value))
        throw badInput(`${field} must be one of ${STOCK_STATUSES.join(', ')}`, field);
      return value;
  }
}

/** A checked copy of `input` (ids as strings); throws BAD_USER_INPUT naming the first bad field. */
export function checkInput<T>(input: unknown, spec: InputSpec, required: readonly string[] = []): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badInput('input must be an object', 'input');
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    const kind = spec[field];
    if (!kind) throw badInput(`input has no field "${field}"`, field);
    if (value !== undefined) out[field] = checkField(field, kind, value);
  }
  for (const field of required)
    if (out[field] === undefined || out[field] === null) throw badInput(`${field} is required`, field);
  assertSafeArgs({ input: out });
  return out as T;
}

/** An id argument (string or number) as the string the services parse. */
export function idArg(raw: unknown, field = 'id'): string {
  return checkField(field, 'id', raw ?? '') as string;
}

export const PART_FIELDS: InputSpec = {
  name: 'string',
  ipn: 'string',
  description: 'string',
  category: 'id',
  active: 'boolean',
  trackable: 'boolean',
  units: 'string',
};
export const TREE_FIELDS: InputSpec = { name: 'string', description: 'string', parent: 'id' };
export const STOCK_UPDATE_FIELDS: InputSpec = {
  location: 'id',
  quantity: 'number',
  serial: 'string',
  batch: 'string',
  status: 'status',
};
export const STOCK_CREATE_FIELDS: InputSpec = { ...STOCK_UPDATE_FIELDS, part: 'id', nextSerial: 'boolean' };
