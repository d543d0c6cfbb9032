// Stable import target for every mixin (InvenTree's `plugin.mixins`). Outside this repository
// import it as `partgraph/plugin/mixins`. Mixins compose: `class P extends UrlsMixin(GraphQLMixin(InvenTreePlugin))`.
export {
  GraphQLMixin,
  type GraphQLClass,
  type GraphQLDeclaration,
  type SdlFieldConfig,
  type SdlFieldResolver,
  type SdlResolverMap,
} from './graphql.js';
export { UrlsMixin, type HttpMethod, type PluginRequest, type PluginRoute, type RouteAccess } from './urls.js';
