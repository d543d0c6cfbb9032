// Sample (loaded with PLUGIN_TESTING): the GraphQLMixin with type-graphql classes. It adds a
// field to the core type Part, a query, a mutation and a subscription; all of it disappears
// from the schema when the plugin is deactivated.
import {
  Arg,
  Ctx,
  Field,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  FieldResolver,
} from 'type-graphql';
import { InvenTreePlugin, Part, pubSub, type GraphQLContext } from '../index.js';
import { GraphQLMixin } from '../mixins/index.js';

const PING_TOPIC = 'sample.part-extras.ping';

@ObjectType('SamplePing', { description: 'A message sent with samplePing.' })
export class SamplePing {
  @Field(() => ID) id!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) sentBy!: string | null;
}

/** What the resolver uses of its plugin (an interface: the plugin class is defined below). */
interface PartExtrasState {
  title: string;
  sent: number;
}

@Resolver(() => Part)
export class PartExtrasResolver {
  // Resolver classes are constructed with their plugin instance.
  constructor(private readonly plugin: PartExtrasState) {}

  @FieldResolver(() => String, { description: 'IPN and name in one string, e.g. "R-100 Resistor 10k".' })
  label(@Root() part: Part): string {
    return part.ipn ? `${part.ipn} ${part.name}` : part.name;
  }

  @Query(() => String, {
    nullable: true,
    description: 'Echoes its argument, with the plugin title ("fail" makes it throw).',
  })
  sampleEcho(@Ctx() ctx: GraphQLContext, @Arg('text', () => String) text: string): string {
    if (!ctx.user) throw new Error('sign in first');
    if (text === 'fail') throw new Error('sampleEcho was asked to fail');
    return `${this.plugin.title}: ${text}`;
  }

  @Mutation(() => SamplePing, { description: 'Publishes a ping to samplePings subscribers.' })
  async samplePing(@Ctx() ctx: GraphQLContext, @Arg('message', () => String) message: string): Promise<SamplePing> {
    if (!ctx.user) throw new Error('sign in first');
    const ping: SamplePing = { id: String(++this.plugin.sent), message, sentBy: ctx.user.username };
    await pubSub.publish(PING_TOPIC, ping);
    return ping;
  }

  @Subscription(() => SamplePing, {
    topics: PING_TOPIC,
    description: 'Pings sent with samplePing, from any server process.',
  })
  samplePings(@Root() ping: SamplePing): SamplePing {
    return ping;
  }
}

export class PartExtrasPlugin extends GraphQLMixin(InvenTreePlugin) {
  static override NAME = 'Part Extras';
  static override SLUG = 'sample-part-extras';
  static override DESCRIPTION = 'Sample: adds Part.label, sampleEcho, samplePing and samplePings.';
  static override VERSION = '1.0.0';
  static override LICENSE = 'MIT';
  static override GRAPHQL_RESOLVERS = [PartExtrasResolver];
  static override GRAPHQL_TYPES = [SamplePing];

  /** Pings sent through this instance (shows that resolvers share their plugin instance). */
  sent = 0;
}
