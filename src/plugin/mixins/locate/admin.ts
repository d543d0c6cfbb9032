// The LocateMixin's GraphQL: `locate(plugin, stockItem | stockLocation)` for signed-in users, and
// `Plugin.canLocate`. The named plugin must be ACTIVE and declare LocateMixin. Each answered
// request is recorded as event `locate.stockitem` / `locate.stocklocation` (data: plugin, the id
// as text, user, located). A plugin that throws fails only this call, with PLUGIN_LOCATE_FAILED
// naming it, and no event is recorded.
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root, UseMiddleware } from 'type-graphql';
import { requireUser } from '../../../auth/guards.js';
import { StockItem, StockLocation } from '../../../db/entities/index.js';
import { triggerEvent } from '../../../events/trigger.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';
import { PluginType } from '../../admin/graphql-types.js';
import { pluginCallError } from '../plugin-call-error.js';
import { canLocateTarget, isLocatePlugin, locateAnswer, type LocatePlugin, type LocateTarget } from './mixin.js';

export const PLUGIN_LOCATE_FAILED = 'PLUGIN_LOCATE_FAILED';

@ObjectType('LocateResult', { description: "A plugin's answer to a locate request (InvenTree's LocateMixin)." })
export class LocateResultType {
  @Field(() => String, { description: 'Key of the plugin asked.' }) plugin!: string;
  @Field(() => StockItem, { nullable: true }) stockItem!: StockItem | null;
  @Field(() => StockLocation, { nullable: true }) stockLocation!: StockLocation | null;
  @Field(() => Boolean, { description: 'Whether the plugin located it.' }) located!: boolean;
  @Field(() => String, { nullable: true, description: 'What the plugin said, if anything.' }) message!: string | null;
}

const EVENT: Record<LocateTarget, { name: string; model: string; what: string }> = {
  stockItem: { name: 'locate.stockitem', model: 'stockitem', what: 'stock items' },
  stockLocation: { name: 'locate.stocklocation', model: 'stocklocation', what: 'stock locations' },
};

function locatePlugin(ctx: GraphQLContext, key: string): LocatePlugin {
  const plugin = ctx.app.plugins?.getPlugin(key) ?? null;
  if (!plugin) throw badInput(`No active plugin with key "${key}"`, 'plugin');
  if (!isLocatePlugin(plugin)) throw badInput(`Plugin "${key}" cannot locate (it has no LocateMixin)`, 'plugin');
  return plugin;
}

function numericId(value: string, field: LocateTarget): number {
  const id = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw badInput(`No ${field} with id "${value}"`, field);
  return id;
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class LocateResolver {
  @Mutation(() => LocateResultType, {
    description:
      'Asks an active plugin with LocateMixin to locate one stock item or one stock location (give exactly one). Signed-in users.',
  })
  async locate(
    @Ctx() ctx: GraphQLContext,
    @Arg('plugin', () => String, { description: 'Key of the plugin.' }) pluginKey: string,
    @Arg('stockItem', () => ID, { nullable: true }) stockItem?: string | null,
    @Arg('stockLocation', () => ID, { nullable: true }) stockLocation?: string | null,
  ): Promise<LocateResultType> {
    const user = requireUser(ctx);
    const given = (stockItem ?? null) !== null;
    if (given === ((stockLocation ?? null) !== null))
      throw badInput('Give exactly one of stockItem and stockLocation', given ? 'stockLocation' : 'stockItem');
    const target: LocateTarget = given ? 'stockItem' : 'stockLocation';
    const plugin = locatePlugin(ctx, pluginKey);
    if (!canLocateTarget(plugin, target))
      throw badInput(`Plugin "${plugin.key}" cannot locate ${EVENT[target].what}`, target);

    const raw = (target === 'stockItem' ? stockItem : stockLocation) as string;
    const id = numericId(raw, target);
    const entity =
      target === 'stockItem' ? await ctx.em.findOne(StockItem, id) : await ctx.em.findOne(StockLocation, id);
    if (!entity) throw badInput(`No ${target} with id "${raw}"`, target);

    let answer: ReturnType<typeof locateAnswer>;
    try {
      answer = locateAnswer(
        entity instanceof StockItem ? await plugin.locateStockItem(entity) : await plugin.locateStockLocation(entity),
      );
    } catch (e) {
      throw pluginCallError(PLUGIN_LOCATE_FAILED, plugin.key, `to locate ${target} ${raw}`, e);
    }
    const event = EVENT[target];
    await triggerEvent(
      ctx.em,
      event.name,
      { plugin: plugin.key, [target]: String(id), user: user.username, located: answer.located },
      { model: event.model, instanceId: id, user },
    );
    return Object.assign(new LocateResultType(), {
      plugin: plugin.key,
      stockItem: entity instanceof StockItem ? entity : null,
      stockLocation: entity instanceof StockLocation ? entity : null,
      ...answer,
    });
  }
}

@Resolver(() => PluginType)
export class PluginCanLocateResolver {
  @FieldResolver(() => Boolean, { description: 'The plugin declares LocateMixin (it can answer `locate`).' })
  canLocate(@Root() plugin: PluginType): boolean {
    return plugin.mixins.includes('locate');
  }
}
