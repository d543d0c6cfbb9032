// GraphQL for global settings (globalSettings / updateGlobalSetting, staff-only) and the Setting
// type with its view helpers, which the SettingsMixin's admin API (plugin settings) reuses.
// Protected values are masked for non-superusers.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import { requireStaff } from '../auth/guards.js';
import type { User } from '../db/entities/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import {
  choicesOf,
  encode,
  MASK,
  SettingValidationError,
  typeOf,
  type SettingDefinition,
  type SettingDefinitions,
} from './definitions.js';
import { GLOBAL_SETTINGS } from './global.js';
import { effectiveValue, prepareValue, readGlobalSettings, writeGlobalSetting, type StoredSetting } from './store.js';
import { refuseUnsafeText } from '../graphql/text-input.js';

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
  @Field(() => String, {
    nullable: true,
    description: `Current value as text (stored, else default). Protected settings show "${MASK}" to non-superusers.`,
  })
  value!: string | null;
  @Field(() => Boolean, { description: 'A value is stored (not just the default).' }) isSet!: boolean;
  @Field(() => String, { nullable: true }) defaultValue!: string | null;
  @Field(() => [SettingChoiceType]) choices!: SettingChoiceType[];
  @Field(() => String, {
    nullable: true,
    description: 'For model settings: part, partcategory, stocklocation, stockitem or user.',
  })
  model!: string | null;
  @Field(() => Boolean) required!: boolean;
  @Field(() => Boolean) protected!: boolean;
  @Field(() => Boolean) hidden!: boolean;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

export function settingView(
  key: string,
  def: SettingDefinition,
  stored: StoredSetting | undefined,
  viewer: User,
): SettingType {
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

export function settingViews(
  defs: SettingDefinitions,
  stored: Map<string, StoredSetting>,
  viewer: User,
  includeHidden: boolean,
): SettingType[] {
  return Object.entries(defs)
    .filter(([, def]) => includeHidden || !def.hidden)
    .map(([key, def]) => settingView(key, def, stored.get(key), viewer));
}

/** Parses and stores, turning validation failures into BAD_USER_INPUT naming the setting. */
export async function validatedSettingValue(
  em: EntityManager,
  key: string,
  def: SettingDefinition,
  value: string | null | undefined,
): Promise<string | null> {
  try {
    return await prepareValue(em, key, def, value ?? null);
  } catch (e) {
    if (e instanceof SettingValidationError) throw badInput(e.message, key);
    throw e;
  }
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class SettingsResolver {
  @Query(() => [SettingType], { description: 'Server-wide settings (staff), e.g. ENABLE_PLUGINS_EVENTS.' })
  async globalSettings(
    @Ctx() ctx: GraphQLContext,
    @Arg('includeHidden', () => Boolean, { defaultValue: false }) includeHidden: boolean,
  ): Promise<SettingType[]> {
    const viewer = requireStaff(ctx, 'globalSettings');
    return settingViews(GLOBAL_SETTINGS, await readGlobalSettings(ctx.em), viewer, includeHidden);
  }

  @Mutation(() => SettingType, {
    description:
      'Changes a global setting (staff). Plugin switches apply at once in this process, within a second elsewhere.',
  })
  async updateGlobalSetting(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('value', () => String, { nullable: true }) value: string | null,
  ): Promise<SettingType> {
    const viewer = requireStaff(ctx, 'updateGlobalSetting');
    const def = GLOBAL_SETTINGS[key];
    if (!def) throw badInput(`Unknown global setting "${key}"`, 'key');
    const text = await validatedSettingValue(ctx.em, key, def, value);
    await writeGlobalSetting(ctx.em, key, text, viewer.id);
    await ctx.app.onGlobalSettingChanged?.(key);
    return settingView(key, def, (await readGlobalSettings(ctx.em)).get(key), viewer);
  }
}

export const settingsResolvers = [SettingsResolver];
