// Checks graphql-ws runs for every socket besides authentication (src/server/ws.ts): the
// limits that keep one client from holding unbounded memory, and the per-operation session
// check. What must stay true: every refusal carries a clear code (close code or
// extensions.code) and none of them logs more than a debug line per client mistake.
import { GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket } from 'ws';
import type { Authenticated } from '../auth/authenticate.js';
import { logger } from '../log.js';
import { WS_CLOSE_UNAUTHORIZED, type WsSession } from './ws-sessions.js';

const log = logger('ws');

/** Error code of an operation refused because the socket already runs the maximum. */
export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';

export interface WsLimits {
  /** Largest message, in bytes; the socket is closed with 1009 above it. */
  maxMessageBytes: number;
  /** Time allowed between opening the socket and connection_init; then closed with 4408. */
  connectionInitTimeoutMs: number;
  /** Operations running at once on one socket; more are refused with TOO_MANY_SUBSCRIPTIONS. */
  maxSubscriptionsPerSocket: number;
  /** Signed-in sockets per user on this process; more are closed with 4429. */
  maxSocketsPerUser: number;
  /** Period of the database re-check of open sessions' tokens. */
  sessionRecheckMs: number;
}

/** What ws.ts keeps per socket once it is signed in. */
export type SocketExtra = { auth?: Authenticated; session?: WsSession } & Record<PropertyKey, unknown>;

/**
 * Before each operation: the session must still be valid (token not expired; revoked ones are
 * closed already) and the socket below its operation limit. graphql-ws has already counted
 * the new operation in `ctx.subscriptions`.
 */
export function checkSubscribe(
  ctx: Context<Record<string, unknown>, Extra & Partial<SocketExtra>>,
  limits: WsLimits,
): GraphQLError[] | undefined {
  const session = ctx.extra.session;
  if (!session || session.closed || session.expired) {
    session?.close(WS_CLOSE_UNAUTHORIZED, 'Unauthorized: token expired');
    return [
      new GraphQLError('The token of this socket has expired or was revoked: sign in again', {
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ];
  }
  const running = Object.keys(ctx.subscriptions).length;
  if (running > limits.maxSubscriptionsPerSocket) {
    const limit = limits.maxSubscriptionsPerSocket;
    return [
      new GraphQLError(
        `Too many operations on this socket (limit ${limit}): complete one first or open another socket`,
        {
          extensions: { code: TOO_MANY_SUBSCRIPTIONS, limit },
        },
      ),
    ];
  }
  return undefined;
}

/**
 * ws closes a socket that sends a too-large message with 1009, then emits 'error'; graphql-ws
 * prints every socket error with its stack to the console. An oversized message is the
 * client's fault, so it gets one debug line instead (other errors pass through unchanged).
 */
export function quietOversizeErrors(socket: WebSocket): void {
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'error' && (args[0] as { code?: string } | undefined)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      log.debug(`closed a socket with 1009: ${(args[0] as Error).message}`);
      return true;
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}
