// Peer for the throughput benchmark: raw node:http + graphql-jit + hand-written `pg` resolvers.
// Parses, validates and compiles each distinct document once. Prints "ready" when listening.
import http from 'node:http';
import { makeExecutableSchemaLite } from './schema-lite.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { parse, validate, type ExecutionResult } from 'graphql';
import { context, pool, resolvers, TYPE_DEFS, userForHeader } from './hand-written.js';

const db = pool(process.env.DATABASE_URL!);
const schema = makeExecutableSchemaLite(TYPE_DEFS, resolvers(db));
const compiled = new Map<string, CompiledQuery | ExecutionResult>();

function compiledFor(query: string): CompiledQuery | ExecutionResult {
  let c = compiled.get(query);
  if (!c) {
    const doc = parse(query);
    const errors = validate(schema, doc);
    c = errors.length ? { errors } : compileQuery(schema, doc);
    compiled.set(query, c);
  }
  return c;
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    let result: ExecutionResult;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      const user = await userForHeader(db, req.headers.authorization);
      const c = compiledFor(body.query);
      result = isCompiledQuery(c) ? await c.query(undefined, context(db, user), body.variables ?? {}) : c;
    } catch (e) {
      result = { errors: [{ message: e instanceof Error ? e.message : String(e) }] } as unknown as ExecutionResult;
    }
    const json = JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`ready ${(server.address() as { port: number }).port}`);
});
