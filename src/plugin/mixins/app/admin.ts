// The AppMixin's GraphQL (base schema): `Plugin.migrations` / `Plugin.pendingMigrations`,
// `PluginRegistryStatus.migrationIssues` (plugins with pending or failed migrations) and the
// superuser mutation `purgePluginData(key)`.
import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root, UseMiddleware } from 'type-graphql';
import { requireSuperuser } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';
import { PluginRegistryStatusType, PluginType } from '../../admin/graphql-types.js';
import type { PluginCtor } from '../../registry/records.js';
import { pendingOf } from './migrate.js';
import { appDeclarationOfClass } from './mixin.js';
import { purgePluginData } from './purge.js';
import { appliedMigrations, type AppliedMigration } from './store.js';

@ObjectType('PluginMigration', { description: "One applied migration of an AppMixin plugin's tables." })
export class PluginMigrationType {
  @Field(() => String) name!: string;
  @Field(() => Date) appliedAt!: Date;
}

@ObjectType('PluginMigrationIssue', { description: 'An AppMixin plugin with pending or failed migrations.' })
export class PluginMigrationIssueType {
  @Field(() => String) key!: string;
  @Field(() => [String], { description: 'Declared migrations not applied yet (they run at its next activation).' })
  pending!: string[];
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (stage "migrate"), if it did.' })
  failed!: string | null;
}

@ObjectType('PurgePluginDataResult')
export class PurgePluginDataResultType {
  @Field(() => String) key!: string;
  @Field(() => [String], { description: 'The tables dropped.' }) droppedTables!: string[];
}

type PluginRegistry = NonNullable<GraphQLContext['app']['plugins']>;

function registryOf(ctx: GraphQLContext): PluginRegistry | undefined {
  return ctx.app.plugins;
}

/** Applied migrations per plugin key, one query per request (DataLoader). */
function appliedOf(ctx: GraphQLContext, key: string): Promise<AppliedMigration[]> {
  return ctx
    .loader<string, AppliedMigration[]>('app.appliedMigrations', () => {
      return new DataLoader(async (keys: readonly string[]) => {
        const rows = await appliedMigrations(ctx.em, keys);
        return keys.map((k) => rows.filter((r) => r.pluginKey === k));
      });
    })
    .load(key);
}

/** Names of the plugin's declared migrations (empty when it does not use AppMixin or is missing). */
function declaredOf(registry: PluginRegistry | undefined, key: string) {
  const record = registry?.record(key);
  if (!record?.mixins.includes('app')) return [];
  const migrations = appDeclarationOfClass(record.cls as PluginCtor & { pluginKey(): string }).migrations;
  return Array.isArray(migrations) ? migrations : [];
}

async function pendingFor(ctx: GraphQLContext, key: string): Promise<string[]> {
  const applied = new Set((await appliedOf(ctx, key)).map((m) => m.name));
  return pendingOf(declaredOf(registryOf(ctx), key), applied);
}

@Resolver(() => PluginType)
export class PluginMigrationFieldsResolver {
  @FieldResolver(() => [PluginMigrationType], {
    description: "AppMixin: the plugin's applied migrations, oldest first (kept while it is inactive).",
  })
  async migrations(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): Promise<PluginMigrationType[]> {
    return (await appliedOf(ctx, plugin.key)).map((m) =>
      Object.assign(new PluginMigrationType(), { name: m.name, appliedAt: m.appliedAt }),
    );
  }

  @FieldResolver(() => [String], {
    description: 'AppMixin: declared migrations not applied yet (they run when it is next activated).',
  })
  pendingMigrations(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return pendingFor(ctx, plugin.key);
  }
}

@Resolver(() => PluginRegistryStatusType)
export class RegistryMigrationIssuesResolver {
  @FieldResolver(() => [PluginMigrationIssueType], {
    description: 'AppMixin plugins with pending migrations or whose last migration failed, by key.',
  })
  async migrationIssues(@Ctx() ctx: GraphQLContext): Promise<PluginMigrationIssueType[]> {
    const registry = registryOf(ctx);
    if (!registry) return [];
    const records = registry.records().filter((r) => r.mixins.includes('app'));
    // Concurrent loads: one query for every plugin (DataLoader).
    const issues = await Promise.all(
      records.map(async (r) => ({
        key: r.key,
        pending: await pendingFor(ctx, r.key),
        failed: registry.errorsOf(r).find((e) => e.stage === 'migrate')?.message ?? null,
      })),
    );
    return issues
      .filter((i) => i.pending.length || i.failed)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((i) => Object.assign(new PluginMigrationIssueType(), i));
  }
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class AppAdminResolver {
  @Mutation(() => PurgePluginDataResultType, {
    description:
      "Drops an inactive AppMixin plugin's tables and forgets its migrations (superuser; audited in pluginStateChanges as source purge-data).",
  })
  async purgePluginData(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
  ): Promise<PurgePluginDataResultType> {
    const user = requireSuperuser(ctx, 'purgePluginData');
    const droppedTables = await purgePluginData(ctx.app.orm, key, { user });
    return Object.assign(new PurgePluginDataResultType(), { key, droppedTables });
  }
}
