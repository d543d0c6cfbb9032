// Sample (loaded with PLUGIN_TESTING): the APICallMixin. Its URL and token are plugin settings
// (the token protected, so only superusers see it); staff query `sampleApiPing` to call
// GET <API_URL>/ping. A failed call surfaces as a GraphQL error with code API_CALL_FAILED and
// the HTTP status, never the token.
import { GraphQLError } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Ctx, Query, Resolver } from 'type-graphql';
import { InvenTreePlugin, requireStaff, type GraphQLContext } from '../index.js';
import { APICallMixin, ApiCallError, GraphQLMixin, SettingsMixin, type SettingDefinitions } from '../mixins/index.js';

/** What the resolver uses of its plugin (an interface: the plugin class is defined below). */
interface Caller {
  apiCall<T = unknown>(endpoint: string): Promise<T>;
}

@Resolver()
export class ApiCallerResolver {
  constructor(private readonly plugin: Caller) {}

  @Query(() => GraphQLJSON, { nullable: true, description: 'Staff: calls GET <API_URL>/ping and returns its JSON.' })
  async sampleApiPing(@Ctx() ctx: GraphQLContext): Promise<unknown> {
    requireStaff(ctx, 'sampleApiPing');
    try {
      return await this.plugin.apiCall('ping');
    } catch (err) {
      if (!(err instanceof ApiCallError)) throw err;
      throw new GraphQLError(err.message, {
        extensions: { code: 'API_CALL_FAILED', plugin: 'sample-api-caller', kind: err.kind, status: err.status },
      });
    }
  }
}

export class ApiCallerPlugin extends GraphQLMixin(APICallMixin(SettingsMixin(InvenTreePlugin))) {
  static override NAME = 'API Caller';
  static override SLUG = 'sample-api-caller';
  static override DESCRIPTION = 'Sample: calls an external JSON API configured by plugin settings.';
  static override VERSION = '1.0.0';
  static override SETTINGS: SettingDefinitions = {
    API_URL: { name: 'API URL', description: 'Base URL of the external API, e.g. https://api.example.com/v1' },
    API_TOKEN: { name: 'API token', description: 'Sent as "Authorization: Bearer <token>"', protected: true },
  };
  static override API_URL_SETTING = 'API_URL';
  static override API_TOKEN_SETTING = 'API_TOKEN';
  static override GRAPHQL_RESOLVERS = [ApiCallerResolver];
}
