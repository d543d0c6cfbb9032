// GraphQL IDs arrive as strings; the inventory tables use serial integer keys.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { badInput } from '../graphql/errors.js';

const MAX_SERIAL = 2_147_483_647;

/** Parses an ID argument; anything but a positive 32-bit integer is bad input on `field`. */
export function parseId(raw: string | number, field: string): number {
  const s = String(raw).trim();
  const n = /^\d{1,10}$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1 && n <= MAX_SERIAL)) throw badInput(`${field} must be a numeric id, got "${String(raw)}"`, field);
  return n;
}

/** Loads the entity a referenced id names, or fails with BAD_USER_INPUT on `field`. */
export async function mustFind<T extends { id: number }>(
  em: EntityManager,
  entity: EntityClass<T>,
  raw: string | number,
  field: string,
  label: string,
  populate: readonly string[] = [],
): Promise<T> {
  const id = parseId(raw, field);
  // The generic entity type keeps MikroORM from checking the populate hint; callers pass real relations.
  const found = (await em.findOne(
    entity as EntityClass<{ id: number }>,
    { id },
    { populate: populate as never[] },
  )) as T | null;
  if (!found) throw badInput(`${label} ${id} does not exist`, field);
  return found;
}
