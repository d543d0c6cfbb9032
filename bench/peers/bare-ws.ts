// Peer for the subscriptions benchmark: bare graphql-ws + graphql-js with an in-memory pubsub,
// the same token check per socket (one SQL look-up at connection_init). POST /publish?n=N
// publishes N events at once. Prints "ready <port>".
import http from 'node:http';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { channel, type Channel } from '../../src/events/channel.js';
import { pool, userForHeader } from './hand-written.js';
import { makeExecutableSchemaLite } from './schema-lite.js';

interface Ev {
  id: string;
  name: string;
  model: string;
  createdAt: string;
}

const db = pool(process.env.DATABASE_URL!);
const subscribers = new Set<Channel<Ev>>();
let seq = 0;
const schema = makeExecutableSchemaLite(
  `type Query { ok: Boolean }
   type Event { id: ID! name: String! model: String! createdAt: String! }
   type Subscription { events(names: [String!]): Event! }`,
  { Subscription: {} },
);
const field = schema.getSubscriptionType()!.getFields().events!;
field.subscribe = () => {
  const ch: Channel<Ev> = channel<Ev>(() => subscribers.delete(ch));
  subscribers.add(ch);
  return ch.iterator;
};
field.resolve = (ev: Ev) => ev;
void parse; // (graphql-ws parses)

const server = http.createServer((req, res) => {
  const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 1);
  for (let i = 0; i < n; i++) {
    const ev = { id: String(++seq), name: 'part.created', model: 'part', createdAt: new Date().toISOString() };
    for (const s of subscribers) s.push(ev);
  }
  res.end('ok');
});
const wss = new WebSocketServer({ server, path: '/graphql' });
useServer(
  {
    schema,
    onConnect: async (ctx) => {
      await userForHeader(db, String(ctx.connectionParams?.authorization ?? ''));
      return true;
    },
  },
  wss,
);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`ready ${(server.address() as { port: number }).port}`);
});
