// The BarcodeMixin's GraphQL (base schema): `scanBarcode` (signed-in users; a mutation because
// every scan is recorded), `linkBarcode` / `unlinkBarcode` (third-party barcodes; staff for
// categories and locations, as the inventory API), `barcodeScans` (staff) and the `barcode` field
// of Part, PartCategory, StockItem and StockLocation.
//
// Scan order: a linked barcode first, then the built-in partgraph-barcode plugin, then every
// other active barcode plugin in key order; the first match naming an existing object wins. A
// plugin that throws (or answers nonsense) is skipped and listed in `errors` with a fixed message
// (the detail goes to the log); it never fails the scan.
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
  createUnionType,
} from 'type-graphql';
import { requireStaff, requireUser } from '../../../auth/guards.js';
import { Part, PartCategory, StockItem, StockLocation } from '../../../db/entities/index.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';
import { logger } from '../../../log.js';
import { PluginType } from '../../admin/graphql-types.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { partgraphBarcode, readPartgraphBarcode } from './format.js';
import {
  BARCODE_MODELS,
  barcodeMatch,
  canGenerate,
  isBarcodeModel,
  isBarcodePlugin,
  type BarcodeMatch,
  type BarcodeModel,
  type BarcodePlugin,
} from './mixin.js';
import { dropLink, linkedObject, listScans, recordScan, removeLink, saveLink, type ScanRow } from './store.js';

const log = logger('plugins');

/** The built-in barcode plugin (src/plugin/builtin/partgraph-barcode.ts); it also answers for linked barcodes. */
export const BUILTIN_BARCODE_PLUGIN = 'partgraph-barcode';
const MAX_SCANS_LISTED = 500;

type BarcodeEntity = Part | PartCategory | StockItem | StockLocation;
const ENTITY = { part: Part, partcategory: PartCategory, stocklocation: StockLocation, stockitem: StockItem } as const;

export const BarcodeMatchUnion = createUnionType({
  name: 'BarcodeMatch',
  description: 'The inventory object a barcode names.',
  types: () => [Part, PartCategory, StockItem, StockLocation] as const,
  resolveType: (value) => {
    if (value instanceof Part) return Part;
    if (value instanceof PartCategory) return PartCategory;
    if (value instanceof StockItem) return StockItem;
    if (value instanceof StockLocation) return StockLocation;
    return undefined;
  },
});

@ObjectType('BarcodePluginError', { description: 'A barcode plugin that failed while scanning (it was skipped).' })
export class BarcodePluginErrorType {
  @Field(() => String) plugin!: string;
  @Field(() => String) message!: string;
}

@ObjectType('BarcodeScanResult', { description: "The answer to scanBarcode (InvenTree's barcode scan)." })
export class BarcodeScanResultType {
  @Field(() => String) barcode!: string;
  @Field(() => String, { nullable: true, description: 'Key of the plugin that matched; null when none did.' })
  plugin!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Model of the match: part, partcategory, stocklocation, stockitem.',
  })
  model!: string | null;
  @Field(() => BarcodeMatchUnion, { nullable: true }) match!: BarcodeEntity | null;
  @Field(() => [String], { description: 'Keys of the plugins asked, in order.' }) plugins!: string[];
  @Field(() => [BarcodePluginErrorType], { description: 'Plugins that failed and were skipped.' })
  errors!: BarcodePluginErrorType[];
}

@ObjectType('BarcodeScan', { description: 'One recorded scan (scan history).' })
export class BarcodeScanType {
  @Field(() => ID) id!: string;
  @Field(() => String) barcode!: string;
  @Field(() => String, { nullable: true, description: 'Who scanned (null once the user is deleted).' })
  username!: string | null;
  @Field(() => String, { nullable: true }) plugin!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => ID, { nullable: true }) objectId!: string | null;
  @Field(() => Date) createdAt!: Date;
}

/** Active barcode plugins in asking order: the built-in first, then the others by key. */
function barcodePlugins(ctx: GraphQLContext): BarcodePlugin[] {
  const all = (ctx.app.plugins?.activePlugins() ?? []).filter(isBarcodePlugin);
  return all.sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
const rank = (p: InvenTreePlugin) => (p.key === BUILTIN_BARCODE_PLUGIN ? 0 : 1);

function loadObject(ctx: GraphQLContext, m: BarcodeMatch): Promise<BarcodeEntity | null> {
  return ctx.em.findOne(ENTITY[m.model] as typeof Part, m.id) as Promise<BarcodeEntity | null>;
}

function parseObjectId(raw: string): number {
  const id = /^[1-9][0-9]{0,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(id <= 2_147_483_647)) throw badInput(`id must be a numeric id, got "${raw}"`, 'id');
  return id;
}

function parseModel(raw: string): BarcodeModel {
  if (!isBarcodeModel(raw)) throw badInput(`model must be one of ${BARCODE_MODELS.join(', ')}`, 'model');
  return raw;
}

function checkBarcode(barcode: string, max: number): void {
  if (barcode.trim() === '') throw badInput('barcode must not be empty', 'barcode');
  if (barcode.length > max) throw badInput(`barcode must be at most ${max} characters`, 'barcode');
}

/** Signed-in users change links of parts and stock items; staff also of categories and locations. */
function requireLinkRole(ctx: GraphQLContext, model: BarcodeModel) {
  return model === 'partcategory' || model === 'stocklocation'
    ? requireStaff(ctx, `barcodes of ${model === 'partcategory' ? 'part categories' : 'stock locations'}`)
    : requireUser(ctx);
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class BarcodeResolver {
  @Mutation(() => BarcodeScanResultType, {
    description:
      'Finds the inventory object a barcode names: a linked barcode, then the built-in partgraph-barcode plugin, then every other active barcode plugin in key order. Signed-in users; each scan is recorded.',
  })
  async scanBarcode(
    @Ctx() ctx: GraphQLContext,
    @Arg('barcode', () => String) barcode: string,
  ): Promise<BarcodeScanResultType> {
    const user = requireUser(ctx);
    checkBarcode(barcode, ctx.app.config.barcodeMaxLength);
    const result = Object.assign(new BarcodeScanResultType(), {
      barcode,
      plugin: null,
      model: null,
      match: null,
      plugins: [] as string[],
      errors: [] as BarcodePluginErrorType[],
    });
    let found: BarcodeMatch | null = null;
    const take = async (plugin: string, m: BarcodeMatch | null): Promise<boolean> => {
      const entity = m ? await loadObject(ctx, m) : null;
      if (!m || !entity) return false;
      Object.assign(result, { plugin, model: m.model, match: entity });
      found = m;
      return true;
    };

    const linked = await linkedObject(ctx.em, barcode);
    const done = linked !== null && (await take(BUILTIN_BARCODE_PLUGIN, linked));
    // A linked barcode is the built-in's answer: it counts as asked.
    if (done) result.plugins.push(BUILTIN_BARCODE_PLUGIN);
    else {
      const plugins = barcodePlugins(ctx);
      // Without the plugin system (PLUGINS_ENABLED=false) PartGraph's own barcodes still scan.
      if (!plugins.some((p) => p.key === BUILTIN_BARCODE_PLUGIN)) {
        result.plugins.push(BUILTIN_BARCODE_PLUGIN);
        await take(BUILTIN_BARCODE_PLUGIN, readPartgraphBarcode(barcode));
      }
      for (const plugin of found ? [] : plugins) {
        result.plugins.push(plugin.key);
        let m: BarcodeMatch | null;
        try {
          m = barcodeMatch(await plugin.scan(barcode, { em: ctx.em, user }));
        } catch (e) {
          log.error(`plugin '${plugin.key}' failed to scan a barcode`, e instanceof Error ? e : String(e));
          result.errors.push({ plugin: plugin.key, message: `Plugin '${plugin.key}' failed to scan the barcode` });
          continue;
        }
        if (await take(plugin.key, m)) break;
      }
    }
    await recordScan(
      ctx.em,
      { barcode, userId: user.id, plugin: result.plugin, match: found },
      ctx.app.config.barcodeScanRetentionDays,
    );
    return result;
  }

  @Mutation(() => Boolean, {
    description:
      'Links a third-party barcode to an object (one barcode names one object; an object has one link, replaced by a new one). Signed-in users; staff for part categories and stock locations.',
  })
  async linkBarcode(
    @Ctx() ctx: GraphQLContext,
    @Arg('model', () => String) model: string,
    @Arg('id', () => ID) id: string,
    @Arg('barcode', () => String) barcode: string,
  ): Promise<boolean> {
    const target: BarcodeMatch = { model: parseModel(model), id: parseObjectId(id) };
    const user = requireLinkRole(ctx, target.model);
    checkBarcode(barcode, ctx.app.config.barcodeMaxLength);
    if (readPartgraphBarcode(barcode)) throw badInput('barcode is a PartGraph barcode and cannot be linked', 'barcode');
    if (!(await loadObject(ctx, target))) throw badInput(`No ${target.model} with id "${id}"`, 'id');
    return ctx.em.transactional(async (tx) => {
      const em = tx as typeof ctx.em;
      const current = await linkedObject(em, barcode);
      if (current && (current.model !== target.model || current.id !== target.id)) {
        // A link whose object is gone is stale: the barcode is free again.
        if (await loadObject({ ...ctx, em }, current))
          throw badInput('barcode is already linked to another object', 'barcode');
        await dropLink(em, barcode);
      }
      try {
        await saveLink(em, target, barcode, user.id);
      } catch (e) {
        // A concurrent link of the same barcode won the race.
        if ((e as { code?: string }).code === '23505' || /unique/i.test(String(e)))
          throw badInput('barcode is already linked to another object', 'barcode');
        throw e;
      }
      return true;
    });
  }

  @Mutation(() => Boolean, {
    description: "Removes an object's linked barcode; false if it had none. Same roles as linkBarcode.",
  })
  async unlinkBarcode(
    @Ctx() ctx: GraphQLContext,
    @Arg('model', () => String) model: string,
    @Arg('id', () => ID) id: string,
  ): Promise<boolean> {
    const target: BarcodeMatch = { model: parseModel(model), id: parseObjectId(id) };
    requireLinkRole(ctx, target.model);
    return removeLink(ctx.em, target);
  }

  @Query(() => [BarcodeScanType], { description: 'Recorded barcode scans, newest first (staff).' })
  async barcodeScans(
    @Ctx() ctx: GraphQLContext,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Arg('user', () => ID, { nullable: true, description: 'Only scans by this user id.' }) user?: string | null,
    @Arg('plugin', () => String, { nullable: true }) plugin?: string | null,
    @Arg('matched', () => Boolean, { nullable: true }) matched?: boolean | null,
  ): Promise<BarcodeScanType[]> {
    requireStaff(ctx, 'barcode scan history');
    if (!(limit >= 1 && limit <= MAX_SCANS_LISTED))
      throw badInput(`limit must be between 1 and ${MAX_SCANS_LISTED}`, 'limit');
    let userId: number | undefined;
    if (user !== undefined && user !== null) {
      userId = /^[1-9][0-9]{0,9}$/.test(user) ? Number(user) : Number.NaN;
      if (!(userId <= 2_147_483_647)) throw badInput(`user must be a numeric id, got "${user}"`, 'user');
    }
    const rows = await listScans(ctx.em, {
      limit,
      userId,
      plugin: plugin ?? undefined,
      matched: matched ?? undefined,
    });
    return rows.map(scanOf);
  }
}

function scanOf(r: ScanRow): BarcodeScanType {
  return Object.assign(new BarcodeScanType(), {
    id: r.id,
    barcode: r.barcode,
    username: r.username,
    plugin: r.plugin,
    model: r.model,
    objectId: r.object_id === null ? null : String(r.object_id),
    createdAt: new Date(r.created_at),
  });
}

/** The global setting naming the plugin whose `generate` makes the `barcode` fields. */
export const BARCODE_GENERATOR_SETTING = 'BARCODE_GENERATOR';

/**
 * The barcode of an object: made by the active barcode plugin the global setting
 * BARCODE_GENERATOR names (default partgraph-barcode); PartGraph's JSON format when that plugin
 * is not active, has no `generate`, answers null or throws (logged).
 */
export async function generatedBarcode(
  ctx: GraphQLContext,
  model: BarcodeModel,
  instance: BarcodeEntity,
): Promise<string> {
  const key = String((await ctx.app.globalSettings?.get(BARCODE_GENERATOR_SETTING)) ?? BUILTIN_BARCODE_PLUGIN);
  const plugin = key === BUILTIN_BARCODE_PLUGIN ? undefined : barcodePlugins(ctx).find((p) => p.key === key);
  if (plugin && canGenerate(plugin)) {
    try {
      const text = await plugin.generate(model, instance);
      if (typeof text === 'string' && text !== '') return text;
    } catch (e) {
      log.error(`plugin '${plugin.key}' failed to generate a barcode`, e instanceof Error ? e : String(e));
    }
  }
  return partgraphBarcode(model, instance.id);
}

// No braces in the description: tests and tools read the SDL's type blocks with simple patterns.
const BARCODE_FIELD = {
  description:
    "The object's barcode, made by the active barcode generator (PartGraph's own: JSON naming model and id).",
};

@Resolver(() => Part)
export class PartBarcodeResolver {
  @FieldResolver(() => String, BARCODE_FIELD)
  barcode(@Root() o: Part, @Ctx() ctx: GraphQLContext): Promise<string> {
    return generatedBarcode(ctx, 'part', o);
  }
}

@Resolver(() => PartCategory)
export class PartCategoryBarcodeResolver {
  @FieldResolver(() => String, BARCODE_FIELD)
  barcode(@Root() o: PartCategory, @Ctx() ctx: GraphQLContext): Promise<string> {
    return generatedBarcode(ctx, 'partcategory', o);
  }
}

@Resolver(() => StockItem)
export class StockItemBarcodeResolver {
  @FieldResolver(() => String, BARCODE_FIELD)
  barcode(@Root() o: StockItem, @Ctx() ctx: GraphQLContext): Promise<string> {
    return generatedBarcode(ctx, 'stockitem', o);
  }
}

@Resolver(() => StockLocation)
export class StockLocationBarcodeResolver {
  @FieldResolver(() => String, BARCODE_FIELD)
  barcode(@Root() o: StockLocation, @Ctx() ctx: GraphQLContext): Promise<string> {
    return generatedBarcode(ctx, 'stocklocation', o);
  }
}

@Resolver(() => PluginType)
export class PluginBarcodeResolver {
  @FieldResolver(() => Boolean, {
    description:
      'The plugin makes barcodes (BarcodeMixin with generate()): the global setting BARCODE_GENERATOR may name it.',
  })
  generatesBarcodes(@Root() plugin: PluginType, @Ctx() ctx: GraphQLContext): boolean {
    const cls = ctx.app.plugins?.record(plugin.key)?.cls;
    // The class's prototype stands in for an instance: inactive plugins are never constructed.
    return !!cls && plugin.mixins.includes('barcode') && canGenerate(cls.prototype as InvenTreePlugin);
  }
}

export const barcodeFieldResolvers = [
  PluginBarcodeResolver,
  PartBarcodeResolver,
  PartCategoryBarcodeResolver,
  StockItemBarcodeResolver,
  StockLocationBarcodeResolver,
];
