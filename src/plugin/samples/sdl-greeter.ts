// Sample (loaded with PLUGIN_TESTING): the GraphQLMixin with SDL and a resolver map instead of
// decorators, including a field added to the core type StockLocation.
import { InvenTreePlugin, type GraphQLContext } from '../index.js';
import { GraphQLMixin, type SdlResolverMap } from '../mixins/index.js';

interface LocationLike {
  name: string;
  path?: string;
}

export class SdlGreeterPlugin extends GraphQLMixin(InvenTreePlugin) {
  static override NAME = 'SDL Greeter';
  static override SLUG = 'sample-sdl-greeter';
  static override DESCRIPTION = 'Sample: a plugin written with SDL typeDefs and a resolver map.';
  static override VERSION = '1.0.0';
  static override GRAPHQL_TYPEDEFS = /* GraphQL */ `
    "A greeting."
    type SampleGreeting {
      text: String!
      shout: String!
    }
    extend type Query {
      "Greets the signed-in user."
      sampleGreeting(punctuation: String = "!"): SampleGreeting!
    }
    extend type StockLocation {
      "The location's name, greeted."
      sampleHello: String!
    }
  `;
  static override GRAPHQL_RESOLVER_MAP: SdlResolverMap = {
    Query: {
      sampleGreeting: (_src, args, ctx: GraphQLContext) => ({
        text: `Hello ${ctx.user?.username ?? 'stranger'}${String(args.punctuation)}`,
      }),
    },
    SampleGreeting: {
      shout: (src) => (src as { text: string }).text.toUpperCase(),
    },
    StockLocation: {
      sampleHello: (src) => `Hello, ${(src as LocationLike).name}`,
    },
  };
}
