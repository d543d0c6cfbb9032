// Peer for the throughput benchmark: fastify + mercurius (graphql-jit after the first request)
// + hand-written `pg` resolvers, with the same token look-up. Prints "ready <port>".
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { context, pool, resolvers, TYPE_DEFS, userForHeader } from './hand-written.js';
import { makeExecutableSchemaLite } from './schema-lite.js';

const db = pool(process.env.DATABASE_URL!);
const app = Fastify({ logger: false });
await app.register(mercurius, {
  schema: makeExecutableSchemaLite(TYPE_DEFS, resolvers(db)),
  jit: 1,
  context: async (req) => context(db, await userForHeader(db, req.headers.authorization)),
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`ready ${new URL(address).port}`);
