// copySchema: the copy prints the same, answers the same, and shares no named type or custom
// directive that composition could write into (descriptions, deprecations, resolvers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildSchema,
  graphql,
  GraphQLString,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  printSchema,
  validateSchema,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { copySchema } from '../../src/graphql/copy-schema.js';

const SDL = `
"""Marks a field for the test."""
directive @tagged(name: String = "x", level: Level) on FIELD_DEFINITION

scalar Money

enum Level {
  LOW
  """The high one."""
  HIGH @deprecated(reason: "no longer")
}

interface Node {
  id: ID!
}

"""A thing."""
type Thing implements Node {
  id: ID!
  price: Money
  level: Level
  tags(first: Int = 2, filter: ThingFilter): [String!]! @tagged(name: "t")
}

type Other implements Node {
  id: ID!
}

union Anything = Thing | Other

input ThingFilter {
  level: Level = LOW
  nested: ThingFilter
}

type Query {
  thing: Thing
  anything: [Anything!]!
  old: String @deprecated(reason: "use thing")
}

type Subscription {
  ticks: Int
}
`;

const RESOLVERS: Record<string, Record<string, GraphQLFieldResolver<unknown, unknown>>> = {
  Query: {
    thing: () => ({ id: '1', price: 5, level: 'HIGH' }),
    anything: () => [{ __typename: 'Other', id: '2' }],
    old: () => 'old',
  },
  Thing: { tags: (_s, args) => Array.from({ length: Number(args.first) }, (_, i) => `t${i}`) },
};

function schema(): GraphQLSchema {
  const built = buildSchema(SDL);
  for (const [typeName, fields] of Object.entries(RESOLVERS)) {
    const type = built.getType(typeName);
    assert.ok(isObjectType(type));
    for (const [name, resolve] of Object.entries(fields)) type.getFields()[name]!.resolve = resolve;
  }
  return built;
}

describe('copySchema', () => {
  it('prints the same SDL and validates', () => {
    const original = schema();
    const copy = copySchema(original);
    assert.equal(printSchema(copy), printSchema(original));
    assert.deepEqual(validateSchema(copy), []);
  });

  it('shares no named type (but graphql’s own) and no custom directive with the original', () => {
    const original = schema();
    const copy = copySchema(original);
    for (const [name, type] of Object.entries(copy.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) assert.equal(type, original.getType(name));
      else assert.notEqual(type, original.getType(name), name);
    }
    assert.notEqual(copy.getDirective('tagged'), original.getDirective('tagged'));
    assert.equal(copy.getDirective('deprecated'), original.getDirective('deprecated'));
    assert.equal(copy.getQueryType(), copy.getType('Query'));
    assert.equal(copy.getSubscriptionType(), copy.getType('Subscription'));
    assert.equal(GraphQLString, copy.getType('String'));
  });

  it('keeps the resolvers, so the copy answers the same', async () => {
    const original = schema();
    const copy = copySchema(original);
    const source = '{ thing { id price level tags(first: 3) } anything { ... on Other { id } } old }';
    const [a, b] = await Promise.all([graphql({ schema: original, source }), graphql({ schema: copy, source })]);
    assert.equal(a.errors, undefined, JSON.stringify(a.errors));
    assert.deepEqual(b, a);
  });

  it('writing into the copy leaves the original as it was', () => {
    const original = schema();
    const before = printSchema(original);
    const copy = copySchema(original);
    const thing = copy.getType('Thing');
    assert.ok(isObjectType(thing));
    thing.description = 'changed';
    thing.getFields().price!.deprecationReason = 'gone';
    thing.getFields().price!.resolve = () => 0;
    assert.equal(printSchema(original), before);
    const originalThing = original.getType('Thing');
    assert.ok(isObjectType(originalThing));
    assert.equal(originalThing.getFields().price!.resolve, undefined);
  });
});
