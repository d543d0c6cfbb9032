// A real graphql-ws client over the `ws` package.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsClientOptions {
  url: string; // http://... of the server's /graphql
  token?: string;
  onClosed?: (code: number, reason: string) => void;
}

export function wsClient({ url, token, onClosed }: WsClientOptions): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string };
        onClosed?.(e.code, String(e.reason));
      },
    },
  });
}

/** Runs one operation to completion and returns its first result (or throws its error). */
export function wsQuery<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; errors?: unknown[] }> {
  return new Promise((resolve, reject) => {
    let result: { data?: T; errors?: unknown[] } | undefined;
    client.subscribe<T>(
      { query, variables },
      {
        next: (r) => (result = r as { data?: T; errors?: unknown[] }),
        error: reject,
        complete: () => (result ? resolve(result) : reject(new Error('completed without result'))),
      },
    );
  });
}
