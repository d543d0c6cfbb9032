// The two concrete trees: part categories (holding parts) and stock locations (holding stock items).
import { Part, PartCategory, StockItem, StockLocation } from '../db/entities/index.js';
import { recordChange } from './events.js';
import type { TreeSpec } from './tree-service.js';

export const categoryTree: TreeSpec<PartCategory, Part> = {
  entity: PartCategory,
  model: 'partcategory',
  table: 'part_categories',
  label: 'Category',
  childrenLabel: 'subcategories',
  emit: (em, action, node, user) => recordChange(em, 'partcategory', action, node, user),
  contents: {
    entity: Part,
    model: 'part',
    fk: 'category',
    label: 'parts',
    setNode: (part, category) => {
      part.category = category;
    },
    emit: (em, action, part, user) => recordChange(em, 'part', action, part, user),
  },
};

export const locationTree: TreeSpec<StockLocation, StockItem> = {
  entity: StockLocation,
  model: 'stocklocation',
  table: 'stock_locations',
  label: 'Location',
  childrenLabel: 'sublocations',
  emit: (em, action, node, user) => recordChange(em, 'stocklocation', action, node, user),
  contents: {
    entity: StockItem,
    model: 'stockitem',
    fk: 'location',
    label: 'stock items',
    setNode: (item, location) => {
      item.location = location;
    },
    emit: (em, action, item, user) => recordChange(em, 'stockitem', action, item, user),
  },
};
