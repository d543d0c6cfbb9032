// The inventory resolver classes, included in the core schema (src/graphql/core-schema.ts).
import type { SchemaClass as ResolverClass } from '../graphql/type-graphql-metadata.js';
import { PartResolver } from './graphql/part.js';
import { PartCategoryResolver } from './graphql/part-category.js';
import { StockItemResolver } from './graphql/stock-item.js';
import { StockLocationResolver } from './graphql/stock-location.js';

export const inventoryResolvers: ResolverClass[] = [
  PartCategoryResolver,
  PartResolver,
  StockLocationResolver,
  StockItemResolver,
];
