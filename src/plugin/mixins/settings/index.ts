// SettingsMixin: what plugin authors import (through partgraph/plugin/mixins).
export { SettingsMixin } from './mixin.js';
export type {
  SettingChoice,
  SettingDefinition,
  SettingDefinitions,
  SettingModel,
  SettingType,
  SettingValidator,
  SettingValue,
} from '../../../settings/definitions.js';
export { SettingValidationError } from '../../../settings/definitions.js';
