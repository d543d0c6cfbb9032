// GraphQL errors with the codes clients rely on: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT,
// NOT_FOUND, TOO_MANY_REQUESTS; and the rule telling an error raised for the client (its message
// is meant to be read) from an internal failure (its message may hold driver or system detail,
// so clients only ever see INTERNAL_SERVER_ERROR with a request id: src/server/internal-errors.ts).
import { GraphQLError } from 'graphql';

export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
export const TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS';

export function unauthenticated(
  message = 'Authentication required: send "Authorization: Bearer <token>"',
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** Invalid input; `field` names the argument or input field at fault. */
export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

/** Refused until `retryAfterSeconds` have passed (also sent as HTTP 429 with Retry-After). */
export function tooManyRequests(message: string, retryAfterSeconds: number): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(message, {
    extensions: {
      code: TOO_MANY_REQUESTS,
      retryAfterSeconds: retryAfter,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
    },
  });
}

/**
 * True for failures whose message was not written for clients: anything that is not a
 * GraphQLError (driver errors, TypeErrors, ECONNREFUSED...), or a GraphQLError that carries
 * the code INTERNAL_SERVER_ERROR or merely wraps such an error (graphql-js and Apollo wrap
 * resolver and context errors). GraphQLErrors with another code, and graphql-js's own errors
 * (no original error), keep their message.
 */
export function isInternalError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return true;
  const code = error.extensions?.code;
  if (code === INTERNAL_SERVER_ERROR) return true;
  if (typeof code === 'string') return false;
  return error.originalError ? isInternalError(error.originalError) : false;
}
