// GraphQL: `subscription events(names, models)` for signed-in users, and
// `query events(names, models, after, before, limit)` (staff) over the outbox history.
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Ctx,
  Extensions,
  Field,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
  UseMiddleware,
} from 'type-graphql';
import { requireStaff, requireUser } from '../auth/guards.js';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { requireEvents } from './service.js';
import { EVENT_SELECT, toEventRecord, type EventRow } from './rows.js';
import type { EventData, EventFilter, EventRecord } from './types.js';
import { assertSafeArgs, refuseUnsafeText } from '../graphql/text-input.js';
import { IDENTITY_SUBSCRIPTION_RESOLVE, SHARED_SUBSCRIPTION_EXECUTION } from '../graphql/build.js';

@ObjectType('EventUser', { description: 'The user who caused an event.' })
export class EventUserType {
  @Field(() => ID) id!: number;
  @Field(() => String) username!: string;
}

@ObjectType('Event', {
  description: 'Something that happened, recorded in the event outbox in the same transaction as the change.',
})
export class EventType {
  @Field(() => ID, { description: 'Grows with insertion order.' }) id!: string;
  @Field(() => String, { description: 'Dotted name, e.g. part.created, stockitem.saved, plugin.activated.' })
  name!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Lower-case model name (part, partcategory, stocklocation, stockitem, pluginconfig…).',
  })
  model!: string | null;
  @Field(() => String, { nullable: true, description: 'Primary key of the instance, as text.' }) instanceId!:
    | string
    | null;
  @Field(() => GraphQLJSONObject) data!: EventData;
  @Field(() => EventUserType, { nullable: true, description: 'Who caused it; null for system events.' })
  user!: EventUserType | null;
  @Field(() => Date) createdAt!: Date;
}

const MAX_LIMIT = 1000;

/** Validates the names/models arguments; `*` is allowed only at the end of a name pattern. */
export function eventFilter(names: string[] | null | undefined, models: string[] | null | undefined): EventFilter {
  for (const n of names ?? []) {
    if (!n || n.slice(0, -1).includes('*'))
      throw badInput(
        `Invalid event name pattern "${n}": use an exact name or a prefix ending in * (e.g. "part.*")`,
        'names',
      );
  }
  return { names: names ?? null, models: models ?? null };
}

interface EventsArgs {
  names?: string[] | null;
  models?: string[] | null;
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class EventResolver {
  @Subscription(() => EventType, {
    name: 'events',
    description:
      'Events committed from now on, by any server process on this database. `names`: exact names or prefixes ending in * (`part.*`); `models`: model names. Omitted or empty = all. Signed-in users.',
    // Arguments are checked and parsed once, here; the bus filters events before anything runs
    // for this subscriber, and each event is then delivered as it is (identity resolve, below).
    subscribe: ({ args, context }: SubscribeResolverData<unknown, EventsArgs, GraphQLContext>) => {
      requireUser(context);
      assertSafeArgs(args as Record<string, unknown>);
      const filter = eventFilter(args.names, args.models);
      return requireEvents(context.app).subscribe(filter);
    },
  })
  // The Event selection resolves from the event alone: identical subscriptions share its execution.
  @Extensions({ [IDENTITY_SUBSCRIPTION_RESOLVE]: true, [SHARED_SUBSCRIPTION_EXECUTION]: true })
  eventsStream(
    @Root() event: EventRecord,
    @Arg('names', () => [String], { nullable: true }) _names?: string[],
    @Arg('models', () => [String], { nullable: true }) _models?: string[],
  ): EventRecord {
    return event;
  }

  @Query(() => [EventType], {
    name: 'events',
    description:
      'Recorded events in id order (staff). `after`/`before` are exclusive ids; with `before` (and no `after`) the page ends just before it, otherwise it starts after `after` (or at the oldest). Same filters as the subscription.',
  })
  async eventLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('names', () => [String], { nullable: true }) names?: string[],
    @Arg('models', () => [String], { nullable: true }) models?: string[],
    @Arg('after', () => ID, { nullable: true }) after?: string,
    @Arg('before', () => ID, { nullable: true }) before?: string,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit = 100,
  ): Promise<EventRecord[]> {
    requireStaff(ctx, 'reading the event log');
    const filter = eventFilter(names, models);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw badInput(`limit must be between 1 and ${MAX_LIMIT}`, 'limit');
    for (const [field, v] of [
      ['after', after],
      ['before', before],
    ] as const) {
      if (v !== undefined && v !== null && !/^\d{1,18}$/.test(v)) throw badInput(`${field} must be an event id`, field);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const exact = (filter.names ?? []).filter((n) => !n.endsWith('*'));
    const prefixes = (filter.names ?? [])
      .filter((n) => n.endsWith('*'))
      .map((n) => `${n.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (exact.length || prefixes.length) {
      const parts: string[] = [];
      if (exact.length) {
        parts.push('e.name in (select jsonb_array_elements_text(?::jsonb))');
        params.push(JSON.stringify(exact));
      }
      if (prefixes.length) {
        parts.push('e.name like any (select jsonb_array_elements_text(?::jsonb))');
        params.push(JSON.stringify(prefixes));
      }
      where.push(`(${parts.join(' or ')})`);
    }
    if (filter.models?.length) {
      where.push('e.model in (select jsonb_array_elements_text(?::jsonb))');
      params.push(JSON.stringify(filter.models));
    }
    if (after) {
      where.push('e.id > ?::bigint');
      params.push(after);
    }
    if (before) {
      where.push('e.id < ?::bigint');
      params.push(before);
    }
    const fromEnd = before !== undefined && before !== null && (after === undefined || after === null);
    const sql = `${EVENT_SELECT} ${where.length ? `where ${where.join(' and ')}` : ''} order by e.id ${fromEnd ? 'desc' : 'asc'} limit ${limit}`;
    const rows = await ctx.em.execute<EventRow[]>(sql, params);
    const records = rows.map(toEventRecord);
    return fromEnd ? records.reverse() : records;
  }
}

export const eventResolvers = [EventResolver];
