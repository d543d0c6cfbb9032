// The served schema's identity without a server: SchemaHolder.swap prints, hashes and versions
// each installed schema (same SDL → same hash, different SDL → different hash, an invalid schema
// changes nothing), tells its listeners and Apollo's gateway callbacks; schemaHash is sha256.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildSchema, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import {
  assertValidSchema,
  SchemaHolder,
  schemaHash,
  SchemaValidationError,
  type SchemaState,
} from '../../src/server/schema-holder.js';

const SDL_A = 'type Query {\n  ping: String\n}';
const SDL_B = 'type Query {\n  ping: String\n  pong: Int\n}';

function invalidSchema(): GraphQLSchema {
  return new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: {} }) });
}

describe('schemaHash', () => {
  it('is the first 16 hex digits of the sha256 of the SDL', () => {
    assert.equal(schemaHash(SDL_A), createHash('sha256').update(SDL_A).digest('hex').slice(0, 16));
    assert.match(schemaHash(SDL_A), /^[0-9a-f]{16}$/);
    assert.notEqual(schemaHash(SDL_A), schemaHash(`${SDL_A}\n`));
  });
});

describe('assertValidSchema', () => {
  it('returns the printed SDL of a valid schema', () => {
    assert.equal(assertValidSchema(buildSchema(SDL_A)), SDL_A);
  });

  it('throws SchemaValidationError listing every problem', () => {
    assert.throws(
      () => assertValidSchema(invalidSchema()),
      (e: unknown) => {
        assert.ok(e instanceof SchemaValidationError);
        assert.deepEqual(e.problems, ['Type Query must define one or more fields.']);
        assert.equal(e.message, 'schema is invalid: Type Query must define one or more fields.');
        return true;
      },
    );
  });
});

describe('SchemaHolder', () => {
  it('has no current schema before the first swap', () => {
    const h = new SchemaHolder();
    assert.equal(h.ready, false);
    assert.throws(() => h.current, /no schema has been installed yet/);
  });

  it('gives the same hash to the same schema, however it was built, and counts versions', () => {
    const h = new SchemaHolder();
    const first = h.swap(buildSchema(SDL_A), 12);
    assert.equal(h.ready, true);
    assert.equal(h.current, first);
    assert.deepEqual([first.version, first.sdl, first.hash, first.buildMs], [1, SDL_A, schemaHash(SDL_A), 12]);
    assert.ok(first.builtAt instanceof Date);
    const again = h.swap(buildSchema(printSchema(buildSchema(SDL_A))));
    assert.equal(again.version, 2);
    assert.equal(again.hash, first.hash);
    assert.equal(again.buildMs, 0);
    const other = h.swap(buildSchema(SDL_B));
    assert.equal(other.version, 3);
    assert.notEqual(other.hash, first.hash);
    assert.equal(other.hash, schemaHash(SDL_B));
  });

  it('refuses an invalid schema and keeps the current one', () => {
    const h = new SchemaHolder();
    const first = h.swap(buildSchema(SDL_A));
    const heard: number[] = [];
    h.onSwap((next) => heard.push(next.version));
    assert.throws(() => h.swap(invalidSchema()), SchemaValidationError);
    assert.equal(h.current, first);
    assert.deepEqual(heard, []);
    assert.equal(h.swap(buildSchema(SDL_B)).version, 2, 'the refused schema used no version');
  });

  it('tells listeners the next and previous state until they unsubscribe', () => {
    const h = new SchemaHolder();
    const heard: Array<[number, number | undefined]> = [];
    const off = h.onSwap((next: SchemaState, previous: SchemaState | undefined) =>
      heard.push([next.version, previous?.version]),
    );
    h.swap(buildSchema(SDL_A));
    h.swap(buildSchema(SDL_B));
    off();
    h.swap(buildSchema(SDL_A));
    assert.deepEqual(heard, [
      [1, undefined],
      [2, 1],
    ]);
  });

  it("hands Apollo's gateway the current schema on load and every later swap, until stopped", async () => {
    const h = new SchemaHolder();
    const a = buildSchema(SDL_A);
    h.swap(a);
    const gateway = h.gateway();
    const seen: Array<{ schema: GraphQLSchema; sdl: string }> = [];
    gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) =>
      seen.push({ schema: apiSchema, sdl: coreSupergraphSdl }),
    );
    assert.deepEqual(await gateway.load({ apollo: {} }), { executor: null });
    const b = buildSchema(SDL_B);
    h.swap(b);
    await gateway.stop();
    h.swap(buildSchema(SDL_A));
    assert.deepEqual(
      seen.map((x) => [x.schema, x.sdl]),
      [
        [a, SDL_A],
        [b, SDL_B],
      ],
    );
  });
});
