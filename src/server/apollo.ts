// Apollo Server on the swappable schema, with the anonymous-access gate, query limits and
// response extensions (schema hash, SQL query count).
// Query limits run twice: as a validation rule (before sign-in is checked, without variables) and
// once the operation is resolved, with the request's variables. The SQL budget is armed for the
// request's lifetime only, and its error keeps its own code (never INTERNAL_SERVER_ERROR).
// Operations execute through ./executor/compiled-executor.ts (graphql-jit by default); Apollo's
// cache-control and inline-trace plugins are off: nothing here uses them and cache control wraps
// every field resolver of the schema. Plugins that hook the request lifecycle keep working.
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, Kind, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { SQL_LIMIT_EXCEEDED, endSqlBudget, findSqlLimitError, startSqlBudget } from '../db/query-counter.js';
import type { GraphQLContext } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';
import { logger } from '../log.js';
import { formatApolloError } from './internal-errors.js';
import { operationLimitErrors, queryLimitsRule, tokenLimitError, type QueryLimits } from './limits.js';
import type { OperationExecutor } from './executor/compiled-executor.js';
import type { SchemaHolder } from './schema-holder.js';
import { clientOf, roleOf, type UsageRecorder } from '../usage/recorder.js';

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
        if (blocked.length)
          throw unauthenticated(
            `Sign in to use ${blocked.join(', ')}: send "Authorization: Bearer <token>" (get one with the login mutation)`,
          );
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
          response.body.singleResult.extensions ??= {};
          const ext = response.body.singleResult.extensions;
          // Read at the end: a mutation that swapped the schema reports the new hash.
          ext.schemaHash = holder.current.hash;
          ext.sqlQueries = contextValue.queries.count;
        },
      };
    },
  };
}

/**
 * Re-checks the limits with the request's variables (validation rules never see them), and bounds
 * the SQL statements the request may issue.
 */
function limitsPlugin(limits: QueryLimits, maxSqlPerRequest: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      startSqlBudget(contextValue.queries, maxSqlPerRequest);
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const [first] = operationLimitErrors(schema, document, operation, request.variables, limits);
          if (first)
            throw new GraphQLError(first.message, { extensions: { ...first.extensions, http: { status: 400 } } });
        },
        async willSendResponse({ response, contextValue }) {
          endSqlBudget(contextValue.queries);
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          // Once over the budget every resolver that reaches the database fails alike: one error says it.
          const result = response.body.singleResult;
          const isSql = (e: GraphQLFormattedError) => e.extensions?.code === SQL_LIMIT_EXCEEDED;
          const sql = result.errors!.filter(isSql);
          if (sql.length > 1) result.errors = [...result.errors!.filter((e) => !isSql(e)), sql[0]];
          if (sql.length) {
            const who = contextValue.user ? ` (user ${contextValue.user.username})` : '';
            log.warn(`request stopped at ${maxSqlPerRequest} SQL statements, MAX_SQL_PER_REQUEST${who}`);
          }
        },
      };
    },
  };
}

/**
 * Records each executed operation (src/usage): only once it ran (a response with data), so
 * refused and invalid requests are not counted. An in-memory counter update, no I/O.
 */
function usagePlugin(usage: UsageRecorder): ApolloServerPlugin<GraphQLContext> {
  // One listener for every request (it reads all it needs from the request context): no
  // per-request allocation on the hot path.
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async willSendResponse({ response, document, schema, source, operationName, request, contextValue }) {
      if (!document) return;
      if (response.body.kind === 'single' && response.body.singleResult.data === undefined) return;
      const client = clientOf(request.http?.headers ?? { get: () => undefined });
      usage.record({
        document,
        schema,
        source,
        operationName,
        clientName: client.name,
        clientVersion: client.version,
        role: roleOf(contextValue.user),
      });
    },
  };
  return { requestDidStart: async () => listener };
}

export interface ApolloOptions {
  holder: SchemaHolder;
  limits: QueryLimits;
  /** SQL statements one request may issue (MAX_SQL_PER_REQUEST). */
  maxSqlPerRequest: number;
  /** Operation usage recording (absent: OPERATION_USAGE=false). */
  usage?: UsageRecorder;
  /** Runs the operations; its compiled-query cache must be dropped on every swap (the caller wires it). */
  executor: OperationExecutor;
  /** More Apollo plugins (request lifecycle hooks fire whatever the executor). */
  plugins?: ApolloServerPlugin<GraphQLContext>[];
}

export function createApollo({
  holder,
  limits,
  maxSqlPerRequest,
  usage,
  executor,
  plugins = [],
}: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    gateway: holder.gateway(executor.execute),
    introspection: true,
    // We own shutdown (drain, sockets, DB); Apollo's handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    // The token cap stops oversized documents while parsing, before the (linear but not free) validation.
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [queryLimitsRule(limits)],
    plugins: [
      limitsPlugin(limits, maxSqlPerRequest),
      gatePlugin,
      extensionsPlugin(holder),
      ...(usage ? [usagePlugin(usage)] : []),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ...plugins,
    ],
    logger: {
      debug: (m) => log.debug(String(m)),
      info: (m) => log.debug(String(m)),
      warn: (m) => log.warn(String(m)),
      error: (m) => log.error(String(m)),
    },
    formatError(formatted, error) {
      // Apollo relabels every validation error GRAPHQL_VALIDATION_FAILED; keep our limit code.
      const original = (error as { originalError?: { extensions?: Record<string, unknown> } }).originalError;
      if (original?.extensions?.code === 'QUERY_TOO_COMPLEX') {
        return { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } };
      }
      // The ORM wraps what its query hook throws; find ours so it is not reported as internal.
      const sqlLimit = findSqlLimitError(error);
      if (sqlLimit) {
        return {
          message: sqlLimit.message,
          path: formatted.path,
          extensions: { code: SQL_LIMIT_EXCEEDED, maxSqlPerRequest: sqlLimit.limit },
        };
      }
      const code = formatted.extensions?.code;
      const tooBig = code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitError(formatted.message) : undefined;
      if (tooBig) return { message: tooBig.message, extensions: { ...tooBig.extensions } };
      // Internal failures: generic message + request id to the client, the detail to the log.
      return formatApolloError(formatted, error);
    },
  });
}
