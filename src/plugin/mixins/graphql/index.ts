// GraphQLMixin: what plugin authors import (through partgraph/plugin/mixins).
export {
  GraphQLMixin,
  type GraphQLClass,
  type GraphQLDeclaration,
  type SdlFieldConfig,
  type SdlFieldResolver,
  type SdlResolverMap,
} from './mixin.js';
