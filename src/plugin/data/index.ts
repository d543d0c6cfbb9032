// The plugin data API, as src/plugin/index.ts exports it to plugin authors.
export { PluginData } from './service.js';
export type { PartsData, StockItemsData, TreeData } from './collections.js';
export type { DataScope } from './scope.js';
export type * from './types.js';
