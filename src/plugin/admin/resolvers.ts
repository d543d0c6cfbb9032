// The plugin admin API: listing for signed-in users; activation, status, reload and the audit
// trail for staff. Part of the base schema (always present, whatever plugins are active), together
// with the admin GraphQL of each mixin (pluginAdminResolvers).
import { Arg, Ctx, Int, Mutation, Query, Resolver, UseMiddleware } from 'type-graphql';
import { requireStaff, requireUser } from '../../auth/guards.js';
import { PluginStateChange } from '../../db/entities/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import type { SchemaClass } from '../../graphql/build.js';
import { PluginInstallResolver } from '../install/resolvers.js';
import { MIXIN_ORDER } from '../mixins/order.js';
import type { PluginRegistry } from '../registry/registry.js';
import { PluginErrorType, PluginRegistryStatusType, PluginStateChangeType, PluginType } from './graphql-types.js';
import { refuseUnsafeText } from '../../graphql/text-input.js';
import { impactsOf, type OperationImpactType } from '../../usage/graphql-types.js';
import { PluginPreviewResolver } from './preview-resolvers.js';
import { registryOf } from './registry-of.js';

async function configActive(ctx: GraphQLContext): Promise<Map<string, boolean>> {
  const rows = await ctx.em.execute<Array<{ key: string; active: boolean }>>('select key, active from plugin_configs');
  return new Map(rows.map((r) => [r.key, r.active]));
}

function view(registry: PluginRegistry, key: string, active: Map<string, boolean>): PluginType | null {
  const record = registry.record(key);
  if (record) return PluginType.fromRecord(record, registry, active.get(key) ?? false);
  const row = registry.missing().find((r) => r.key === key);
  return row ? PluginType.fromMissingRow({ ...row, active: active.get(key) ?? row.active }) : null;
}

function status(registry: PluginRegistry, ctx: GraphQLContext): PluginRegistryStatusType {
  const schema = ctx.app.schema.current;
  const build = registry.lastBuild();
  return Object.assign(new PluginRegistryStatusType(), {
    activeKeys: registry.activeKeys(),
    schemaHash: schema.hash,
    schemaVersion: schema.version,
    lastBuildAt: build?.at ?? null,
    lastBuildMs: build?.ms ?? null,
    discovered: registry.records().length,
    pluginsEnabled: registry.config.pluginsEnabled,
    pluginTesting: registry.config.pluginTesting,
    errors: registry.errors().map(PluginErrorType.from),
    missing: registry.missing().map((r) => PluginType.fromMissingRow(r)),
  });
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class PluginAdminResolver {
  @Query(() => [PluginType], { description: 'Discovered plugins, filtered. Signed-in users.' })
  async plugins(
    @Ctx() ctx: GraphQLContext,
    @Arg('active', () => Boolean, { nullable: true }) active?: boolean | null,
    @Arg('mixin', () => String, { nullable: true, description: 'Only plugins declaring this mixin, e.g. "graphql".' })
    mixin?: string | null,
    @Arg('builtin', () => Boolean, { nullable: true }) builtin?: boolean | null,
    @Arg('sample', () => Boolean, { nullable: true }) sample?: boolean | null,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Case-insensitive match on key, name, title, description.',
    })
    search?: string | null,
    @Arg('includeMissing', () => Boolean, {
      defaultValue: false,
      description: 'Also list configuration rows of plugins no longer present.',
    })
    includeMissing = false,
  ): Promise<PluginType[]> {
    requireUser(ctx);
    const registry = registryOf(ctx);
    const rows = await configActive(ctx);
    const keys = [
      ...registry.records().map((r) => r.key),
      ...(includeMissing ? registry.missing().map((r) => r.key) : []),
    ];
    const needle = search?.trim().toLowerCase();
    return keys
      .map((k) => view(registry, k, rows)!)
      .filter((p) => active === undefined || active === null || p.active === active)
      .filter((p) => !mixin || p.mixins.includes(mixin))
      .filter((p) => builtin === undefined || builtin === null || p.isBuiltin === builtin)
      .filter((p) => sample === undefined || sample === null || p.isSample === sample)
      .filter(
        (p) => !needle || [p.key, p.name, p.title, p.description ?? ''].some((t) => t.toLowerCase().includes(needle)),
      )
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  @Query(() => PluginType, { description: 'One plugin by key (also a missing one). Signed-in users.' })
  async plugin(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string): Promise<PluginType> {
    requireUser(ctx);
    const p = view(registryOf(ctx), key, await configActive(ctx));
    if (!p) throw badInput(`Unknown plugin "${key}"`, 'key');
    return p;
  }

  @Mutation(() => PluginType, {
    description:
      'Turns a plugin on or off (staff). The schema is rebuilt and swapped before this returns; refused with BAD_USER_INPUT if it cannot be built.',
  })
  async activatePlugin(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('active', () => Boolean, { defaultValue: true }) active: boolean,
    @Arg('force', () => Boolean, {
      defaultValue: false,
      description: 'Proceed even if PLUGIN_TOGGLE_GUARD is block and recorded operations would break (audited).',
    })
    force: boolean,
  ): Promise<PluginType> {
    const user = requireStaff(ctx, 'activatePlugin');
    const registry = registryOf(ctx);
    let broken: OperationImpactType[] | null = null;
    await registry.activate(key, active, user, 'graphql', {
      force,
      onGuard: (r) => (broken = impactsOf({ operations: r.broken, unaffectedCount: 0 })),
    });
    // The toggle succeeded, so the stored state is the one asked for: no need to read it back.
    const out = view(registry, key, new Map([[key, active]]))!;
    out.brokenOperations = broken;
    return out;
  }

  @Query(() => PluginRegistryStatusType, {
    description: 'Active plugins, schema hash, last build, every registry error (staff).',
  })
  pluginRegistryStatus(@Ctx() ctx: GraphQLContext): PluginRegistryStatusType {
    requireStaff(ctx, 'pluginRegistryStatus');
    return status(registryOf(ctx), ctx);
  }

  @Mutation(() => PluginRegistryStatusType, {
    description:
      'Re-runs discovery (collect, default true: new and changed plugin files appear) and rebuilds the schema (staff).',
  })
  async reloadPlugins(
    @Ctx() ctx: GraphQLContext,
    @Arg('collect', () => Boolean, { defaultValue: true }) collect: boolean,
  ): Promise<PluginRegistryStatusType> {
    requireStaff(ctx, 'reloadPlugins');
    const registry = registryOf(ctx);
    await registry.reload({ collect, actor: ctx.user });
    return status(registry, ctx);
  }

  @Query(() => [PluginStateChangeType], { description: 'Audit trail of plugin state changes, newest first (staff).' })
  async pluginStateChanges(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String, { nullable: true }) key?: string | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ): Promise<PluginStateChangeType[]> {
    requireStaff(ctx, 'pluginStateChanges');
    if (limit < 1 || limit > 1000) throw badInput('limit must be between 1 and 1000', 'limit');
    const registry = registryOf(ctx);
    if (key && !registry.record(key) && !registry.missing().some((r) => r.key === key))
      throw badInput(`Unknown plugin "${key}"`, 'key');
    const rows = await ctx.em.find(PluginStateChange, key ? { pluginKey: key } : {}, {
      orderBy: { id: 'desc' },
      limit,
      populate: ['user'],
    });
    return rows.map((r) =>
      Object.assign(new PluginStateChangeType(), {
        id: String(r.id),
        pluginKey: r.pluginKey,
        username: r.user?.username ?? null,
        source: r.source,
        fromActive: r.fromActive,
        toActive: r.toActive,
        action: r.action,
        detail: r.detail ?? null,
        createdAt: r.createdAt,
        forced: r.forced,
      }),
    );
  }
}

/** The plugin framework's part of the base schema: this API plus every mixin's admin GraphQL. */
export const pluginAdminResolvers: readonly SchemaClass[] = [
  PluginAdminResolver,
  PluginInstallResolver,
  PluginPreviewResolver,
  ...MIXIN_ORDER.flatMap((m) => m.adminResolvers ?? []),
];
