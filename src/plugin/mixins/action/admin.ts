// The ActionMixin's GraphQL: `pluginAction(action, data)` for signed-in users, and
// `Plugin.actionName`. An action goes to the ACTIVE plugin whose ACTION_NAME it names; when
// several active plugins declare the same name, the first by key answers (the others are never
// asked). A plugin that throws fails only this call, with PLUGIN_ACTION_FAILED naming it.
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root, UseMiddleware } from 'type-graphql';
import { requireUser } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';
import { PluginType } from '../../admin/graphql-types.js';
import { pluginCallError } from '../plugin-call-error.js';
import { actionNameOf, actionPluginFor, type ActionData } from './mixin.js';

export const PLUGIN_ACTION_FAILED = 'PLUGIN_ACTION_FAILED';

@ObjectType('PluginActionResult', { description: "A plugin's answer to an action (InvenTree's ActionMixin)." })
export class PluginActionResultType {
  @Field(() => String, { description: 'The action called (the ACTION_NAME).' }) action!: string;
  @Field(() => String, { description: 'Key of the plugin that answered.' }) plugin!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: "The plugin's getResult() (default true)." })
  result!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "The plugin's getInfo() (default null)." })
  info!: unknown;
}

/** Turns what a plugin answered into JSON the scalar can serialise (undefined → null; functions, cycles → refused). */
function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class PluginActionResolver {
  @Mutation(() => PluginActionResultType, {
    description:
      'Calls the action of the active plugin whose ACTION_NAME is `action` (the first by key if several). Signed-in users.',
  })
  async pluginAction(
    @Ctx() ctx: GraphQLContext,
    @Arg('action', () => String) action: string,
    @Arg('data', () => GraphQLJSONObject, { nullable: true }) data?: ActionData | null,
  ): Promise<PluginActionResultType> {
    const user = requireUser(ctx);
    const plugin = actionPluginFor(ctx.app.plugins?.activePlugins() ?? [], action);
    if (!plugin) throw badInput(`No active plugin answers the action "${action}"`, 'action');
    const input: ActionData = data ?? {};
    try {
      await plugin.performAction(user, input);
      const result = jsonValue(await plugin.getResult(user, input));
      const info = jsonValue(await plugin.getInfo(user, input));
      return Object.assign(new PluginActionResultType(), { action, plugin: plugin.key, result, info });
    } catch (e) {
      throw pluginCallError(PLUGIN_ACTION_FAILED, plugin.key, `action "${action}"`, e);
    }
  }
}

@Resolver(() => PluginType)
export class PluginActionNameResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The ACTION_NAME of a plugin with ActionMixin (what `pluginAction` calls); null otherwise.',
  })
  actionName(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): string | null {
    if (!plugin.mixins.includes('action')) return null;
    const record = ctx.app.plugins?.record(plugin.key);
    return record ? actionNameOf(record.cls) : null;
  }
}
