// GraphQLMixin at run time: while the plugin is active (and ENABLE_PLUGINS_GRAPHQL is on) its
// declaration is handed to schema composition. Nothing else to start or stop: the schema swap
// does it all.
import type { SchemaContribution } from '../../composition/contribution.js';
import type { MixinLifecycle } from '../lifecycle.js';
import { graphqlDeclarationOf } from './mixin.js';

export const graphqlLifecycle: MixinLifecycle = {
  name: 'graphql',
  globalSwitch: 'ENABLE_PLUGINS_GRAPHQL',
  contribute(plugin): SchemaContribution | null {
    const d = graphqlDeclarationOf(plugin);
    if (!d) return null;
    return {
      pluginKey: plugin.key,
      plugin,
      resolvers: [...d.resolvers],
      types: [...d.types],
      typeDefs: d.typeDefs,
      resolverMap: d.resolverMap ?? {},
    };
  },
};
