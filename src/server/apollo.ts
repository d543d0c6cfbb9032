// Apollo Server on the swappable schema, with the anonymous-access gate, query limits and
// response extensions (schema hash, SQL query count).
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';
import { logger } from '../log.js';
import { formatApolloError } from './internal-errors.js';
import { costLimitRule, depthLimitRule } from './limits.js';
import type { SchemaHolder } from './schema-holder.js';

const log = logger('graphql');

/** Root fields an anonymous caller may use: signing in, and the schema itself. */
const ANONYMOUS_FIELDS = new Set(['login', '__schema', '__type', '__typename']);

export function anonymousRootFields(operation: OperationDefinitionNode): string[] {
  const names: string[] = [];
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind === Kind.FIELD) names.push(sel.name.value);
    else names.push('...'); // fragments at the root: treat as needing sign-in
  }
  return names.filter((n) => !ANONYMOUS_FIELDS.has(n));
}

const gatePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (contextValue.user || !operation) return;
        const blocked = anonymousRootFields(operation);
        if (blocked.length) throw unauthenticated(`Sign in to use ${blocked.join(', ')}: send "Authorization: Bearer <token>" (get one with the login mutation)`);
      },
    };
  },
};

function extensionsPlugin(holder: SchemaHolder): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const ext = (response.body.singleResult.extensions ??= {});
          // Read at the end: a mutation that swapped the schema reports the new hash.
          ext.schemaHash = holder.current.hash;
          ext.sqlQueries = contextValue.queries.count;
        },
      };
    },
  };
}

export interface ApolloOptions {
  holder: SchemaHolder;
  maxDepth: number;
  maxCost: number;
}

export function createApollo({ holder, maxDepth, maxCost }: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    gateway: holder.gateway(),
    introspection: true,
    // We own shutdown (drain, sockets, DB); Apollo's handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    validationRules: [depthLimitRule(maxDepth), costLimitRule(maxCost)],
    plugins: [gatePlugin, extensionsPlugin(holder)],
    logger: { debug: (m) => log.debug(String(m)), info: (m) => log.debug(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
    formatError(formatted, error) {
      // Apollo relabels every validation error GRAPHQL_VALIDATION_FAILED; keep our limit code.
      const original = (error as { originalError?: { extensions?: Record<string, unknown> } }).originalError;
      if (original?.extensions?.code === 'QUERY_TOO_COMPLEX') {
        return { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } };
      }
      // Internal failures: generic message + request id to the client, the detail to the log.
      return formatApolloError(formatted, error);
    },
  });
}
