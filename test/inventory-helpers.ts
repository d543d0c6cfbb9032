// Shared by the inventory tests: result assertions and small creators over the GraphQL API.
import assert from 'node:assert/strict';
import type { GqlResult, TestServer } from './support/server.js';

/** Asserts the request succeeded and returns its data. */
export function ok<T = Record<string, any>>(r: GqlResult<T>): T {
  assert.equal(r.errors, undefined, `unexpected errors: ${JSON.stringify(r.errors)}`);
  assert.ok(r.data, 'no data');
  return r.data;
}

/** Asserts BAD_USER_INPUT naming `field`; returns the message. */
export function badInput(r: GqlResult, field: string): string {
  const e = r.errors?.[0];
  assert.ok(e, `expected a BAD_USER_INPUT error on ${field}, got data ${JSON.stringify(r.data)}`);
  assert.equal(e.extensions?.code, 'BAD_USER_INPUT', `expected BAD_USER_INPUT, got ${JSON.stringify(e)}`);
  assert.equal(e.extensions?.field, field, `expected field ${field}: ${e.message}`);
  return e.message;
}

export function errorCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

export interface Node {
  id: string;
  name: string;
  path: string;
}

const NODE = 'id name path';

export async function mkCategory(s: TestServer, name: string, parent?: string, token = s.adminToken): Promise<Node> {
  const r = await s.gql(
    `mutation($i: CreatePartCategoryInput!) { createPartCategory(input: $i) { ${NODE} } }`,
    { i: { name, parent } },
    token,
  );
  return ok(r).createPartCategory;
}

export async function mkLocation(s: TestServer, name: string, parent?: string, token = s.adminToken): Promise<Node> {
  const r = await s.gql(
    `mutation($i: CreateStockLocationInput!) { createStockLocation(input: $i) { ${NODE} } }`,
    { i: { name, parent } },
    token,
  );
  return ok(r).createStockLocation;
}

export async function mkPart(
  s: TestServer,
  input: Record<string, unknown>,
  token = s.adminToken,
): Promise<{ id: string; name: string }> {
  const r = await s.gql('mutation($i: CreatePartInput!) { createPart(input: $i) { id name } }', { i: input }, token);
  return ok(r).createPart;
}

export async function mkItem(
  s: TestServer,
  input: Record<string, unknown>,
  token = s.adminToken,
): Promise<{ id: string }> {
  const r = await s.gql(
    'mutation($i: CreateStockItemInput!) { createStockItem(input: $i) { id } }',
    { i: input },
    token,
  );
  return ok(r).createStockItem;
}

/** Creates many stock items in one request (aliased mutations run one after another). */
export async function mkItems(
  s: TestServer,
  inputs: Array<Record<string, unknown>>,
  token = s.adminToken,
): Promise<void> {
  const vars = inputs.map((_, i) => `$i${i}: CreateStockItemInput!`).join(', ');
  const fields = inputs.map((_, i) => `a${i}: createStockItem(input: $i${i}) { id }`).join(' ');
  const variables = Object.fromEntries(inputs.map((input, i) => [`i${i}`, input]));
  ok(await s.gql(`mutation(${vars}) { ${fields} }`, variables, token));
}
