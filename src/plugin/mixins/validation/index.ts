// ValidationMixin: what plugin authors import (through partgraph/plugin/mixins).
export {
  PluginValidationError,
  ValidationMixin,
  type ModelDeltas,
  type ModelInstance,
  type ValidatedModel,
  type ValidationHooks,
} from './mixin.js';
