// Schema composition without a server: a tiny type-graphql base plus plugin contributions defined
// here (type-graphql classes and SDL). Covers what composeSchema promises: contributions are
// served and attributed, conflicts reject the later plugin (naming the earlier one), a build
// failure is narrowed down to the plugins that cause it, and the printed SDL depends only on the
// contributions in the order given (the planner always gives key order).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GraphQLFloat,
  GraphQLInt,
  GraphQLScalarType,
  graphql,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  attributionNote,
  composeSchema,
  type ComposeResult,
  type SchemaContribution,
} from '../../src/plugin/composition/compose.js';
import { TypeGraphQLBuilds } from '../../src/plugin/composition/type-graphql-part.js';
import { InvenTreePlugin } from '../../src/plugin/plugin.js';
import { schemaHash } from '../../src/server/schema-holder.js';

// The base ("core") schema.

@ObjectType({ description: 'A core type.' })
class Widget {
  @Field(() => String)
  name!: string;
}

@Resolver()
class BaseResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }

  @Query(() => Widget)
  widget(): Widget {
    return { name: 'w1' };
  }
}

const BASE = [BaseResolver];

// type-graphql contributions.

class GadgetPlugin extends InvenTreePlugin {
  static override NAME = 'Gadget Maker';
}

@ObjectType()
class GadgetPart {
  @Field(() => Int)
  size!: number;
}

@ObjectType({ description: 'A gadget.' })
class Gadget {
  @Field(() => String)
  label!: string;

  @Field(() => GadgetPart)
  part!: GadgetPart;
}

@Resolver()
class GadgetResolver {
  constructor(private readonly plugin: InvenTreePlugin) {}

  @Query(() => Gadget)
  gadget(): Gadget {
    return { label: `made by ${this.plugin.name}`, part: { size: 3 } };
  }
}

@Resolver(() => Widget)
class WidgetExtraResolver {
  @FieldResolver(() => String)
  extra(@Root() w: Widget): string {
    return `${w.name}+extra`;
  }
}

/** Claims Query.gadget again (and adds Query.gadgetCount, which must not be served when rejected). */
@Resolver()
class GadgetAgainResolver {
  @Query(() => String)
  gadget(): string {
    return 'second';
  }

  @Query(() => Int)
  gadgetCount(): number {
    return 2;
  }
}

/** Claims a root field the base already has. */
@Resolver()
class PingAgainResolver {
  @Query(() => String)
  ping(): string {
    return 'again';
  }
}

class Plain {}

/** A field resolver on a class type-graphql does not know as an object type. */
@Resolver(() => Plain)
class PlainFieldResolver {
  @FieldResolver(() => String)
  odd(@Root() _p: Plain): string {
    return 'odd';
  }
}

// Two different classes with the same GraphQL name: passes the checks, fails the build.
@ObjectType('Dup')
class DupA {
  @Field(() => String)
  a!: string;
}

@ObjectType('Dup')
class DupB {
  @Field(() => Int)
  b!: number;
}

@Resolver()
class DupAResolver {
  @Query(() => DupA)
  dupA(): DupA {
    return { a: 'a' };
  }
}

@Resolver()
class DupBResolver {
  @Query(() => DupB)
  dupB(): DupB {
    return { b: 1 };
  }
}

/** A scalar instance shared by every build (like the ones graphql-scalars exports). */
const Money = new GraphQLScalarType({ name: 'Money', description: 'An amount of money.', serialize: (v) => v });

@Resolver()
class MoneyResolver {
  @Query(() => Money)
  price(): number {
    return 5;
  }

  @Query(() => Int)
  count(): number {
    return 1;
  }
}

function contribution(pluginKey: string, parts: Partial<Omit<SchemaContribution, 'pluginKey'>>): SchemaContribution {
  return { pluginKey, plugin: new GadgetPlugin(), resolvers: [], types: [], typeDefs: '', resolverMap: {}, ...parts };
}

const gadgets = (key = 'gadgets') => contribution(key, { resolvers: [GadgetResolver, WidgetExtraResolver] });
const things = (key = 'things') =>
  contribution(key, {
    typeDefs:
      '"""A thing."""\ntype Thing { id: ID! }\nextend type Query { things: [Thing!]! }\nextend type Widget { size: Int }',
    resolverMap: {
      Query: { things: () => [{ id: '1' }, { id: '2' }] },
      Widget: { size: (w) => (w as Widget).name.length },
    },
  });
const sdl = (key: string, typeDefs: string, resolverMap: SchemaContribution['resolverMap'] = {}) =>
  contribution(key, { typeDefs, resolverMap });

// One set of kept builds for every test, as a registry has (the type-graphql part is reused).
const builds = new TypeGraphQLBuilds();
const compose = (contributions: SchemaContribution[], kept = builds) =>
  composeSchema(contributions, { baseResolvers: BASE, builds: kept });

function field(schema: GraphQLSchema, coord: string): GraphQLField<unknown, unknown> | undefined {
  const [typeName, name] = coord.split('.') as [string, string];
  const t = schema.getType(typeName);
  return t && isObjectType(t) ? t.getFields()[name] : undefined;
}

async function run(schema: GraphQLSchema, source: string): Promise<unknown> {
  const r = await graphql({ schema, source });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return JSON.parse(JSON.stringify(r.data));
}

function served(r: ComposeResult): string[] {
  return [...r.attribution.keys()];
}

describe('composeSchema', () => {
  it('serves the base alone when there are no contributions', async () => {
    const r = await compose([]);
    assert.deepEqual(r.rejected, []);
    assert.equal(r.attribution.size, 0);
    assert.deepEqual(Object.keys(r.schema.getQueryType()!.getFields()).sort(), ['ping', 'widget']);
    assert.doesNotMatch(printSchema(r.schema), /Contributed by/);
    assert.ok(r.ms >= 0);
  });

  it('serves type-graphql contributions; plugin resolvers are constructed with their plugin', async () => {
    const r = await compose([gadgets()]);
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(await run(r.schema, '{ gadget { label part { size } } widget { name extra } ping }'), {
      gadget: { label: 'made by Gadget Maker', part: { size: 3 } },
      widget: { name: 'w1', extra: 'w1+extra' },
      ping: 'pong',
    });
  });

  it('serves SDL contributions with their resolver map', async () => {
    const r = await compose([things()]);
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(await run(r.schema, '{ things { id } widget { size } }'), {
      things: [{ id: '1' }, { id: '2' }],
      widget: { size: 2 },
    });
  });

  it('creates a root type the base lacks, merging every plugin that extends it', async () => {
    const r = await compose([
      sdl('m1', 'extend type Mutation { first: Int }', { Mutation: { first: () => 1 } }),
      sdl('m2', 'extend type Mutation { second: Int }', { Mutation: { second: () => 2 } }),
    ]);
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(Object.keys(r.schema.getMutationType()!.getFields()), ['first', 'second']);
    const out = await graphql({ schema: r.schema, source: 'mutation { first second }' });
    assert.deepEqual(JSON.parse(JSON.stringify(out)), { data: { first: 1, second: 2 } });
  });

  it('attributes every contributed type and field, in its description and in the returned map', async () => {
    const r = await compose([gadgets(), things()]);
    assert.deepEqual(served(r), ['gadgets', 'things']);
    // Types reachable only through a contributed field (GadgetPart) count as contributed.
    assert.deepEqual(r.attribution.get('gadgets'), ['Gadget', 'GadgetPart', 'Query.gadget', 'Widget.extra']);
    assert.deepEqual(r.attribution.get('things'), ['Query.things', 'Thing', 'Widget.size']);
    const g = attributionNote('gadgets');
    const t = attributionNote('things');
    assert.equal(g, 'Contributed by plugin "gadgets".');
    assert.equal(r.schema.getType('Gadget')!.description, `A gadget.\n\n${g}`);
    assert.equal(r.schema.getType('GadgetPart')!.description, g);
    assert.equal(field(r.schema, 'Query.gadget')!.description, g);
    assert.equal(field(r.schema, 'Widget.extra')!.description, g);
    assert.equal(r.schema.getType('Thing')!.description, `A thing.\n\n${t}`);
    assert.equal(field(r.schema, 'Query.things')!.description, t);
    assert.equal(field(r.schema, 'Widget.size')!.description, t);
    // The base is not attributed to anyone.
    assert.equal(r.schema.getType('Widget')!.description, 'A core type.');
    assert.equal(field(r.schema, 'Widget.name')!.description, undefined);
    assert.equal(field(r.schema, 'Query.ping')!.description, undefined);
    assert.match(printSchema(r.schema), /"""Contributed by plugin "gadgets"\."""\n\s*gadget: Gadget!/);
  });

  it('attributes the types an orphaned GRAPHQL_TYPES class brings with it', async () => {
    const r = await compose([contribution('a-types', { types: [Gadget] })]);
    assert.ok(r.schema.getType('GadgetPart'));
    assert.deepEqual(r.attribution.get('a-types'), ['Gadget', 'GadgetPart']);
    assert.equal(r.schema.getType('GadgetPart')!.description, attributionNote('a-types'));
  });

  it('never writes attribution onto shared scalar instances (built-in or imported), so repeated compositions print the same SDL', async () => {
    // The base uses only String; Int, Float and Money are reached only through plugin fields.
    const intNote = GraphQLInt.description;
    const floatNote = GraphQLFloat.description;
    const money = () => contribution('money', { resolvers: [MoneyResolver] });
    const ratio = () => sdl('ratio', 'extend type Query { ratio: Float }');
    // The served schema is always a copy of the (cached) type-graphql build: copySchema without SDL
    // contributions, extendSchema with them; the shared instance itself must stay untouched.
    const alone = await compose([money()]);
    assert.notEqual(alone.schema.getType('Money'), Money);
    assert.equal(alone.schema.getType('Money')!.description, 'An amount of money.');
    for (const set of [() => [money()], () => [money(), ratio()]]) {
      const hashes = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const r = await compose(set());
        assert.deepEqual(r.rejected, []);
        assert.deepEqual(r.attribution.get('money'), ['Query.count', 'Query.price']);
        hashes.add(schemaHash(printSchema(r.schema)));
      }
      assert.equal(hashes.size, 1);
    }
    assert.deepEqual((await compose([money(), ratio()])).attribution.get('ratio'), ['Query.ratio']);
    assert.equal(Money.description, 'An amount of money.');
    assert.equal(GraphQLInt.description, intNote);
    assert.equal(GraphQLFloat.description, floatNote);
  });

  describe('conflicts', () => {
    it('rejects a root field claimed twice: the later plugin in the given order, naming the first', async () => {
      const r = await compose([gadgets(), contribution('gadget-again', { resolvers: [GadgetAgainResolver] })]);
      assert.deepEqual(r.rejected, [
        {
          pluginKey: 'gadget-again',
          message: 'schema conflict: Query.gadget is already contributed by plugin "gadgets"',
        },
      ]);
      assert.deepEqual(served(r), ['gadgets']);
      assert.equal(String(field(r.schema, 'Query.gadget')!.type), 'Gadget!');
      assert.equal(field(r.schema, 'Query.gadgetCount'), undefined, 'nothing of the rejected plugin is served');
    });

    it('shares claims between type-graphql and SDL contributions', async () => {
      const r = await compose([
        gadgets(),
        sdl('sdl-gadget', 'extend type Query { gadget: String }'),
        things(),
        sdl('sdl-size', 'extend type Widget { size: Int }'),
      ]);
      assert.deepEqual(r.rejected, [
        {
          pluginKey: 'sdl-gadget',
          message: 'schema conflict: Query.gadget is already contributed by plugin "gadgets"',
        },
        { pluginKey: 'sdl-size', message: 'schema conflict: Widget.size is already contributed by plugin "things"' },
      ]);
      assert.deepEqual(served(r), ['gadgets', 'things']);
    });

    it('rejects a type name defined twice, naming the first plugin', async () => {
      const r = await compose([
        things(),
        sdl('things-again', 'type Thing { name: String } extend type Query { otherThings: [Thing] }'),
      ]);
      assert.deepEqual(r.rejected, [
        {
          pluginKey: 'things-again',
          message: 'schema conflict: type "Thing" is already contributed by plugin "things"',
        },
      ]);
      assert.equal(field(r.schema, 'Query.otherThings'), undefined);
    });

    it('counts GRAPHQL_TYPES of type-graphql plugins as defined type names', async () => {
      const r = await compose([contribution('a-types', { types: [Gadget] }), sdl('b-sdl', 'type Gadget { x: Int }')]);
      assert.deepEqual(r.rejected, [
        { pluginKey: 'b-sdl', message: 'schema conflict: type "Gadget" is already contributed by plugin "a-types"' },
      ]);
      assert.ok(r.schema.getType('Gadget'), 'an orphaned type is served');
      assert.ok(r.attribution.get('a-types')!.includes('Gadget'));
    });

    it('rejects fields and types the base already has', async () => {
      const r = await compose([
        contribution('ping-again', { resolvers: [PingAgainResolver] }),
        sdl('name-again', 'extend type Widget { name: String }'),
        sdl('widget-again', 'type Widget { x: Int }'),
      ]);
      assert.deepEqual(r.rejected, [
        { pluginKey: 'ping-again', message: 'schema conflict: Query.ping already exists in the core schema' },
        { pluginKey: 'name-again', message: 'schema conflict: Widget.name already exists in the core schema' },
        { pluginKey: 'widget-again', message: 'schema conflict: type "Widget" already exists in the core schema' },
      ]);
      assert.equal(r.attribution.size, 0);
      assert.equal(printSchema(r.schema), printSchema((await compose([])).schema));
    });

    it('rejects a plugin that defines a field twice itself', async () => {
      const r = await compose([sdl('twice', 'extend type Query { a: Int } extend type Query { a: Int }')]);
      assert.deepEqual(r.rejected, [
        { pluginKey: 'twice', message: 'schema conflict: Query.a is defined twice by this plugin' },
      ]);
    });

    it('rejects a resolver map entry for a field the typeDefs do not define', async () => {
      const r = await compose([sdl('stray', 'extend type Query { a: Int }', { Query: { a: () => 1, b: () => 2 } })]);
      assert.deepEqual(r.rejected, [
        {
          pluginKey: 'stray',
          message: 'schema conflict: GRAPHQL_RESOLVER_MAP.Query.b resolves a field its GRAPHQL_TYPEDEFS do not define',
        },
      ]);
    });

    it('rejects typeDefs that do not parse', async () => {
      const r = await compose([sdl('garbled', 'extend type Query { a: }')]);
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0]!.pluginKey, 'garbled');
      assert.match(r.rejected[0]!.message, /^schema conflict: typeDefs do not parse: Syntax Error/);
    });

    it('rejects a field resolver whose class is not a GraphQL object type', async () => {
      const r = await compose([contribution('plain', { resolvers: [PlainFieldResolver] }), gadgets()]);
      assert.deepEqual(r.rejected, [
        {
          pluginKey: 'plain',
          message:
            'schema conflict: field resolver "odd" in PlainFieldResolver targets a class that is not a GraphQL object type',
        },
      ]);
      assert.deepEqual(served(r), ['gadgets']);
    });
  });

  describe('when the single build fails', () => {
    it('adds plugins one at a time and rejects only the ones that break it', async () => {
      const r = await compose([
        gadgets('a-gadgets'),
        sdl('b-broken', 'extend type Query { broken: Missing }'),
        things('c-things'),
      ]);
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0]!.pluginKey, 'b-broken');
      assert.match(r.rejected[0]!.message, /^schema build failed with this plugin: .*Missing/);
      assert.deepEqual(served(r), ['a-gadgets', 'c-things']);
      assert.deepEqual(await run(r.schema, '{ gadget { label } things { id } }'), {
        gadget: { label: 'made by Gadget Maker' },
        things: [{ id: '1' }, { id: '2' }],
      });
      assert.equal(field(r.schema, 'Query.broken'), undefined);
    });

    it('finds two type-graphql plugins whose different classes share a GraphQL name', async () => {
      const r = await compose([
        contribution('dup-a', { resolvers: [DupAResolver] }),
        contribution('dup-b', { resolvers: [DupBResolver] }),
      ]);
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0]!.pluginKey, 'dup-b');
      assert.match(r.rejected[0]!.message, /^schema build failed with this plugin: .*"Dup"/);
      assert.deepEqual(r.attribution.get('dup-a'), ['Dup', 'Query.dupA']);
    });

    it('finds an SDL type that collides with a type another plugin only returns', async () => {
      // Gadget is not in GRAPHQL_TYPES, so the cheap checks cannot see it; the build does.
      const r = await compose([gadgets('a-gadgets'), sdl('b-gadget-type', 'type Gadget { x: Int }')]);
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0]!.pluginKey, 'b-gadget-type');
      assert.match(r.rejected[0]!.message, /^schema build failed with this plugin: .*Gadget/);
      assert.deepEqual(served(r), ['a-gadgets']);
    });
  });

  describe('reusing the type-graphql build (type-graphql-part.ts)', () => {
    class OtherGadgetPlugin extends InvenTreePlugin {
      static override NAME = 'Other Maker';
    }

    it('serves a new schema each time: the same classes compose to equal SDL, attributed once', async () => {
      for (const set of [() => [gadgets()], () => [gadgets(), things()]]) {
        const a = await compose(set());
        const b = await compose(set());
        assert.notEqual(a.schema, b.schema);
        assert.notEqual(a.schema.getType('Gadget'), b.schema.getType('Gadget'));
        assert.equal(printSchema(b.schema), printSchema(a.schema));
        assert.equal(b.schema.getType('Gadget')!.description, `A gadget.\n\n${attributionNote('gadgets')}`);
      }
    });

    it('what is written into a served schema (a grace deprecation) never reaches a later one', async () => {
      const a = await compose([gadgets()]);
      const gadget = field(a.schema, 'Query.gadget')!;
      gadget.deprecationReason = 'graced';
      gadget.resolve = () => {
        throw new Error('graced');
      };
      const b = await compose([gadgets()]);
      assert.equal(field(b.schema, 'Query.gadget')!.deprecationReason, undefined);
      assert.deepEqual(await run(b.schema, '{ gadget { label } }'), { gadget: { label: 'made by Gadget Maker' } });
    });

    it('hands resolvers the plugin instance of the latest composition (a reactivated plugin is a new instance)', async () => {
      assert.deepEqual(await run((await compose([gadgets()])).schema, '{ gadget { label } }'), {
        gadget: { label: 'made by Gadget Maker' },
      });
      const again = contribution('gadgets', {
        plugin: new OtherGadgetPlugin(),
        resolvers: [GadgetResolver, WidgetExtraResolver],
      });
      assert.deepEqual(await run((await compose([again])).schema, '{ gadget { label } }'), {
        gadget: { label: 'made by Other Maker' },
      });
    });

    it('never hands one registry’s resolvers another’s plugin instances (builds are kept per registry)', async () => {
      const mine = await compose([gadgets()], new TypeGraphQLBuilds());
      const other = contribution('gadgets', { plugin: new OtherGadgetPlugin(), resolvers: [GadgetResolver] });
      assert.deepEqual(await run((await compose([other], new TypeGraphQLBuilds())).schema, '{ gadget { label } }'), {
        gadget: { label: 'made by Other Maker' },
      });
      assert.deepEqual(await run(mine.schema, '{ gadget { label } }'), { gadget: { label: 'made by Gadget Maker' } });
    });

    it('builds afresh without kept builds', async () => {
      const a = await composeSchema([gadgets()], { baseResolvers: BASE });
      const b = await composeSchema([gadgets()], { baseResolvers: BASE });
      assert.equal(printSchema(a.schema), printSchema(b.schema));
      assert.deepEqual(await run(b.schema, '{ gadget { label } }'), { gadget: { label: 'made by Gadget Maker' } });
    });
  });

  describe('determinism', () => {
    it('prints the same SDL (and hash) for the same contributions in key order, whatever was composed before', async () => {
      const set = () => [gadgets(), things(), contribution('types', { types: [DupA] })];
      const first = printSchema((await compose(set())).schema);
      const seen = new Set<string>();
      for (const other of [[], [things()], [gadgets()], [contribution('dup-b', { resolvers: [DupBResolver] })]]) {
        await compose(other);
        seen.add(printSchema((await compose(set())).schema));
      }
      assert.deepEqual([...seen], [first]);
      assert.equal(schemaHash(printSchema((await compose(set())).schema)), schemaHash(first));
    });

    it('leaves nothing behind: the base after composing with a field resolver on a base type is the base before', async () => {
      const before = printSchema((await compose([])).schema);
      const withExtra = printSchema((await compose([gadgets()])).schema);
      assert.match(withExtra, /extra: String!/);
      const after = printSchema((await compose([])).schema);
      assert.equal(after, before);
      assert.doesNotMatch(after, /extra/);
    });

    it('[a,b] and [b,a] serve the same unless they conflict (then the first wins); the planner always passes key order', async () => {
      // Without a conflict both orders serve the same types and fields, with the same attribution. The
      // printed SDL may still differ (fields SDL adds to one type print in the given order), so only
      // the planner's key order makes the SDL and hash depend on the active set alone.
      const hello = () => sdl('hello', 'extend type Query { hello: String }');
      const ab = await compose([gadgets(), hello(), things()]);
      const ba = await compose([things(), hello(), gadgets()]);
      assert.deepEqual(ab.rejected, []);
      assert.deepEqual(ba.rejected, []);
      assert.equal(printSchema(lexicographicSortSchema(ab.schema)), printSchema(lexicographicSortSchema(ba.schema)));
      assert.deepEqual(Object.fromEntries(ab.attribution), Object.fromEntries(ba.attribution));
      // With a conflict, the first in the given order wins.
      const again = () => contribution('gadget-again', { resolvers: [GadgetAgainResolver] });
      const first = await compose([gadgets(), again()]);
      const second = await compose([again(), gadgets()]);
      assert.deepEqual(
        first.rejected.map((x) => x.pluginKey),
        ['gadget-again'],
      );
      assert.deepEqual(second.rejected, [
        {
          pluginKey: 'gadgets',
          message: 'schema conflict: Query.gadget is already contributed by plugin "gadget-again"',
        },
      ]);
      assert.notEqual(printSchema(first.schema), printSchema(second.schema));
    });
  });
});
