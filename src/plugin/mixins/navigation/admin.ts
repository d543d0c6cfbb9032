// NavigationMixin's GraphQL: `uiNavigation` (any signed-in user) lists the entries of the ACTIVE
// plugins with NavigationMixin, in plugin key order, and `Plugin.navigation` what one plugin adds.
// The registry's active set is read per request, so a toggle changes the answer at once. A plugin
// whose entries cannot be read is left out and its problem recorded (ui-support.ts). With the global
// switch ENABLE_PLUGINS_NAVIGATION off, both answer nothing.
import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireUser } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { PluginType } from '../../admin/graphql-types.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { activeWithMixin, problemText, recordUiProblem, switchOn } from '../ui-support.js';
import { navigationOf, type NavigationItem } from './mixin.js';

/** The global switch that turns every plugin's navigation entries off. */
export const NAVIGATION_SWITCH = 'ENABLE_PLUGINS_NAVIGATION';

@ObjectType('UiNavigationItem', {
  description: "An entry a plugin adds to the app's navigation (InvenTree's NavigationMixin).",
})
export class UiNavigationItemType {
  @Field(() => String, { description: 'Key of the plugin that adds it.' }) pluginKey!: string;
  @Field(() => String) name!: string;
  @Field(() => String, {
    description: 'A path on this server: under /plugin/<slug>/ or an app path (never another origin).',
  })
  link!: string;
  @Field(() => String, { nullable: true, description: 'Icon id, e.g. "prefix:name" from an icon pack.' })
  icon!: string | null;
}

function itemsOf(ctx: GraphQLContext, plugin: InvenTreePlugin): UiNavigationItemType[] {
  let items: NavigationItem[];
  try {
    items = navigationOf(plugin);
  } catch (e) {
    recordUiProblem(ctx, plugin.key, `navigation left out: ${problemText(e)}`);
    return [];
  }
  return items.map((item) => Object.assign(new UiNavigationItemType(), { pluginKey: plugin.key, ...item }));
}

@Resolver()
export class UiNavigationResolver {
  @Query(() => [UiNavigationItemType], {
    description:
      'Navigation entries of the active plugins with NavigationMixin, in plugin key order; none while ENABLE_PLUGINS_NAVIGATION is off. Signed-in users.',
  })
  async uiNavigation(@Ctx() ctx: GraphQLContext): Promise<UiNavigationItemType[]> {
    requireUser(ctx);
    if (!(await switchOn(ctx, NAVIGATION_SWITCH))) return [];
    return activeWithMixin(ctx, 'navigation').flatMap((plugin) => itemsOf(ctx, plugin));
  }
}

@Resolver(() => PluginType)
export class PluginNavigationResolver {
  @FieldResolver(() => [UiNavigationItemType], {
    description:
      'The navigation entries this plugin adds while it is active (NavigationMixin); [] when it is not or ENABLE_PLUGINS_NAVIGATION is off.',
  })
  async navigation(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): Promise<UiNavigationItemType[]> {
    const running = ctx.app.plugins?.getPlugin(plugin.key);
    if (!running?.hasMixin('navigation') || !(await switchOn(ctx, NAVIGATION_SWITCH))) return [];
    return itemsOf(ctx, running);
  }
}
