// Stable import target for plugin authors (InvenTree's `plugin` namespace). Together with
// ./mixins/index.ts this is the only API promised to plugins; everything else may change.
// Outside this repository import it as `partgraph/plugin` (resolved by the server at load time).
export { registry } from './registry/instance.js';
export type { PluginRegistry } from './registry/registry.js';
export { InvenTreePlugin, type PluginMetadata } from './plugin.js';
export { IntegrationPluginBase } from './integration.js';
export { MixinImplementationError, MixinNotImplementedError } from './errors.js';
// Core GraphQL types a plugin may extend with field resolvers (`@Resolver(() => Part)`), and the
// PubSub that type-graphql subscriptions use (it goes through Postgres, so every server process
// sees what any of them publishes).
export { Part, PartCategory, StockItem, StockLocation, User } from '../db/entities/index.js';
export type { GraphQLContext } from '../graphql/context.js';
export { pubSub } from '../events/pubsub.js';
export { triggerEvent, type PluginTriggerOptions } from './events-api.js';
export type { EventData } from '../events/types.js';
