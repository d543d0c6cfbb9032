// Staff API of operation usage and the schema history: operationUsage, schemaCoordinateUsage,
// schemaVersions, schemaVersion, schemaDiff. Part of the core schema (no plugin involved).
import { buildSchema } from 'graphql';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { requireStaff } from '../auth/guards.js';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, notFound } from '../graphql/errors.js';
import {
  ClientUsageType,
  OperationUsageType,
  SchemaChangeType,
  SchemaCoordinateUsageType,
  SchemaDiffEntryType,
  SchemaDiffType,
  SchemaVersionType,
} from './graphql-types.js';
import type { SchemaHistory } from './history.js';
import { recordedOperations, sinceOf } from './impact.js';
import { diffSchemas } from './schema-diff.js';
import './services.js';

function historyOf(ctx: GraphQLContext): SchemaHistory {
  const h = ctx.app.schemaHistory;
  if (!h) throw new Error('the schema history is not running in this server');
  return h;
}

@Resolver()
export class UsageResolver {
  @Query(() => [OperationUsageType], {
    description: 'Recorded operations, most used first (staff). since: a duration ("30d") or an ISO date-time.',
  })
  async operationUsage(
    @Ctx() ctx: GraphQLContext,
    @Arg('client', () => String, { nullable: true, description: 'Only this client name.' }) client?: string | null,
    @Arg('coordinate', () => String, { nullable: true, description: 'Only operations using it, e.g. "Part.name".' })
    coordinate?: string | null,
    @Arg('since', () => String, { defaultValue: '30d' }) since = '30d',
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<OperationUsageType[]> {
    requireStaff(ctx, 'operationUsage');
    if (limit < 1 || limit > 1000) throw badInput('limit must be between 1 and 1000', 'limit');
    const from = sinceOf(since, 'since');
    const rows = await recordedOperations(ctx.em, { since: from, client, coordinate, limit });
    return rows.map(OperationUsageType.from);
  }

  @Query(() => SchemaCoordinateUsageType, {
    description: 'How much recorded traffic uses a schema coordinate, by client and operation (staff).',
  })
  async schemaCoordinateUsage(
    @Ctx() ctx: GraphQLContext,
    @Arg('coordinate', () => String) coordinate: string,
    @Arg('since', () => String, { defaultValue: '30d' }) since = '30d',
  ): Promise<SchemaCoordinateUsageType> {
    requireStaff(ctx, 'schemaCoordinateUsage');
    if (!coordinate.trim()) throw badInput('coordinate must not be empty', 'coordinate');
    const from = sinceOf(since, 'since');
    const ops = await recordedOperations(ctx.em, { since: from, coordinate });
    const clients = new Map<string, ClientUsageType>();
    for (const op of ops)
      for (const c of op.clients) {
        const key = `${c.name}\n${c.version}`;
        const seen = clients.get(key);
        if (!seen) clients.set(key, ClientUsageType.from({ ...c }));
        else {
          seen.count += c.count;
          if (c.lastSeen > seen.lastSeen) seen.lastSeen = c.lastSeen;
        }
      }
    return Object.assign(new SchemaCoordinateUsageType(), {
      coordinate,
      count: ops.reduce((n, o) => n + o.count, 0),
      lastSeen: ops.reduce<Date | null>((d, o) => (!d || o.lastSeen > d ? o.lastSeen : d), null),
      clients: [...clients.values()].sort((a, b) => b.count - a.count),
      operations: ops.map(OperationUsageType.from),
    });
  }

  @Query(() => [SchemaVersionType], { description: 'Composed schema versions, newest first (staff).' })
  async schemaVersions(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'Hash of the last version of the previous page.' })
    after?: string | null,
  ): Promise<SchemaVersionType[]> {
    requireStaff(ctx, 'schemaVersions');
    if (first < 1 || first > 500) throw badInput('first must be between 1 and 500', 'first');
    const history = historyOf(ctx);
    if (after && !(await history.get(after))) throw badInput(`Unknown schema version "${after}"`, 'after');
    return (await history.list(first, after)).map((r) => Object.assign(new SchemaVersionType(), r));
  }

  @Query(() => SchemaVersionType, { description: 'One kept schema version with its SDL (staff).' })
  async schemaVersion(@Ctx() ctx: GraphQLContext, @Arg('hash', () => String) hash: string): Promise<SchemaVersionType> {
    requireStaff(ctx, 'schemaVersion');
    const row = await historyOf(ctx).get(hash);
    if (!row) throw notFound(`Unknown schema version "${hash}"`);
    return Object.assign(new SchemaVersionType(), row);
  }

  @Query(() => SchemaDiffType, {
    description: 'Differences between two kept schema versions by coordinate, with breaking/dangerous flags (staff).',
  })
  async schemaDiff(
    @Ctx() ctx: GraphQLContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
  ): Promise<SchemaDiffType> {
    requireStaff(ctx, 'schemaDiff');
    const history = historyOf(ctx);
    const [a, b] = await Promise.all([history.get(from), history.get(to)]);
    if (!a) throw badInput(`Unknown schema version "${from}"`, 'from');
    if (!b) throw badInput(`Unknown schema version "${to}"`, 'to');
    const diff = diffSchemas(buildSchema(a.sdl), buildSchema(b.sdl));
    return Object.assign(new SchemaDiffType(), {
      from,
      to,
      changes: diff.changes.map((c) => Object.assign(new SchemaDiffEntryType(), c)),
      breakingChanges: diff.breakingChanges.map((c) => Object.assign(new SchemaChangeType(), c)),
      dangerousChanges: diff.dangerousChanges.map((c) => Object.assign(new SchemaChangeType(), c)),
    });
  }
}

export const usageResolvers = [UsageResolver] as const;
