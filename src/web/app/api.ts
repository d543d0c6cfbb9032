// GraphQL over HTTP (queries, mutations) and graphql-ws (subscriptions) with the session's token.
// Errors become GqlError with the server's code and, for BAD_USER_INPUT, the field it names, so
// forms can show them at the field. UNAUTHENTICATED with a token means it expired or was revoked.
import { createClient, type Client } from 'graphql-ws';
import { endSession, session } from './session.js';

export interface GqlErrorEntry {
  message: string;
  extensions?: { code?: string; field?: string; [k: string]: unknown };
}

export class GqlError extends Error {
  constructor(readonly errors: GqlErrorEntry[]) {
    super(errors.map((e) => e.message).join('; ') || 'Request failed');
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
  /** Messages by the input field they name (BAD_USER_INPUT with extensions.field). */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) if (e.extensions?.field) out[e.extensions.field] = e.message;
    return out;
  }
}

const SESSION_ENDED = 'Your session has ended (the token expired or was revoked). Please sign in again.';

export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const token = session.get().token;
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GqlError([{ message: 'The server cannot be reached.' }]);
  }
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: GqlErrorEntry[] };
  if (body.errors?.length) {
    const err = new GqlError(body.errors);
    if (err.code === 'UNAUTHENTICATED' && token) endSession(SESSION_ENDED);
    throw err;
  }
  if (!body.data) throw new GqlError([{ message: `Unexpected response (HTTP ${res.status})` }]);
  return body.data;
}

let client: Client | null = null;
let clientToken: string | null = null;

/** The WebSocket client for the current token (a new sign-in gets a new socket). */
export function wsClient(): Client {
  const token = session.get().token;
  if (client && clientToken === token) return client;
  void client?.dispose();
  clientToken = token;
  client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    lazy: true,
    retryAttempts: 5,
    shouldRetry: (e) => !(e instanceof CloseEvent && (e.code === 4401 || e.code === 4403)),
    on: {
      closed: (e) => {
        if (e instanceof CloseEvent && (e.code === 4401 || e.code === 4403) && session.get().token === token)
          endSession(SESSION_ENDED);
      },
    },
  });
  return client;
}

/** Subscribes; returns the unsubscribe function. */
export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError?: (message: string) => void,
): () => void {
  return wsClient().subscribe<T>(
    { query, variables },
    {
      next: (r) => {
        if (r.data) onData(r.data as T);
        else if (r.errors) onError?.(r.errors.map((e) => e.message).join('; '));
      },
      error: (e) => onError?.(e instanceof Error ? e.message : 'The live connection closed'),
      complete: () => {},
    },
  );
}

const fieldCache = new Map<string, Promise<boolean>>();

/** Whether the current schema has a root field (introspected once per name). */
export function hasRootField(root: 'Query' | 'Mutation', name: string): Promise<boolean> {
  const key = `${root}.${name}`;
  let p = fieldCache.get(key);
  if (!p) {
    p = gql<{ __type: { fields: { name: string }[] } | null }>(
      'query($t: String!) { __type(name: $t) { fields { name } } }',
      {
        t: root,
      },
    )
      .then((d) => !!d.__type?.fields.some((f) => f.name === name))
      .catch(() => false);
    fieldCache.set(key, p);
  }
  return p;
}

/** Forgets introspection answers (after a schema swap). */
export function forgetSchema(): void {
  fieldCache.clear();
}
