// Printing the real base schema (core resolvers + what modules add) with no server and no
// database: baseSdl is printSchema plus a final newline, stable from call to call, includes the
// extra resolvers it is given, and forgets them afterwards (no leaked field resolver on Part).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printSchema } from 'graphql';
import { FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Part } from '../../src/db/entities/index.js';
import { buildBaseSchema } from '../../src/graphql/core-schema.js';
import { baseSdl } from '../../src/graphql/sdl.js';

@Resolver()
class UnitExtraResolver {
  @Query(() => String)
  unitExtra(): string {
    return 'extra';
  }
}

@Resolver(() => Part)
class UnitPartResolver {
  @FieldResolver(() => String)
  unitLabel(@Root() part: Part): string {
    return part.name;
  }
}

describe('baseSdl', () => {
  it('prints the base schema with a final newline, the same every time', async () => {
    const sdl = await baseSdl([]);
    assert.equal(sdl, `${printSchema(await buildBaseSchema())}\n`);
    assert.match(sdl, /^type Query \{/m);
    assert.ok(sdl.endsWith('\n') && !sdl.endsWith('\n\n'));
    assert.equal(await baseSdl([]), sdl);
  });

  it('includes the extra resolvers, and a later print without them is the base again', async () => {
    const base = await baseSdl([]);
    const extended = await baseSdl([UnitExtraResolver, UnitPartResolver]);
    assert.match(extended, /type Query \{[^}]*\bunitExtra: String!/s);
    assert.match(extended, /type Part \{[^}]*\bunitLabel: String!/s);
    assert.equal(await baseSdl([]), base);
    assert.doesNotMatch(base, /unitExtra|unitLabel/);
  });
});
