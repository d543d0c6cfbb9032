// Role checks for resolvers. Each returns the signed-in user or throws the right GraphQL error.
import type { User } from '../db/entities/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { forbidden, unauthenticated } from '../graphql/errors.js';

export function requireUser(ctx: Pick<GraphQLContext, 'user'>): User {
  if (!ctx.user) throw unauthenticated();
  return ctx.user;
}

export function requireStaff(ctx: Pick<GraphQLContext, 'user'>, action = 'this operation'): User {
  const user = requireUser(ctx);
  if (!user.isStaff && !user.isSuperuser) throw forbidden(`Staff role required for ${action}`);
  return user;
}

export function requireSuperuser(ctx: Pick<GraphQLContext, 'user'>, action = 'this operation'): User {
  const user = requireUser(ctx);
  if (!user.isSuperuser) throw forbidden(`Superuser role required for ${action}`);
  return user;
}

export function isStaff(user: User | null): boolean {
  return !!user && (user.isStaff || user.isSuperuser);
}
