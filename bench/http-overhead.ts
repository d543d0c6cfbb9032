// PartGraph's full request path (auth, per-request ORM fork, limits, extensions, our HTTP
// integration) against bare Apollo Server's standalone server on the SAME schema and query doing
// the SAME auth work (an ORM fork and a token look-up per request, no cache), interleaved request
// by request so machine noise hits both alike. Reports medians and the ratio PartGraph / bare.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { App } from '../src/server/app.js';
import { createContext } from '../src/graphql/context.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authenticate } from '../src/auth/authenticate.js';
import { fmt, median, percentile } from './stats.js';

async function post(url: string, query: string, token?: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

export async function benchHttpOverhead(app: App, token: string, rounds = 2000): Promise<string[]> {
  const bare = new ApolloServer({ schema: app.holder.current.schema });
  const { url: bareUrl } = await startStandaloneServer(bare, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      const em = app.orm.em.fork() as EntityManager;
      return createContext(app.services, await authenticate(em, req.headers.authorization), { count: 0 }, em);
    },
  });
  const query = '{ me { username isStaff } serverStatus { version schemaHash } }';
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < 100; i++) {
    await post(app.url, query, token);
    await post(bareUrl, query, token);
  }
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await post(app.url, query, token);
    ours.push(performance.now() - t);
    t = performance.now();
    await post(bareUrl, query, token);
    theirs.push(performance.now() - t);
  }
  await bare.stop();
  const ratio = median(ours) / median(theirs);
  return [
    `HTTP query, ${rounds} interleaved requests each (query: ${query})`,
    `  PartGraph  median ${fmt(median(ours))}  p95 ${fmt(percentile(ours, 95))}`,
    `  bare Apollo median ${fmt(median(theirs))}  p95 ${fmt(percentile(theirs, 95))}`,
    `  ratio PartGraph / bare Apollo (medians): ${ratio.toFixed(2)}`,
  ];
}
