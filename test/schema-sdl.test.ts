// schema/schema.graphql must match the core schema the server builds; regenerate with `npm run schema:emit`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { baseSchemaSdl } from '../src/main/modules.js';

it('schema/schema.graphql is up to date (run `npm run schema:emit` after changing the core schema)', async () => {
  const committed = await readFile('schema/schema.graphql', 'utf8');
  const current = await baseSchemaSdl(loadConfig({}));
  assert.equal(committed, current);
});
