// The inventory resolver classes, included in the core schema (src/graphql/core-schema.ts).
// Each of their queries and mutations carries `@UseMiddleware(refuseUnsafeText)`: text
// arguments with NUL or unpaired surrogates are BAD_USER_INPUT before any resolver runs.
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
