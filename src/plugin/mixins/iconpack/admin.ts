// IconPackMixin's GraphQL: `iconPacks` (any signed-in user) lists the packs of the ACTIVE plugins
// with IconPackMixin in key order (a duplicate prefix keeps the first plugin's pack; served.ts),
// and `Plugin.iconPacks` what one plugin serves. Read per request, so a toggle shows at once.
import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireUser } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { PluginType } from '../../admin/graphql-types.js';
import { activeWithMixin, recordUiProblem } from '../ui-support.js';
import { servedIconPacks, type ServedPack } from './served.js';

@ObjectType('Icon', { description: 'One icon of a pack; its id is "<prefix>:<name>".' })
export class IconType {
  @Field(() => String) name!: string;
  @Field(() => String, {
    description: 'SVG markup, checked when the plugin loaded (no scripts, no external references).',
  })
  svg!: string;
}

@ObjectType('IconPack', { description: "A plugin's icon pack (InvenTree's IconPackMixin)." })
export class IconPackType {
  @Field(() => String, { description: 'Key of the plugin that serves it.' }) pluginKey!: string;
  @Field(() => String, { description: 'Icon ids of this pack start with "<prefix>:".' }) prefix!: string;
  @Field(() => String) name!: string;
  @Field(() => [IconType]) icons!: IconType[];

  static from(pack: ServedPack): IconPackType {
    return Object.assign(new IconPackType(), {
      pluginKey: pack.pluginKey,
      prefix: pack.prefix,
      name: pack.name,
      icons: Object.entries(pack.icons).map(([name, svg]) => Object.assign(new IconType(), { name, svg })),
    });
  }
}

/** The served packs; problems (a duplicate prefix, unreadable packs) are recorded on their plugin. */
function served(ctx: GraphQLContext): ServedPack[] {
  const { packs, problems } = servedIconPacks(activeWithMixin(ctx, 'iconpack'));
  for (const p of problems) recordUiProblem(ctx, p.pluginKey, p.message);
  return packs;
}

@Resolver()
export class IconPacksResolver {
  @Query(() => [IconPackType], {
    description: 'Icon packs of the active plugins with IconPackMixin, in plugin key order. Signed-in users.',
  })
  iconPacks(@Ctx() ctx: GraphQLContext): IconPackType[] {
    requireUser(ctx);
    return served(ctx).map(IconPackType.from);
  }
}

@Resolver(() => PluginType)
export class PluginIconPacksResolver {
  @FieldResolver(() => [IconPackType], {
    description: 'The icon packs this plugin serves while it is active (IconPackMixin); [] when it is not.',
  })
  iconPacks(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): IconPackType[] {
    if (!ctx.app.plugins?.isActive(plugin.key)) return [];
    return served(ctx)
      .filter((p) => p.pluginKey === plugin.key)
      .map(IconPackType.from);
  }
}
