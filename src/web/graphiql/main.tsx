// The offline GraphiQL served for browser GETs of /graphql: the `graphiql` package bundled with
// React (no CDN). Queries and mutations go over HTTP, subscriptions over graphql-ws, both with the
// token the app's sign-in stored. It follows schema swaps: the schema is introspected again when a
// plugin.* event arrives or a response's extensions.schemaHash differs from the one shown.
import 'graphiql/style.css';
import './graphiql.css';
import type { Fetcher, FetcherParams } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import {
  buildClientSchema,
  type ExecutionResult,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
  parse,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';

const TOKEN_KEY = 'partgraph.token';
const USER_KEY = 'partgraph.user';

function authHeaders(): Record<string, string> {
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
const ws = createClient({ url: wsUrl, lazy: true, connectionParams: () => authHeaders(), retryAttempts: 3 });

function isSubscription(params: FetcherParams): boolean {
  try {
    const doc = parse(params.query);
    const ops = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
    const op = params.operationName ? ops.find((o) => o.name?.value === params.operationName) : ops[0];
    return op?.operation === 'subscription';
  } catch {
    return false;
  }
}

async function postJson(body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

function App() {
  const [schema, setSchema] = useState<GraphQLSchema | null>(null);
  const [hash, setHash] = useState('');
  const [note, setNote] = useState('Loading the schema…');
  const user = localStorage.getItem(USER_KEY);

  const introspect = useCallback(async () => {
    const result = await postJson({ query: getIntrospectionQuery({ inputValueDeprecation: true }) });
    const data = result.data as IntrospectionQuery | undefined;
    if (!data) {
      setNote('Could not load the schema.');
      return;
    }
    setSchema(buildClientSchema(data));
    setHash(String((result.extensions as { schemaHash?: string } | undefined)?.schemaHash ?? ''));
    setNote('');
  }, []);

  useEffect(() => {
    void introspect();
  }, [introspect]);

  // Another staff member (or process) toggling a plugin changes the schema: follow it.
  useEffect(() => {
    if (!localStorage.getItem(TOKEN_KEY)) return;
    return ws.subscribe(
      { query: 'subscription { events(names: ["plugin.*"]) { id name } }' },
      { next: () => void introspect(), error: () => {}, complete: () => {} },
    );
  }, [introspect]);

  const fetcher = useMemo<Fetcher>(
    () => (params) => {
      // graphql-ws yields formatted (JSON) results, which is what GraphiQL shows.
      if (isSubscription(params)) return ws.iterate(params) as AsyncIterable<ExecutionResult>;
      return postJson(params).then((result) => {
        const next = (result.extensions as { schemaHash?: string } | undefined)?.schemaHash;
        if (next && next !== hashRef.current) void introspect();
        return result;
      });
    },
    [introspect],
  );
  hashRef.current = hash;

  return (
    <div className="pg-graphiql">
      <header className="pg-bar" data-schema-hash={hash}>
        <a href="/">← PartGraph</a>
        <span>{user ? `Signed in as ${user}` : 'Not signed in: sign in in the app to send your token'}</span>
        <span className="pg-hash" title="Hash of the schema shown">
          {note || `schema ${hash.slice(0, 12)}`}
        </span>
      </header>
      <main className="pg-ide">
        {schema ? (
          <GraphiQL
            fetcher={fetcher}
            schema={schema}
            defaultQuery={DEFAULT_QUERY}
            defaultEditorToolsVisibility={true}
          />
        ) : (
          <p role="status">{note}</p>
        )}
      </main>
    </div>
  );
}

const hashRef = { current: '' };

const DEFAULT_QUERY = `# PartGraph GraphQL IDE (offline). Run with Ctrl-Enter.
# Queries use the token from the app's sign-in; subscriptions run over graphql-ws.
# The schema follows plugin toggles: the docs (book icon) show what active plugins add.

query Me {
  me { username isStaff }
  parts(limit: 5) { totalCount items { id name } }
}
`;

createRoot(document.getElementById('root')!).render(<App />);
