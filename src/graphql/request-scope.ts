// The HTTP request being served: its id (sent back as `x-request-id`, quoted in internal-error
// answers and in the log line that holds the detail) and the client's address (login throttling).
// Carried by AsyncLocalStorage so resolvers and Apollo hooks reach it without threading it
// through every call. Outside an HTTP request (WebSocket, jobs, CLI) there is no scope.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestInfo {
  /** Unique per request; safe to show to clients. */
  id: string;
  /** The client's address as the server sees it (see src/server/client-address.ts). */
  clientAddress: string | undefined;
}

export const requestScope = new AsyncLocalStorage<RequestInfo>();

export function currentRequest(): RequestInfo | undefined {
  return requestScope.getStore();
}

export function newRequestId(): string {
  return randomUUID();
}
