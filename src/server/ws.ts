// graphql-ws on the same port and path as HTTP. The schema is read at every subscribe, so a
// swap applies to new operations at once. Sockets authenticate in connection_init with
// `{ authorization: "Bearer <token>" }`; without a valid token they are closed with 4401.
import type { Server } from 'node:http';
import { specifiedRules, type ExecutionResult, validate, type GraphQLSchema, type DocumentNode, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticated } from '../auth/authenticate.js';
import type { GraphQLContext } from '../graphql/context.js';
import { logger } from '../log.js';
import { payloadLimitErrors, queryLimitsRule, type QueryLimits } from './limits.js';
import type { SchemaHolder } from './schema-holder.js';
import { LiveSubscriptions } from './live-subscriptions.js';

const log = logger('ws');

export const WS_CLOSE_UNAUTHORIZED = 4401;

export interface WsOptions {
  server: Server;
  path: string;
  holder: SchemaHolder;
  authenticate: (authorization: string | undefined) => Promise<Authenticated>;
  context: (auth: Authenticated) => GraphQLContext;
  limits: QueryLimits;
}

type SocketExtra = { auth?: Authenticated } & Record<PropertyKey, unknown>;

export interface WsHandle {
  wss: WebSocketServer;
  live: LiveSubscriptions;
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
}

export function attachWebSocket(opts: WsOptions): WsHandle {
  const wss = new WebSocketServer({ server: opts.server, path: opts.path });
  const live = new LiveSubscriptions();
  const unwatch = opts.holder.onSwap((next, previous) => live.schemaChanged(next.schema, previous?.schema));
  const rules: ValidationRule[] = [...specifiedRules, queryLimitsRule(opts.limits)];
  const disposable = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: () => opts.holder.current.schema,
      validate: (schema: GraphQLSchema, doc: DocumentNode) => validate(schema, doc, rules),
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const header = typeof raw === 'string' ? raw : undefined;
        try {
          if (!header) throw new Error('connection_init must carry { authorization: "Bearer <token>" }');
          const auth = await opts.authenticate(header);
          if (!auth.user) throw new Error('invalid token');
          ctx.extra.auth = auth;
          return true;
        } catch (e) {
          const reason = e instanceof Error ? e.message : 'invalid token';
          log.debug(`refused socket: ${reason}`);
          ctx.extra.socket.close(WS_CLOSE_UNAUTHORIZED, `Unauthorized: ${reason}`.slice(0, 120));
          return false;
        }
      },
      // Limits again with the payload's variables (page sizes in variables), which `validate` never sees.
      onSubscribe: (_ctx, _id, payload) => payloadLimitErrors(opts.holder.current.schema, payload, opts.limits),
      context: (ctx) => opts.context(ctx.extra.auth!),
      // Subscriptions are tracked so a swap that removes their field can end them.
      onOperation: (_ctx, _id, _payload, args, result) => {
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
          return live.track(result as AsyncIterable<ExecutionResult>, args.document, args.operationName);
        }
        return undefined;
      },
    },
    wss,
  );
  return {
    wss,
    live,
    async close() {
      unwatch();
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
    },
  };
}
