// Mutation inputs. In update inputs an omitted field is left unchanged; null clears a nullable
// field (parent, category, location, ipn, serial) and is refused for required ones (name, ...).
import type { ClassType } from 'type-graphql';
import { Field, Float, ID, InputType } from 'type-graphql';
import { StockStatusEnum, type StockStatus } from '../db/entities/index.js';

/** Fields of a new category or location (the two trees take the same input). */
export interface CreateTreeNodeInput {
  name: string;
  description?: string | null;
  parent?: string | null;
}

/** Changes to a category or location. */
export interface UpdateTreeNodeInput {
  name?: string | null;
  description?: string | null;
  parent?: string | null;
}

// One input class per tree (distinct GraphQL names), built by a factory since type-graphql
// does not inherit fields from an undecorated base class.
function createTreeNodeInput(name: string, what: string): ClassType<CreateTreeNodeInput> {
  @InputType(name, { description: `A new ${what}.` })
  class Input implements CreateTreeNodeInput {
    @Field(() => String, { description: 'Unique among its siblings; may not contain "/".' }) name!: string;
    @Field(() => String, { nullable: true }) description?: string | null;
    @Field(() => ID, { nullable: true, description: 'Parent; omitted or null = top level.' }) parent?: string | null;
  }
  return Input;
}

function updateTreeNodeInput(name: string, what: string): ClassType<UpdateTreeNodeInput> {
  @InputType(name, {
    description: `Changes to a ${what}; omitted fields stay as they are, \`parent: null\` moves it to the top level.`,
  })
  class Input implements UpdateTreeNodeInput {
    @Field(() => String, { nullable: true }) name?: string | null;
    @Field(() => String, { nullable: true }) description?: string | null;
    @Field(() => ID, { nullable: true }) parent?: string | null;
  }
  return Input;
}

export const CreatePartCategoryInput = createTreeNodeInput('CreatePartCategoryInput', 'part category');
export const UpdatePartCategoryInput = updateTreeNodeInput('UpdatePartCategoryInput', 'part category');
export const CreateStockLocationInput = createTreeNodeInput('CreateStockLocationInput', 'stock location');
export const UpdateStockLocationInput = updateTreeNodeInput('UpdateStockLocationInput', 'stock location');

@InputType()
export class CreatePartInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Internal part number; unique; blank = none.' }) ipn?:
    | string
    | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID, { nullable: true }) category?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Default true.' }) active?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false. Stock of trackable parts is serialized.' })
  trackable?: boolean | null;
  @Field(() => String, { nullable: true }) units?: string | null;
}

@InputType()
export class UpdatePartInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) ipn?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID, { nullable: true }) category?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
  @Field(() => Boolean, { nullable: true }) trackable?: boolean | null;
  @Field(() => String, { nullable: true }) units?: string | null;
}

@InputType()
export class CreateStockItemInput {
  @Field(() => ID) part!: string;
  @Field(() => ID, { nullable: true }) location?: string | null;
  @Field(() => Float, { nullable: true, description: 'Default 1. Must be 1 for a serialized item.' }) quantity?:
    | number
    | null;
  @Field(() => String, {
    nullable: true,
    description: 'Required for (and only allowed on) items of trackable parts; unique per part.',
  })
  serial?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true = use the next serial number a ValidationMixin plugin gives (instead of serial).',
  })
  nextSerial?: boolean | null;
  @Field(() => String, { nullable: true }) batch?: string | null;
  @Field(() => StockStatusEnum, { nullable: true, description: 'Default OK.' }) status?: StockStatus | null;
}

@InputType({ description: 'Changes to a stock item. Its part cannot change.' })
export class UpdateStockItemInput {
  @Field(() => ID, { nullable: true, description: 'null = no location.' }) location?: string | null;
  @Field(() => Float, { nullable: true }) quantity?: number | null;
  @Field(() => String, { nullable: true }) serial?: string | null;
  @Field(() => String, { nullable: true }) batch?: string | null;
  @Field(() => StockStatusEnum, { nullable: true }) status?: StockStatus | null;
}
