// Offset paging shared by the inventory list queries: validation and the connection result.
import { ArgsType, Field, Int } from 'type-graphql';
import { badInput } from '../graphql/errors.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0, description: 'Rows to skip (>= 0).' })
  offset!: number;

  @Field(() => Int, { defaultValue: DEFAULT_LIMIT, description: `Rows to return (0..${MAX_LIMIT}).` })
  limit!: number;
}

export interface Page {
  offset: number;
  limit: number;
}

export function validatePage(args: Partial<PageArgs>): Page {
  const offset = args.offset ?? 0;
  const limit = args.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset must be a non-negative integer', 'offset');
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    throw badInput(`limit must be between 0 and ${MAX_LIMIT}`, 'limit');
  return { offset, limit };
}

export interface ConnectionResult<T> {
  items: T[];
  totalCount: number;
  offset: number;
  limit: number;
}
