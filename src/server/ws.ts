// graphql-ws on the same port and path as HTTP. The schema is read at every subscribe, so a
// swap applies to new operations at once. Sockets authenticate in connection_init with
// `{ authorization: "Bearer <token>" }`; without a valid token they are closed with 4401.
// Limits (docs/security.md): message size (1009 above it), time to connection_init (4408),
// operations per socket (TOO_MANY_SUBSCRIPTIONS error), sockets per user (4429). A signed-in
// socket lives only while its token and user do (src/server/ws-sessions.ts: 4401 / 4403).
import type { IncomingMessage, Server } from 'node:http';
import {
  execute,
  GraphQLError,
  specifiedRules,
  type ExecutionArgs,
  type ExecutionResult,
  validate,
  type GraphQLSchema,
  type DocumentNode,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticated } from '../auth/authenticate.js';
import type { AuthRevocations } from '../auth/revocations.js';
import type { TokenDenial } from '../auth/tokens.js';
import {
  endSqlBudget,
  findSqlLimitError,
  queryScope,
  SQL_LIMIT_EXCEEDED,
  startSqlBudget,
} from '../db/query-counter.js';
import type { GraphQLContext } from '../graphql/context.js';
import { logger } from '../log.js';
import { payloadLimitErrors, queryLimitsRule, type QueryLimits } from './limits.js';
import type { SchemaHolder } from './schema-holder.js';
import { LiveSubscriptions } from './live-subscriptions.js';
import { subscribeShared } from './shared-subscriptions.js';
import { maskWsErrors, maskWsResult } from './internal-errors.js';
import { checkSubscribe, quietOversizeErrors, type SocketExtra, type WsLimits } from './ws-guards.js';
import { WS_CLOSE_UNAUTHORIZED, WsSessions } from './ws-sessions.js';
import { clientOf, roleOf, type UsageRecorder } from '../usage/recorder.js';

const log = logger('ws');

/**
 * Runs a query or mutation inside its own statement-counting scope with the SQL budget armed;
 * once over it, every resolver that reaches the database fails alike, so their errors collapse
 * into one SQL_LIMIT_EXCEEDED error (never an internal error).
 */
function executeWithSqlBudget(args: ExecutionArgs, maxSql: number): Promise<ExecutionResult> {
  const scope = (args.contextValue as GraphQLContext).queries;
  return queryScope.run(scope, async () => {
    startSqlBudget(scope, maxSql);
    try {
      const result = await execute(args);
      const sqlErrors = (result.errors ?? []).filter((e) => findSqlLimitError(e));
      if (!sqlErrors.length) return result;
      const limit = findSqlLimitError(sqlErrors[0])!;
      log.warn(`operation stopped at ${maxSql} SQL statements (MAX_SQL_PER_REQUEST) on a WebSocket`);
      const first = new GraphQLError(limit.message, {
        extensions: { code: SQL_LIMIT_EXCEEDED, maxSqlPerRequest: limit.limit },
      });
      return { ...result, errors: [...(result.errors ?? []).filter((e) => !findSqlLimitError(e)), first] };
    } finally {
      endSqlBudget(scope);
    }
  });
}

/**
 * graphql-js 16 throws (instead of reporting) in its single-root-field subscription rule when a
 * root field carries `@include`/`@skip` with a variable: answer a validation error, never close
 * the socket.
 */
function safeValidate(
  schema: GraphQLSchema,
  doc: DocumentNode,
  rules: readonly ValidationRule[],
): readonly GraphQLError[] {
  try {
    return validate(schema, doc, rules);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return [
      new GraphQLError(`The operation cannot be validated: ${message}`, {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ];
  }
}

/** Counts an operation that started on a socket (client name/version from the upgrade request's headers). */
function recordWsOperation(
  usage: UsageRecorder,
  ctx: { extra: { request?: IncomingMessage }; connectionParams?: Readonly<Record<string, unknown>> },
  payload: { query: string; operationName?: string | null },
  args: ExecutionArgs,
): void {
  const headers = ctx.extra.request?.headers ?? {};
  const params = ctx.connectionParams ?? {};
  const client = clientOf({
    get: (name) => {
      const h = headers[name];
      const p = params[name];
      return (Array.isArray(h) ? h[0] : h) ?? (typeof p === 'string' ? p : undefined);
    },
  });
  usage.record({
    document: args.document,
    schema: args.schema,
    source: payload.query,
    operationName: payload.operationName,
    clientName: client.name,
    clientVersion: client.version,
    role: roleOf((args.contextValue as GraphQLContext).user),
  });
}

export { WS_CLOSE_FORBIDDEN, WS_CLOSE_TOO_MANY_SOCKETS, WS_CLOSE_UNAUTHORIZED } from './ws-sessions.js';
export { TOO_MANY_SUBSCRIPTIONS, type WsLimits } from './ws-guards.js';

export interface WsOptions {
  server: Server;
  path: string;
  holder: SchemaHolder;
  authenticate: (authorization: string | undefined) => Promise<Authenticated>;
  context: (auth: Authenticated) => GraphQLContext;
  queryLimits: QueryLimits;
  /** SQL statements one query or mutation on the socket may run (MAX_SQL_PER_REQUEST). */
  maxSqlPerRequest: number;
  limits: WsLimits;
  /** Revocation notices from every process (logout, deactivated users). */
  revocations: AuthRevocations;
  /** The tokens among `ids` that no longer grant access (periodic re-check). */
  deniedTokens(ids: readonly number[]): Promise<Map<number, TokenDenial>>;
  /** Operation usage recording (absent: OPERATION_USAGE=false). */
  usage?: UsageRecorder;
}

export interface WsHandle {
  wss: WebSocketServer;
  live: LiveSubscriptions;
  sessions: WsSessions;
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
}

export function attachWebSocket(opts: WsOptions): WsHandle {
  const { limits } = opts;
  // maxPayload: ws stops reading a larger frame at its header and closes with 1009.
  const wss = new WebSocketServer({ server: opts.server, path: opts.path, maxPayload: limits.maxMessageBytes });
  wss.on('connection', quietOversizeErrors);
  const live = new LiveSubscriptions();
  const sessions = new WsSessions({
    maxSocketsPerUser: limits.maxSocketsPerUser,
    recheckMs: limits.sessionRecheckMs,
    deniedTokens: opts.deniedTokens,
  });
  const unwatch = opts.holder.onSwap((next, previous) => live.schemaChanged(next.schema, previous?.schema));
  const unrevoked = opts.revocations.onRevoked((r) => sessions.revoked(r));
  const unresync = opts.revocations.onResync(() => void sessions.recheck());
  const rules: ValidationRule[] = [...specifiedRules, queryLimitsRule(opts.queryLimits)];
  const disposable = useServer<Record<string, unknown>, SocketExtra>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      schema: () => opts.holder.current.schema,
      validate: (schema: GraphQLSchema, doc: DocumentNode) => safeValidate(schema, doc, rules),
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const header = typeof raw === 'string' ? raw : undefined;
        try {
          if (!header) throw new Error('connection_init must carry { authorization: "Bearer <token>" }');
          const auth = await opts.authenticate(header);
          if (!auth.user || !auth.token) throw new Error('invalid token');
          // Closed by the client while signing in: onClose has run already, so no session.
          if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
          const session = sessions.open(auth.user.id, auth.token.id, auth.token.expiresAt ?? null, ctx.extra.socket);
          if (!session) return false; // over the per-user limit: closed with 4429
          ctx.extra.auth = auth;
          ctx.extra.session = session;
          return true;
        } catch (e) {
          const reason = e instanceof Error ? e.message : 'invalid token';
          log.debug(`refused socket: ${reason}`);
          ctx.extra.socket.close(WS_CLOSE_UNAUTHORIZED, `Unauthorized: ${reason}`.slice(0, 120));
          return false;
        }
      },
      // The socket's own limits, then the query limits again with the payload's variables (page
      // sizes in variables), which `validate` never sees.
      onSubscribe: (ctx, _id, payload) =>
        checkSubscribe(ctx, limits) ?? payloadLimitErrors(opts.holder.current.schema, payload, opts.queryLimits),
      onClose: (ctx) => ctx.extra.session?.ended(),
      context: (ctx) => opts.context(ctx.extra.auth!),
      // Queries and mutations run under the same SQL budget as over HTTP (subscriptions are not bounded per event).
      execute: (args) => executeWithSqlBudget(args, opts.maxSqlPerRequest),
      // Identical subscriptions on fields marked shareable execute once per event (src/server/shared-subscriptions.ts).
      subscribe: subscribeShared,
      // Internal errors reach clients only as INTERNAL_SERVER_ERROR + request id (as over HTTP).
      onNext: (_ctx, _id, _payload, _args, result) => maskWsResult(result),
      onError: (_ctx, _id, _payload, errors) => maskWsErrors(errors),
      // Subscriptions are tracked so a swap that removes their field can end them.
      onOperation: (ctx, _id, payload, args, result) => {
        if (opts.usage) recordWsOperation(opts.usage, ctx, payload, args);
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
          return live.track(result as AsyncIterable<ExecutionResult>, args);
        }
        return undefined;
      },
      // Close reasons of failed message handling carry no error text.
      isProd: true,
    },
    wss,
  );
  return {
    wss,
    live,
    sessions,
    async close() {
      unwatch();
      unrevoked();
      unresync();
      sessions.stop();
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
    },
  };
}
