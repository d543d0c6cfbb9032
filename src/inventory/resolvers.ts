// Placeholder until the inventory module lands: the list of inventory resolver classes.
import type { ResolverClass } from '../graphql/core-schema.js';

export const inventoryResolvers: ResolverClass[] = [];
