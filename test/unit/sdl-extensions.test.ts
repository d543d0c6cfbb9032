// SDL contributions on their own: what analyzeSdl reads from a plugin's typeDefs (defined types,
// field and extension coordinates) and refuses (root definitions, non-type definitions, syntax
// errors), and how extendWithSdl merges several plugins' documents into a schema.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, GraphQLError, printSchema } from 'graphql';
import { analyzeSdl, extendWithSdl, SdlProblem } from '../../src/plugin/composition/sdl-extensions.js';

describe('analyzeSdl', () => {
  it('lists defined types of every kind, their fields, and the fields added by extensions', () => {
    const a = analyzeSdl(`
      type Thing implements Named { id: ID! name: String }
      interface Named { name: String }
      input ThingFilter { name: String }
      enum Color { RED GREEN }
      union Any = Thing
      scalar Money
      directive @tag(name: String) on FIELD_DEFINITION
      extend type Query { things(filter: ThingFilter): [Thing!]! thing: Thing }
      extend type Part { color: Color }
      extend input PartFilter { color: Color }
    `);
    assert.deepEqual(a.typeNames, ['Thing', 'Named', 'ThingFilter', 'Color', 'Any', 'Money']);
    assert.deepEqual(a.fieldCoords, [
      'Thing.id',
      'Thing.name',
      'Named.name',
      'ThingFilter.name',
      'Query.things',
      'Query.thing',
      'Part.color',
      'PartFilter.color',
    ]);
    assert.deepEqual(a.extensionCoords, ['Query.things', 'Query.thing', 'Part.color', 'PartFilter.color']);
    assert.equal(a.doc.definitions.length, 10);
  });

  it('gives empty lists for typeDefs with only a directive definition', () => {
    const a = analyzeSdl('directive @audit on FIELD_DEFINITION');
    assert.deepEqual([a.typeNames, a.fieldCoords, a.extensionCoords], [[], [], []]);
  });

  for (const root of ['Query', 'Mutation', 'Subscription']) {
    it(`refuses 'type ${root}' and says to extend it instead`, () => {
      assert.throws(
        () => analyzeSdl(`type ${root} { x: Int }`),
        (e: unknown) => {
          assert.ok(e instanceof SdlProblem);
          assert.equal(e.message, `typeDefs define 'type ${root}': add root fields with 'extend type ${root} { ... }'`);
          return true;
        },
      );
    });
  }

  it('refuses definitions that are not types or type extensions', () => {
    for (const [typeDefs, kind] of [
      ['schema { query: Thing } type Thing { a: Int }', 'SchemaDefinition'],
      ['extend schema @tag', 'SchemaExtension'],
      ['query Q { a }', 'OperationDefinition'],
      ['fragment F on Thing { a }', 'FragmentDefinition'],
    ]) {
      assert.throws(
        () => analyzeSdl(typeDefs!),
        { message: `typeDefs may only define and extend types (found ${kind})` },
        typeDefs,
      );
      assert.throws(() => analyzeSdl(typeDefs!), SdlProblem);
    }
  });

  it('refuses typeDefs that do not parse, quoting the parser', () => {
    assert.throws(
      () => analyzeSdl('type Thing { id: }'),
      (e: unknown) => {
        assert.ok(e instanceof SdlProblem);
        assert.match(e.message, /^typeDefs do not parse: Syntax Error: Expected Name, found "}"\./);
        return true;
      },
    );
    assert.throws(() => analyzeSdl(''), SdlProblem, 'an empty document does not parse either');
  });
});

describe('extendWithSdl', () => {
  const base = buildSchema('type Query { ping: String } type Part { name: String }');
  const doc = (sdl: string) => analyzeSdl(sdl).doc;

  it('returns the schema unchanged when there is nothing to add', () => {
    assert.equal(extendWithSdl(base, []), base);
  });

  it('adds the documents of several plugins at once', () => {
    const s = extendWithSdl(base, [
      doc('type Thing { id: ID! } extend type Query { things: [Thing] }'),
      doc('extend type Part { color: String }'),
    ]);
    assert.deepEqual(Object.keys(s.getQueryType()!.getFields()), ['ping', 'things']);
    assert.ok(s.getType('Thing'));
    assert.match(printSchema(s), /type Part \{\n {2}name: String\n {2}color: String\n\}/);
  });

  it('creates a root type the schema lacks from every extension of it, and registers it as the root', () => {
    const s = extendWithSdl(base, [
      doc('extend type Subscription { a: Int }'),
      doc('extend type Subscription { b: Int } extend type Mutation { m: Int }'),
    ]);
    assert.deepEqual(Object.keys(s.getSubscriptionType()!.getFields()), ['a', 'b']);
    assert.deepEqual(Object.keys(s.getMutationType()!.getFields()), ['m']);
    assert.match(printSchema(s), /type Subscription \{\n {2}a: Int\n {2}b: Int\n\}/);
  });

  it('throws when the documents do not fit the schema', () => {
    assert.throws(() => extendWithSdl(base, [doc('extend type Query { broken: Missing }')]), /Unknown type "Missing"/);
    assert.throws(() => extendWithSdl(base, [doc('extend type Nowhere { x: Int }')]), /Nowhere/);
    assert.throws(() => extendWithSdl(base, [doc('type A { x: Int }'), doc('type A { y: Int }')]), /"A"/);
    // Valid SDL that makes an invalid schema (an object with no fields) fails validation.
    assert.throws(
      () => extendWithSdl(base, [doc('type Empty extend type Query { e: Empty }')]),
      (e: unknown) => {
        assert.ok(e instanceof GraphQLError);
        assert.match(e.message, /Type Empty must define one or more fields/);
        return true;
      },
    );
  });
});
