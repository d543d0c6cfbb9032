// Helpers for plugin GraphQL fields (exported by src/plugin/index.ts): `subscribeTo` for SDL
// subscription fields, and staff-only / superuser-only guards for any plugin field — as wrappers
// for SDL resolvers (`staffOnly(fn)`) and as type-graphql middlewares (`@UseMiddleware(StaffOnly)`).
// What must stay true: a refused field throws UNAUTHENTICATED (no user) or FORBIDDEN (wrong role)
// on that field only, before the wrapped resolver runs.
import type { GraphQLResolveInfo } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { requireStaff, requireSuperuser } from '../auth/guards.js';
import { pubSub } from '../events/pubsub.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { SdlFieldConfig, SdlFieldResolver } from './composition/contribution.js';
import type { InvenTreePlugin } from './plugin.js';

/** Decides whether one published payload reaches one subscriber (its field arguments and context). */
export type SubscriptionFilter<T = unknown> = (
  payload: T,
  args: Record<string, unknown>,
  context: GraphQLContext,
) => boolean | Promise<boolean>;

/** Only the payloads `keep` accepts; ending the result ends the source (graphql-ws `complete`). */
function filtered<T>(
  source: AsyncIterable<T>,
  keep: (payload: T) => boolean | Promise<boolean>,
): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const out: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => out,
    async next() {
      for (;;) {
        const r = await it.next();
        if (r.done || (await keep(r.value))) return r;
      }
    },
    // Not an async generator: its return() would wait for a pending next(), so an idle
    // subscription could never be ended. Returning the source ends a pending next() at once.
    async return() {
      await it.return?.();
      return { value: undefined, done: true };
    },
  };
  return out;
}

/**
 * An SDL subscription field fed by `pubSub.publish(topic, payload)` (from any server process),
 * optionally filtered per subscriber:
 * `Subscription: { widgetChanged: subscribeTo('acme.widget', (w, args) => w.id === args.id) }`.
 * The field's value is the payload; spread it and set `resolve` to map it.
 */
export function subscribeTo<T = unknown>(topic: string, filter?: SubscriptionFilter<T>): SdlFieldConfig {
  return {
    subscribe: (_source, args, context) => {
      const source = pubSub.subscribe(topic) as AsyncIterable<T>;
      return filter ? filtered(source, (payload) => filter(payload, args, context)) : source;
    },
    resolve: (payload) => payload,
  };
}

type Guard = (ctx: GraphQLContext, action: string) => unknown;

const fieldName = (info: GraphQLResolveInfo) => `the field ${info.parentType.name}.${info.fieldName}`;

function guardResolver<P extends InvenTreePlugin>(fn: SdlFieldResolver<P>, guard: Guard): SdlFieldResolver<P> {
  return function (this: unknown, source, args, context, info, plugin) {
    guard(context, fieldName(info));
    return fn.call(this, source, args, context, info, plugin);
  };
}

function guarded<P extends InvenTreePlugin>(
  r: SdlFieldResolver<P> | SdlFieldConfig<P> | undefined,
  guard: Guard,
): SdlFieldResolver<P> | SdlFieldConfig<P> {
  // No resolver: guard graphql-js's default (the source's property of the same name).
  const fallback: SdlFieldResolver<P> = (source, _args, _ctx, info) =>
    (source as Record<string, unknown> | null)?.[info.fieldName];
  if (r === undefined || typeof r === 'function') return guardResolver(r ?? fallback, guard);
  return {
    ...(r.resolve ? { resolve: guardResolver(r.resolve, guard) } : {}),
    ...(r.subscribe ? { subscribe: guardResolver(r.subscribe, guard) } : {}),
  };
}

/** An SDL resolver (or `{ resolve, subscribe }`) for staff and superusers only; others get FORBIDDEN, anonymous callers UNAUTHENTICATED. */
export function staffOnly<P extends InvenTreePlugin = InvenTreePlugin>(
  resolver?: SdlFieldResolver<P> | SdlFieldConfig<P>,
): SdlFieldResolver<P> | SdlFieldConfig<P> {
  return guarded(resolver, requireStaff);
}

/** Like staffOnly, for superusers only. */
export function superuserOnly<P extends InvenTreePlugin = InvenTreePlugin>(
  resolver?: SdlFieldResolver<P> | SdlFieldConfig<P>,
): SdlFieldResolver<P> | SdlFieldConfig<P> {
  return guarded(resolver, requireSuperuser);
}

/** type-graphql: `@UseMiddleware(StaffOnly)` on a plugin's query, mutation or field resolver. */
export const StaffOnly: MiddlewareFn<GraphQLContext> = ({ context, info }, next) => {
  requireStaff(context, fieldName(info));
  return next();
};

/** type-graphql: `@UseMiddleware(SuperuserOnly)`. */
export const SuperuserOnly: MiddlewareFn<GraphQLContext> = ({ context, info }, next) => {
  requireSuperuser(context, fieldName(info));
  return next();
};
