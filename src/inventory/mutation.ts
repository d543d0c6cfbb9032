// Runs a mutation body in one transaction on a fork of the request's EntityManager: validation
// reads, writes and events commit together or not at all. The server's outside validators
// (validators.ts) are bound to that EntityManager for the services to call.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLContext } from '../graphql/context.js';
import { translateDbError } from './db-errors.js';
import { bindValidators } from './validators.js';

export async function inTransaction<T>(ctx: GraphQLContext, body: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await ctx.em.transactional((em) => {
      bindValidators(em, ctx.app.inventoryValidators);
      return body(em);
    });
  } catch (e) {
    throw translateDbError(e);
  }
}
