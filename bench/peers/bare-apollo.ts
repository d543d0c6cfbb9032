// Peer for the throughput benchmark: PartGraph's core schema and resolvers (type-graphql +
// MikroORM, as they are today) on bare @apollo/server's standalone server, doing the SAME auth
// work PartGraph did before its token cache: an ORM fork and a token look-up per request.
// Prints "ready <port>".
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authenticate } from '../../src/auth/authenticate.js';
import { loadConfig } from '../../src/config.js';
import { openOrm } from '../../src/db/orm.js';
import { buildTypeGraphQLSchema } from '../../src/graphql/build.js';
import { createContext, type GraphQLContext } from '../../src/graphql/context.js';
import { coreResolvers } from '../../src/graphql/core-schema.js';
import { SchemaHolder } from '../../src/server/schema-holder.js';
import { setLogLevel } from '../../src/log.js';

setLogLevel('warn');
const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL! });
const orm = await openOrm(process.env.DATABASE_URL!);
const holder = new SchemaHolder();
holder.swap(await buildTypeGraphQLSchema({ resolvers: [...coreResolvers] }));
const services = { config, orm, schema: holder };
const server = new ApolloServer<GraphQLContext>({ schema: holder.current.schema });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' },
  context: async ({ req }) => {
    const em = orm.em.fork() as EntityManager;
    const auth = await authenticate(em, req.headers.authorization);
    return createContext(services, auth, { count: 0 }, em);
  },
});
console.log(`ready ${new URL(url).port}`);
