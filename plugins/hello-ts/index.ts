// A TypeScript plugin in the custom plugins folder. The project build compiles it
// (tsconfig includes plugins/**/*.ts) to dist/plugins/hello-ts/index.js, which discovery loads.
// Decorators work: the build emits decorator metadata. Inside this repository the stable API is
// imported by relative path; a plugin outside it imports 'partgraph/plugin' instead.
import { Arg, Query, Resolver } from 'type-graphql';
import { InvenTreePlugin } from '../../src/plugin/index.js';
import { GraphQLMixin } from '../../src/plugin/mixins/index.js';

@Resolver()
class HelloTsResolver {
  // The registry constructs resolver classes with the plugin instance.
  constructor(private readonly plugin: InvenTreePlugin) {}

  @Query(() => String, { description: 'A greeting from the hello-ts plugin.' })
  helloTs(@Arg('name', () => String, { nullable: true }) name?: string | null): string {
    return `Hello from TypeScript, ${name ?? 'world'}! (${this.plugin.title})`;
  }
}

export class HelloTsPlugin extends GraphQLMixin(InvenTreePlugin) {
  static override NAME = 'Hello TS';
  static override SLUG = 'hello-ts';
  static override DESCRIPTION = 'Example TypeScript plugin with decorators (plugins/hello-ts)';
  static override VERSION = '1.0.0';
  static override LICENSE = 'MIT';
  static override GRAPHQL_RESOLVERS = [HelloTsResolver];
}
