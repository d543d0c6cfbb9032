// PartGraph's full request path (auth token lookup, per-request ORM fork, limits, extensions,
// our HTTP integration) against bare Apollo Server's standalone server on the SAME schema and
// query, interleaved request by request so machine noise hits both alike. Reports medians and
// the ratio PartGraph / bare.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { App } from '../src/server/app.js';
import { createContext } from '../src/graphql/context.js';
import { User } from '../src/db/entities/index.js';
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
  const em = app.orm.em.fork();
  const admin = await em.findOneOrFail(User, { username: 'bench-admin' });
  const bare = new ApolloServer({ schema: app.holder.current.schema });
  const { url: bareUrl } = await startStandaloneServer(bare, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => createContext(app.services, { user: admin, token: null }, { count: 0 }),
  });
  const query = '{ me { username isStaff } serverStatus { version schemaHash } }';
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < 100; i++) {
    await post(app.url, query, token);
    await post(bareUrl, query);
  }
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await post(app.url, query, token);
    ours.push(performance.now() - t);
    t = performance.now();
    await post(bareUrl, query);
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
