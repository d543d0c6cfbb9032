// Internal failures never reach clients as they are: over HTTP and WebSocket alike, an error
// that isInternalError() flags is answered as INTERNAL_SERVER_ERROR with the message
// "Internal server error (request id <id>)" and `extensions.requestId`, while the log keeps the
// detail (message and stack) under the same id. Errors raised for the client pass unchanged.
import type { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { INTERNAL_SERVER_ERROR, isInternalError } from '../graphql/errors.js';
import { currentRequest, newRequestId } from '../graphql/request-scope.js';
import { logger } from '../log.js';

const log = logger('graphql');

/** The innermost error: the one whose stack says where it happened. */
function rootCause(error: unknown): unknown {
  let e = error;
  for (
    let i = 0;
    i < 10 && e && typeof e === 'object' && 'originalError' in e && (e as { originalError?: unknown }).originalError;
    i++
  ) {
    e = (e as { originalError: unknown }).originalError;
  }
  return e;
}

/** Logs the detail under `requestId` and returns what the client may see. */
export function maskedError(
  formatted: GraphQLFormattedError,
  error: unknown,
  requestId: string,
): GraphQLFormattedError {
  const where = formatted.path?.join('.') ?? 'request';
  const cause = rootCause(error);
  log.error(
    `internal error (request id ${requestId}) at ${where}: ${formatted.message}`,
    cause instanceof Error ? cause : String(cause),
  );
  return {
    message: `Internal server error (request id ${requestId})`,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: INTERNAL_SERVER_ERROR, requestId },
  };
}

/** For Apollo's formatError: masks internal errors with the current HTTP request's id. */
export function formatApolloError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!isInternalError(error)) return formatted;
  return maskedError(formatted, error, currentRequest()?.id ?? newRequestId());
}

/** For graphql-ws: the errors to send instead of `errors`, or undefined when none is internal. */
export function maskWsErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] | undefined {
  if (!errors.some((e) => isInternalError(e))) return undefined;
  const requestId = newRequestId();
  return errors.map((e) => (isInternalError(e) ? maskedError(e.toJSON(), e, requestId) : e.toJSON()));
}

/** For graphql-ws onNext: the result to send instead, or undefined when it holds no internal error. */
export function maskWsResult(result: ExecutionResult): FormattedExecutionResult | undefined {
  if (!result.errors) return undefined;
  const errors = maskWsErrors(result.errors);
  if (!errors) return undefined;
  const { errors: _dropped, ...rest } = result;
  return { ...rest, errors } as FormattedExecutionResult;
}
