// Sample (loaded with PLUGIN_TESTING): the AppMixin. "Stock notes" keeps notes on stock items in
// its own table `plugin_sample_stock_notes_note` (a real foreign key to stock_items, cascading),
// created by its migration when staff activate it — no restart. GraphQL: `stockNotes(stockItem)`,
// `addStockNote(stockItem, text)` and the field `StockItem.notes` (batched per request with a
// DataLoader). Deactivating it keeps the table and the notes; test/fixtures/plugins-app-v2 is its
// version 2 (one more migration).
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { InvenTreePlugin, StockItem, requireUser, type GraphQLContext } from '../index.js';
import { AppMixin, EntitySchema, GraphQLMixin, Migration } from '../mixins/index.js';

/** A row of plugin_sample_stock_notes_note. */
export interface StockNote {
  id: number;
  stockItem: StockItem;
  text: string;
  author: string | null;
  createdAt: Date;
}

export const StockNoteEntity = new EntitySchema<StockNote>({
  name: 'SampleStockNote',
  tableName: 'plugin_sample_stock_notes_note',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    stockItem: { kind: 'm:1', entity: () => StockItem, deleteRule: 'cascade' },
    text: { type: 'text' },
    author: { type: 'string', length: 150, nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** Version 1's only migration: the notes table (its SQL is checked against the plugin's prefix at load). */
export class CreateStockNotes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "plugin_sample_stock_notes_note" ("id" serial primary key, "stock_item_id" integer not null references "stock_items" ("id") on delete cascade, "text" text not null, "author" varchar(150) null, "created_at" timestamptz not null default now())`,
    );
    this.addSql(
      `create index "plugin_sample_stock_notes_note_stock_item_id_index" on "plugin_sample_stock_notes_note" ("stock_item_id")`,
    );
  }
}

@ObjectType('StockNote', { description: 'A note on a stock item (sample "stock notes" plugin).' })
export class StockNoteType {
  @Field(() => ID) id!: string;
  @Field(() => ID) stockItemId!: string;
  @Field(() => String) text!: string;
  @Field(() => String, { nullable: true }) author!: string | null;
  @Field(() => Date) createdAt!: Date;

  static from(n: StockNote): StockNoteType {
    return Object.assign(new StockNoteType(), {
      id: String(n.id),
      stockItemId: String(n.stockItem.id),
      text: n.text,
      author: n.author,
      createdAt: n.createdAt,
    });
  }
}

function stockItemId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0)
    throw new GraphQLError('stockItem must be a stock item id', {
      extensions: { code: 'BAD_USER_INPUT', field: 'stockItem' },
    });
  return id;
}

/** Notes per stock item id, one query per request however many items ask. */
function notesOf(ctx: GraphQLContext, id: number): Promise<StockNote[]> {
  return ctx
    .loader<number, StockNote[]>('sample-stock-notes.byItem', () => {
      return new DataLoader(async (ids: readonly number[]) => {
        const notes = await ctx.em.find(StockNoteEntity, { stockItem: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
        return ids.map((i) => notes.filter((n) => n.stockItem.id === i));
      });
    })
    .load(id);
}

@Resolver(() => StockItem)
export class StockNotesResolver {
  @Query(() => [StockNoteType], { description: 'Notes on a stock item, oldest first (signed-in users).' })
  async stockNotes(
    @Ctx() ctx: GraphQLContext,
    @Arg('stockItem', () => ID) stockItem: string,
  ): Promise<StockNoteType[]> {
    requireUser(ctx);
    return (await notesOf(ctx, stockItemId(stockItem))).map(StockNoteType.from);
  }

  @Mutation(() => StockNoteType, { description: 'Adds a note to a stock item (signed-in users).' })
  async addStockNote(
    @Ctx() ctx: GraphQLContext,
    @Arg('stockItem', () => ID) stockItem: string,
    @Arg('text', () => String) text: string,
  ): Promise<StockNoteType> {
    const user = requireUser(ctx);
    const body = text.trim();
    if (!body || body.length > 2000)
      throw new GraphQLError('text must be 1 to 2000 characters', {
        extensions: { code: 'BAD_USER_INPUT', field: 'text' },
      });
    const item = await ctx.em.findOne(StockItem, { id: stockItemId(stockItem) });
    if (!item)
      throw new GraphQLError(`No stock item ${stockItem}`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'stockItem' },
      });
    const note = ctx.em.create(StockNoteEntity, {
      stockItem: item,
      text: body,
      author: user.username,
      createdAt: new Date(),
    });
    await ctx.em.flush();
    return StockNoteType.from(note);
  }

  @FieldResolver(() => [StockNoteType], { description: 'Notes on this stock item (sample "stock notes" plugin).' })
  async notes(@Root() item: StockItem, @Ctx() ctx: GraphQLContext): Promise<StockNoteType[]> {
    return (await notesOf(ctx, item.id)).map(StockNoteType.from);
  }
}

export class StockNotesPlugin extends AppMixin(GraphQLMixin(InvenTreePlugin)) {
  static override NAME = 'Stock Notes';
  static override SLUG = 'sample-stock-notes';
  static override DESCRIPTION = 'Sample AppMixin: notes on stock items in its own table.';
  static override VERSION = '1.0.0';
  static override LICENSE = 'MIT';
  static override ENTITIES = [StockNoteEntity];
  static override MIGRATIONS = [CreateStockNotes];
  static override GRAPHQL_RESOLVERS = [StockNotesResolver];
  static override GRAPHQL_TYPES = [StockNoteType];
}
