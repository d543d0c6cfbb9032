// schema/schema.graphql must match the core schema the server builds; regenerate with `npm run schema:emit`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { coreSdl } from '../src/graphql/sdl.js';

it('schema/schema.graphql is up to date (run `npm run schema:emit` after changing the core schema)', async () => {
  const committed = await readFile('schema/schema.graphql', 'utf8');
  const current = await coreSdl();
  assert.equal(committed, current);
});
