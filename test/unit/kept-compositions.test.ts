// KeptCompositions: the same input is composed once and the kept schema served again; a result
// that may be written into (reuse: false) is never kept or handed back; reused resolvers (SDL and
// type-graphql) see the plugin instance of the latest composition.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphql, type GraphQLSchema, isObjectType, printSchema } from 'graphql';
import { Query, Resolver } from 'type-graphql';
import type { SchemaContribution } from '../../src/plugin/composition/compose.js';
import { KeptCompositions } from '../../src/plugin/composition/kept-compositions.js';
import { InvenTreePlugin } from '../../src/plugin/plugin.js';

@Resolver()
class CoreResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }
}

@Resolver()
class MakerResolver {
  constructor(private readonly plugin: InvenTreePlugin & { label?: string }) {}

  @Query(() => String)
  maker(): string {
    return this.plugin.label ?? '?';
  }
}

const BASE = [CoreResolver];

class Labelled extends InvenTreePlugin {
  static override NAME = 'Labelled';
  constructor(readonly label: string) {
    super();
  }
}

const RESOLVER_MAP: SchemaContribution['resolverMap'] = {
  Query: { greeting: (_s, _a, _c, _i, plugin) => `hello from ${(plugin as Labelled).label}` },
};

function sdlPlugin(label: string, resolverMap = RESOLVER_MAP): SchemaContribution {
  return {
    pluginKey: 'greeter',
    plugin: new Labelled(label),
    resolvers: [],
    types: [],
    typeDefs: 'extend type Query { greeting: String }',
    resolverMap,
  };
}

function typeGraphQLPlugin(label: string): SchemaContribution {
  return {
    pluginKey: 'maker',
    plugin: new Labelled(label),
    resolvers: [MakerResolver],
    types: [],
    typeDefs: '',
    resolverMap: {},
  };
}

async function ask(schema: GraphQLSchema, source: string): Promise<unknown> {
  const r = await graphql({ schema, source });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return JSON.parse(JSON.stringify(r.data));
}

describe('KeptCompositions', () => {
  it('serves the kept schema for the same input, and a new one for another', async () => {
    const kept = new KeptCompositions();
    const a = await kept.compose(BASE, [sdlPlugin('one')], { reuse: true });
    const core = await kept.compose(BASE, [], { reuse: true });
    const b = await kept.compose(BASE, [sdlPlugin('one')], { reuse: true });
    assert.equal(b.schema, a.schema);
    assert.notEqual(core.schema, a.schema);
    assert.deepEqual(Object.fromEntries(b.attribution), Object.fromEntries(a.attribution));
    // Another resolver map object is another input.
    const other = await kept.compose(BASE, [sdlPlugin('one', { Query: { greeting: () => 'x' } })], { reuse: true });
    assert.notEqual(other.schema, a.schema);
    assert.deepEqual(await ask(other.schema, '{ greeting }'), { greeting: 'x' });
  });

  it('re-points reused resolvers at the current plugin instances (SDL and type-graphql)', async () => {
    const kept = new KeptCompositions();
    const first = await kept.compose(BASE, [sdlPlugin('old'), typeGraphQLPlugin('old')], { reuse: true });
    assert.deepEqual(await ask(first.schema, '{ greeting maker }'), {
      greeting: 'hello from old',
      maker: 'old',
    });
    // Deactivated and reactivated: new instances, same classes and typeDefs.
    const again = await kept.compose(BASE, [sdlPlugin('new'), typeGraphQLPlugin('new')], { reuse: true });
    assert.equal(again.schema, first.schema);
    assert.deepEqual(await ask(again.schema, '{ greeting maker }'), {
      greeting: 'hello from new',
      maker: 'new',
    });
  });

  it('never keeps or hands back a result that may be written into (reuse: false), nor a fresh one', async () => {
    const kept = new KeptCompositions();
    const writable = await kept.compose(BASE, [sdlPlugin('one')], { reuse: false });
    const query = writable.schema.getQueryType();
    assert.ok(isObjectType(query));
    query.getFields().greeting!.deprecationReason = 'graced';
    const reused = await kept.compose(BASE, [sdlPlugin('one')], { reuse: true });
    assert.notEqual(reused.schema, writable.schema);
    assert.doesNotMatch(printSchema(reused.schema), /graced/);
    const fresh = await kept.compose(BASE, [sdlPlugin('one')], { reuse: false, fresh: true });
    assert.notEqual(fresh.schema, reused.schema);
    assert.equal(printSchema(fresh.schema), printSchema(reused.schema));
    assert.equal((await kept.compose(BASE, [sdlPlugin('one')], { reuse: true })).schema, reused.schema);
  });
});
