// Stable import target for every mixin (InvenTree's `plugin.mixins`). Outside this repository
// import it as `partgraph/plugin/mixins`. Mixins compose: `class P extends UrlsMixin(GraphQLMixin(InvenTreePlugin))`.
// Each mixin is one folder (factory, checks, run-time half, admin GraphQL); see docs/plugins.md.
export * from './graphql/index.js';
export * from './urls/index.js';
export * from './settings/index.js';
export * from './events/index.js';
export * from './schedule/index.js';
export * from './apicall/index.js';
export * from './validation/index.js';
export * from './action/index.js';
export * from './locate/index.js';
export * from './barcode/index.js';
export * from './navigation/index.js';
export * from './ui/index.js';
export * from './iconpack/index.js';
