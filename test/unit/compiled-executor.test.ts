// OperationExecutor on its own: compiled documents are kept in a bounded LRU, dropped by clear(),
// never reused for another schema object (even with the same hash), and documents graphql-jit
// must not run (a union with an async resolveType) go to graphql-js and are counted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { executorKind } from '../../src/config.js';
import { OperationExecutor, selectsAsyncAbstractType } from '../../src/server/executor/compiled-executor.js';

const SDL = 'type Query { a: Int b: Int c: Int thing: Thing } union Thing = X | Y type X { x: Int } type Y { y: Int }';

function schemaWith(value: number): GraphQLSchema {
  const schema = buildSchema(SDL);
  const fields = schema.getQueryType()!.getFields();
  for (const f of ['a', 'b', 'c'] as const) fields[f]!.resolve = () => value;
  fields.thing!.resolve = () => ({ x: value });
  const thing = schema.getType('Thing') as { resolveType?: unknown };
  thing.resolveType = async () => 'X';
  return schema;
}

function request(schema: GraphQLSchema, source: string, hash = 'h1'): GatewayGraphQLRequestContext {
  const document = parse(source);
  return {
    schema,
    schemaHash: hash,
    source,
    document,
    operationName: null,
    operation: getOperationAST(document)!,
    request: { query: source, variables: {} },
    context: {},
  } as unknown as GatewayGraphQLRequestContext;
}

describe('OperationExecutor', () => {
  it('keeps at most maxEntries compiled documents, least recently used dropped first', async () => {
    const ex = new OperationExecutor('jit', 2);
    const s = schemaWith(1);
    assert.deepEqual((await ex.run(request(s, '{ a }'))).data, { a: 1 });
    await ex.run(request(s, '{ b }'));
    await ex.run(request(s, '{ a }')); // a is now the most recent
    await ex.run(request(s, '{ c }')); // evicts b
    assert.equal(ex.stats.cached, 2);
    assert.equal(ex.stats.compiled, 3);
    await ex.run(request(s, '{ a }'));
    assert.equal(ex.stats.compiled, 3, 'a was still cached');
    await ex.run(request(s, '{ b }'));
    assert.equal(ex.stats.compiled, 4, 'b had been evicted');
  });

  it('clear() drops everything, and a new schema object is never served a compiled query of the old one', async () => {
    const ex = new OperationExecutor('jit', 10);
    assert.deepEqual((await ex.run(request(schemaWith(1), '{ a }'))).data, { a: 1 });
    // Same hash, other schema object (a plugin re-enabled): its resolvers answer.
    assert.deepEqual((await ex.run(request(schemaWith(2), '{ a }'))).data, { a: 2 });
    ex.clear();
    assert.equal(ex.stats.cached, 0);
    assert.equal(ex.stats.drops, 1);
  });

  it('runs documents selecting a union with an async resolveType on graphql-js, counted as fallbacks', async () => {
    const ex = new OperationExecutor('jit', 10);
    const s = schemaWith(3);
    assert.equal(selectsAsyncAbstractType(s, parse('{ thing { ... on X { x } } }')), true);
    assert.equal(selectsAsyncAbstractType(s, parse('{ a }')), false);
    for (let i = 0; i < 2; i++)
      assert.deepEqual(
        JSON.parse(JSON.stringify((await ex.run(request(s, '{ thing { __typename ... on X { x } } }'))).data)),
        {
          thing: { __typename: 'X', x: 3 },
        },
      );
    assert.equal(ex.stats.fallbacks, 2);
    assert.equal(ex.stats.compiled, 0);
  });

  it('EXECUTOR accepts jit (default) and graphql-js only', () => {
    assert.equal(executorKind(undefined), 'jit');
    assert.equal(executorKind('graphql-js'), 'graphql-js');
    assert.throws(() => executorKind('fast'), /EXECUTOR must be jit or graphql-js/);
  });
});
