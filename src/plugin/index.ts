// Stable import target for plugin authors (InvenTree's `plugin` namespace). Together with
// ./mixins/index.ts this is the only API promised to plugins; everything else may change.
// Outside this repository import it as `partgraph/plugin` (resolved by the server at load time).
import { registry as serverRegistry } from './registry/instance.js';
import type { PluginRegistryView } from './registry/view.js';

/** The running server's plugins, read-only: list, getPlugin, isActive, activePlugins, withMixin, settingsOf. */
export const registry: PluginRegistryView = serverRegistry.view;
export type { PluginRegistryView, PluginSummary } from './registry/view.js';
export { InvenTreePlugin, type PluginMetadata } from './plugin.js';
export { IntegrationPluginBase } from './integration-plugin-base.js';
export { MixinImplementationError, MixinNotImplementedError } from './errors.js';
// Core GraphQL types a plugin may extend with field resolvers (`@Resolver(() => Part)`), and the
// PubSub that type-graphql subscriptions use (it goes through Postgres, so every server process
// sees what any of them publishes).
export { Part, PartCategory, StockItem, StockLocation, User } from '../db/entities/index.js';
export type { GraphQLContext } from '../graphql/context.js';
export { pubSub } from '../events/pubsub.js';
export { triggerEvent, type PluginTriggerOptions } from './trigger-event.js';
export type { EventData } from '../events/types.js';
/** Role checks for plugin resolvers: return the signed-in user or throw UNAUTHENTICATED / FORBIDDEN. Superusers pass every staff check. */
export { requireStaff, requireSuperuser, requireUser } from '../auth/guards.js';
/** The running server's version (semver), as MIN_VERSION / MAX_VERSION are compared with. */
export { SERVER_VERSION } from '../version.js';
/** The data API's class and plain types (a running plugin's `this.data`; see docs/plugins.md "Reading and writing data"). */
export * from './data/index.js';
/** SDL subscriptions (`subscribeTo`) and staff-only / superuser-only plugin fields. */
export {
  StaffOnly,
  staffOnly,
  subscribeTo,
  SuperuserOnly,
  superuserOnly,
  type SubscriptionFilter,
} from './field-access.js';
