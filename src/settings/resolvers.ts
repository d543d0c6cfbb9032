// GraphQL for settings: Plugin.settings / updatePluginSetting and globalSettings /
// updateGlobalSetting, all staff-only; protected values are masked for non-superusers.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireStaff } from '../auth/guards.js';
import type { User } from '../db/entities/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { PluginType } from '../plugin/admin/types.js';
import { settingsOf } from '../plugin/mixins/settings.js';
import { choicesOf, encode, MASK, SettingValidationError, typeOf, type SettingDefinition, type SettingDefinitions } from './definitions.js';
import { GLOBAL_SETTINGS } from './global.js';
import { effectiveValue, missingRequired, prepareValue, readGlobalSettings, readPluginSettings, writeGlobalSetting, writePluginSetting, type StoredSetting } from './store.js';

declare module '../graphql/context.js' {
  interface AppServices {
    /** Called after a global setting changed in this process (cache invalidation, schema rebuild). */
    onGlobalSettingChanged?: (key: string) => Promise<void>;
  }
}

@ObjectType('SettingChoice')
export class SettingChoiceType {
  @Field(() => String) value!: string;
  @Field(() => String) label!: string;
}

@ObjectType('Setting', { description: 'A plugin or global setting with its definition and current value.' })
export class SettingType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { description: 'string, boolean, integer, float, choice or model.' }) type!: string;
  @Field(() => String, { nullable: true, description: `Current value as text (stored, else default). Protected settings show "${MASK}" to non-superusers.` })
  value!: string | null;
  @Field(() => Boolean, { description: 'A value is stored (not just the default).' }) isSet!: boolean;
  @Field(() => String, { nullable: true }) defaultValue!: string | null;
  @Field(() => [SettingChoiceType]) choices!: SettingChoiceType[];
  @Field(() => String, { nullable: true, description: 'For model settings: part, partcategory, stocklocation, stockitem or user.' }) model!: string | null;
  @Field(() => Boolean) required!: boolean;
  @Field(() => Boolean) protected!: boolean;
  @Field(() => Boolean) hidden!: boolean;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

function view(key: string, def: SettingDefinition, stored: StoredSetting | undefined, viewer: User): SettingType {
  const value = encode(effectiveValue(def, stored));
  const masked = def.protected && !viewer.isSuperuser;
  return Object.assign(new SettingType(), {
    key,
    name: def.name,
    description: def.description ?? null,
    type: typeOf(def),
    value: masked ? (value === null ? null : MASK) : value,
    isSet: !!stored && stored.value !== null,
    defaultValue: masked ? null : encode(def.default ?? null),
    choices: choicesOf(def),
    model: def.model ?? null,
    required: !!def.required,
    protected: !!def.protected,
    hidden: !!def.hidden,
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedBy ?? null,
  });
}

function list(defs: SettingDefinitions, stored: Map<string, StoredSetting>, viewer: User, includeHidden: boolean): SettingType[] {
  return Object.entries(defs)
    .filter(([, def]) => includeHidden || !def.hidden)
    .map(([key, def]) => view(key, def, stored.get(key), viewer));
}

/** Parses and stores, turning validation failures into BAD_USER_INPUT naming the setting. */
async function validated(em: EntityManager, key: string, def: SettingDefinition, value: string | null | undefined): Promise<string | null> {
  try {
    return await prepareValue(em, key, def, value ?? null);
  } catch (e) {
    if (e instanceof SettingValidationError) throw badInput(e.message, key);
    throw e;
  }
}

/** The SETTINGS of a discovered plugin; null when the registry does not know the key. */
function definitionsOf(ctx: GraphQLContext, pluginKey: string): SettingDefinitions | null {
  const record = ctx.app.plugins?.record(pluginKey);
  return record ? settingsOf(record.cls) : null;
}

@Resolver(() => PluginType)
export class PluginSettingsResolver {
  @FieldResolver(() => [SettingType], { description: 'The plugin\'s settings (staff). Protected values are masked for non-superusers.' })
  async settings(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext, @Arg('includeHidden', () => Boolean, { defaultValue: false }) includeHidden: boolean): Promise<SettingType[]> {
    const viewer = requireStaff(ctx, 'Plugin.settings');
    const defs = definitionsOf(ctx, plugin.key) ?? {};
    if (!Object.keys(defs).length) return [];
    return list(defs, await readPluginSettings(ctx.em, plugin.key), viewer, includeHidden);
  }

  @FieldResolver(() => [String], { description: 'Keys of required settings that have no value yet: the plugin may not work until they are set.' })
  async missingSettings(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    const defs = definitionsOf(ctx, plugin.key) ?? {};
    if (!Object.values(defs).some((d) => d.required)) return [];
    return missingRequired(defs, await readPluginSettings(ctx.em, plugin.key));
  }
}

@Resolver()
export class SettingsResolver {
  @Mutation(() => SettingType, { description: 'Sets (or with value null clears) a plugin setting (staff). Errors name the setting.' })
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
    const text = await validated(ctx.em, key, def, value);
    await writePluginSetting(ctx.em, pluginKey, key, text, viewer.id);
    return view(key, def, (await readPluginSettings(ctx.em, pluginKey)).get(key), viewer);
  }

  @Query(() => [SettingType], { description: 'Server-wide settings (staff), e.g. ENABLE_PLUGINS_EVENTS.' })
  async globalSettings(@Ctx() ctx: GraphQLContext, @Arg('includeHidden', () => Boolean, { defaultValue: false }) includeHidden: boolean): Promise<SettingType[]> {
    const viewer = requireStaff(ctx, 'globalSettings');
    return list(GLOBAL_SETTINGS, await readGlobalSettings(ctx.em), viewer, includeHidden);
  }

  @Mutation(() => SettingType, { description: 'Changes a global setting (staff). Plugin switches apply at once in this process, within a second elsewhere.' })
  async updateGlobalSetting(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string, @Arg('value', () => String, { nullable: true }) value: string | null): Promise<SettingType> {
    const viewer = requireStaff(ctx, 'updateGlobalSetting');
    const def = GLOBAL_SETTINGS[key];
    if (!def) throw badInput(`Unknown global setting "${key}"`, 'key');
    const text = await validated(ctx.em, key, def, value);
    await writeGlobalSetting(ctx.em, key, text, viewer.id);
    await ctx.app.onGlobalSettingChanged?.(key);
    return view(key, def, (await readGlobalSettings(ctx.em)).get(key), viewer);
  }
}

export const settingsResolvers = [PluginSettingsResolver, SettingsResolver];
