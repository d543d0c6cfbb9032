// The plugin registry of the server answering a request (the admin resolvers' one way to reach it).
import type { GraphQLContext } from '../../graphql/context.js';
import type { PluginRegistry } from '../registry/registry.js';

export function registryOf(ctx: GraphQLContext): PluginRegistry {
  const r = ctx.app.plugins;
  if (!r) throw new Error('The plugin registry is not running in this server');
  return r;
}
