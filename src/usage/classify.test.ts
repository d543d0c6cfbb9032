// Unit tests of the preview's classification (pure graphql-js schemas, no server): the four cases
// of issue 15 — a removed field and a removed enum value in use break an operation, a new optional
// argument leaves it unaffected, a changed nullability makes it potentially affected.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, parse } from 'graphql';
import { brokenOperations, classifyOperations } from './classify.js';
import { analyzeDocument } from './coordinates.js';
import { diffSchemas } from './schema-diff.js';
import type { OperationUsageRow } from './store.js';

const BEFORE = buildSchema(`
  enum Color { RED BLUE }
  type Part { name: String! size: Int reorderLevel: Int }
  type Query { parts(color: Color): [Part!]! part(id: ID!): Part }
`);

function op(text: string): OperationUsageRow {
  const usage = analyzeDocument(BEFORE, parse(text));
  return {
    hash: usage.hash,
    operationName: usage.operationName,
    operationType: usage.operationType,
    document: usage.text,
    coordinates: usage.coordinates,
    count: 3,
    firstSeen: new Date(),
    lastSeen: new Date(),
    clients: [{ name: 'mobile', version: '1.0', count: 3, lastSeen: new Date() }],
    roles: ['user'],
  };
}

function classify(afterSdl: string, text: string) {
  const after = buildSchema(afterSdl);
  return classifyOperations([op(text)], BEFORE, after, diffSchemas(BEFORE, after));
}

describe('operation classification', () => {
  it('a removed field breaks the operations that select it, with the validation error', () => {
    const r = classify(
      `enum Color { RED BLUE } type Part { name: String! size: Int } type Query { parts(color: Color): [Part!]! part(id: ID!): Part }`,
      'query Reorder { parts { name reorderLevel } }',
    );
    assert.equal(r.operations.length, 1);
    assert.equal(r.operations[0]!.classification, 'BROKEN');
    assert.match(r.operations[0]!.errors.join(), /reorderLevel/);
    assert.equal(r.operations[0]!.operationName, 'Reorder');
  });

  it('a removed enum value breaks an operation that uses it, not one that uses another value', () => {
    const after = `enum Color { RED } type Part { name: String! size: Int reorderLevel: Int } type Query { parts(color: Color): [Part!]! part(id: ID!): Part }`;
    assert.equal(classify(after, '{ parts(color: BLUE) { name } }').operations[0]!.classification, 'BROKEN');
    const red = classify(after, '{ parts(color: RED) { name } }');
    assert.equal(red.operations.length, 0);
    assert.equal(red.unaffectedCount, 1);
  });

  it('a new optional argument leaves operations on the field unaffected', () => {
    const r = classify(
      `enum Color { RED BLUE } type Part { name: String! size: Int reorderLevel: Int } type Query { parts(color: Color, limit: Int): [Part!]! part(id: ID!): Part }`,
      '{ parts(color: RED) { name size } }',
    );
    assert.deepEqual(r.operations, []);
    assert.equal(r.unaffectedCount, 1);
  });

  it('a changed nullability makes operations that select the field potentially affected', () => {
    const r = classify(
      `enum Color { RED BLUE } type Part { name: String size: Int reorderLevel: Int } type Query { parts(color: Color): [Part!]! part(id: ID!): Part }`,
      '{ part(id: 1) { name } }',
    );
    assert.equal(r.operations[0]!.classification, 'POTENTIALLY_AFFECTED');
    assert.deepEqual(r.operations[0]!.errors, []);
    const other = classify(
      `enum Color { RED BLUE } type Part { name: String size: Int reorderLevel: Int } type Query { parts(color: Color): [Part!]! part(id: ID!): Part }`,
      '{ part(id: 1) { size } }',
    );
    assert.equal(other.unaffectedCount, 1);
  });

  it('diffs by coordinate with breaking flags, and hashes documents by their normalised text', () => {
    const after = buildSchema(
      `enum Color { RED } type Part { name: String size: Int! } type Query { parts(color: Color, limit: Int): [Part!]! part(id: ID!): Part }`,
    );
    const d = diffSchemas(BEFORE, after);
    const by = new Map(d.changes.map((c) => [c.coordinate, c]));
    assert.equal(by.get('Part.reorderLevel')?.change, 'REMOVED');
    assert.equal(by.get('Part.reorderLevel')?.breaking, true);
    assert.equal(by.get('Color.BLUE')?.change, 'REMOVED');
    assert.equal(by.get('Color.BLUE')?.breaking, true);
    assert.equal(by.get('Query.parts(limit:)')?.change, 'ADDED');
    assert.equal(by.get('Query.parts(limit:)')?.breaking, false);
    assert.equal(by.get('Part.name')?.change, 'CHANGED');
    assert.equal(by.get('Part.name')?.breaking, true);
    assert.equal(by.get('Part.size')?.breaking, false);
    const a = analyzeDocument(BEFORE, parse('query   A { parts { name } }'));
    const b = analyzeDocument(BEFORE, parse('query A {\n  parts {\n    name\n  }\n}'));
    assert.equal(a.hash, b.hash);
    assert.deepEqual(a.coordinates, ['Part', 'Part.name', 'Query.parts', 'String']);
    // Literals are hidden: nothing secret is kept, and ids do not multiply operations.
    const one = analyzeDocument(BEFORE, parse('{ part(id: 1) { name } secret: part(id: "s3cr3t") { name } }'));
    const two = analyzeDocument(BEFORE, parse('{ part(id: 2) { name } secret: part(id: "other") { name } }'));
    assert.equal(one.hash, two.hash);
    assert.doesNotMatch(one.text, /s3cr3t|1/);
    assert.match(analyzeDocument(BEFORE, parse('{ parts(color: BLUE) { name } }')).text, /color:BLUE/);
  });

  it("the guard's brokenOperations (no diff) gives exactly classifyOperations' BROKEN verdicts", () => {
    const after = buildSchema(
      `enum Color { RED } type Part { name: String! size: Int! } type Query { parts(color: Color, first: Int): [Part!]! part(id: ID!): Part }`,
    );
    const ops = [
      op('query Reorder { parts { name reorderLevel } }'),
      op('{ parts(color: BLUE) { name } }'),
      op('{ parts(color: RED) { name size } }'),
      op('query One { part(id: "1") { name } }'),
    ];
    const fromDiff = classifyOperations(ops, BEFORE, after, diffSchemas(BEFORE, after)).operations.filter(
      (o) => o.classification === 'BROKEN',
    );
    const quick = brokenOperations(ops, BEFORE, after);
    assert.equal(quick.length, 2);
    assert.deepEqual(quick.map((o) => o.hash).sort(), fromDiff.map((o) => o.hash).sort());
    assert.deepEqual(brokenOperations(ops, BEFORE, BEFORE), []);
  });
});
