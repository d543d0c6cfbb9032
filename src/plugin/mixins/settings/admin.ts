// The SettingsMixin's staff GraphQL: `Plugin.settings`, `Plugin.missingSettings` and
// `updatePluginSetting`. Protected values are masked for non-superusers (settingView).
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import { requireStaff } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import type { SettingDefinitions } from '../../../settings/definitions.js';
import { SettingType, settingView, settingViews, validatedSettingValue } from '../../../settings/resolvers.js';
import { missingRequired, readPluginSettings, writePluginSetting } from '../../../settings/store.js';
import { PluginType } from '../../admin/graphql-types.js';
import { settingsOf } from './mixin.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';

/** The SETTINGS of a discovered plugin; null when the registry does not know the key. */
function definitionsOf(ctx: GraphQLContext, pluginKey: string): SettingDefinitions | null {
  const record = ctx.app.plugins?.record(pluginKey);
  return record ? settingsOf(record.cls) : null;
}

@Resolver(() => PluginType)
export class PluginSettingsResolver {
  @FieldResolver(() => [SettingType], {
    description: "The plugin's settings (staff). Protected values are masked for non-superusers.",
  })
  async settings(
    @Root() plugin: PluginType,
    @Ctx() ctx: GraphQLContext,
    @Arg('includeHidden', () => Boolean, { defaultValue: false }) includeHidden: boolean,
  ): Promise<SettingType[]> {
    const viewer = requireStaff(ctx, 'Plugin.settings');
    const defs = definitionsOf(ctx, plugin.key) ?? {};
    if (!Object.keys(defs).length) return [];
    return settingViews(defs, await readPluginSettings(ctx.em, plugin.key), viewer, includeHidden);
  }

  @FieldResolver(() => [String], {
    description: 'Keys of required settings that have no value yet: the plugin may not work until they are set.',
  })
  async missingSettings(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    const defs = definitionsOf(ctx, plugin.key) ?? {};
    if (!Object.values(defs).some((d) => d.required)) return [];
    return missingRequired(defs, await readPluginSettings(ctx.em, plugin.key));
  }
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class PluginSettingMutationResolver {
  @Mutation(() => SettingType, {
    description: 'Sets (or with value null clears) a plugin setting (staff). Errors name the setting.',
  })
  async updatePluginSetting(
    @Ctx() ctx: GraphQLContext,
    @Arg('plugin', () => String) pluginKey: string,
    @Arg('key', () => String) key: string,
    @Arg('value', () => String, { nullable: true }) value: string | null,
  ): Promise<SettingType> {
    const viewer = requireStaff(ctx, 'updatePluginSetting');
    const defs = definitionsOf(ctx, pluginKey);
    if (!defs) throw badInput(`Unknown plugin "${pluginKey}"`, 'plugin');
    const def = defs[key];
    if (!def) throw badInput(`Plugin "${pluginKey}" has no setting "${key}"`, 'key');
    const text = await validatedSettingValue(ctx.em, key, def, value);
    await writePluginSetting(ctx.em, pluginKey, key, text, viewer.id);
    return settingView(key, def, (await readPluginSettings(ctx.em, pluginKey)).get(key), viewer);
  }
}
