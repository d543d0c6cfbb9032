// The recorder's request path without a database: documents are analysed once, the cap on
// distinct operations drops new documents (not known ones), and client headers are read in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, parse } from 'graphql';
import type { MikroORM } from '../db/orm.js';
import { clientOf, roleOf, UsageRecorder } from './recorder.js';

const schema = buildSchema('type Query { a: Int b: Int c: Int }');
const sighting = (query: string) => ({
  document: parse(query),
  schema,
  source: query,
  clientName: 'mobile',
  clientVersion: '1',
  role: 'user' as const,
});

describe('UsageRecorder', () => {
  it('caps distinct operations: new documents beyond the cap are dropped, known ones still count', () => {
    const r = new UsageRecorder(null as unknown as MikroORM, { flushMs: 1e9, maxOperations: 2, retentionDays: 30 });
    r.record(sighting('{ a }'));
    r.record(sighting('{ b }'));
    assert.equal(r.dropped, 0);
    r.record(sighting('{ c }'));
    assert.equal(r.dropped, 1);
    r.record(sighting('{a}')); // same normalised document as '{ a }'
    assert.equal(r.dropped, 1);
  });

  it('reads the client from Apollo headers, then x-client-*, else "unknown"; the role, never the user', () => {
    const h = (o: Record<string, string>) => ({ get: (n: string) => o[n] });
    assert.deepEqual(clientOf(h({ 'apollographql-client-name': 'app', 'x-client-name': 'x' })), {
      name: 'app',
      version: 'unknown',
    });
    assert.deepEqual(clientOf(h({ 'x-client-name': 'x', 'x-client-version': '2' })), { name: 'x', version: '2' });
    assert.equal(roleOf(null), 'anonymous');
    assert.equal(roleOf({ isStaff: true }), 'staff');
    assert.equal(roleOf({ isStaff: true, isSuperuser: true }), 'superuser');
    assert.equal(roleOf({}), 'user');
  });
});
