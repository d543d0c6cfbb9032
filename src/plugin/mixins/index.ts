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
export { SettingsMixin } from './settings.js';
export type { SettingChoice, SettingDefinition, SettingDefinitions, SettingModel, SettingType, SettingValidator, SettingValue } from '../../settings/definitions.js';
export { SettingValidationError } from '../../settings/definitions.js';
export { EventMixin, eventNameMatches, type EventContext, type EventOptions, type EventRecord } from './events.js';
export { ScheduleMixin, type ScheduleKind, type ScheduledTask, type ScheduledTasks } from './schedule.js';
