// Plugin names and mixin lists for `plugins create`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameProblem, namesOf, parseMixins } from './names.js';

test('plugin names: lowercase words with single hyphens, not reserved', () => {
  for (const ok of ['shelf-labels', 'a1', 'stock2-alerts']) assert.equal(nameProblem(ok), null, ok);
  for (const bad of ['', 'Shelf', 'shelf_labels', '-x', 'x-', 'a--b', '1abc', 'x'.repeat(51)])
    assert.ok(nameProblem(bad), bad);
  assert.match(nameProblem('partgraph-core') ?? '', /reserved/);
});

test('identifiers derived from a name', () => {
  assert.deepEqual(namesOf('shelf-labels'), {
    slug: 'shelf-labels',
    pascal: 'ShelfLabels',
    className: 'ShelfLabelsPlugin',
    title: 'Shelf Labels',
    camel: 'shelfLabels',
  });
  assert.equal(namesOf('my-first-plugin').className, 'MyFirstPlugin');
});

test('mixin lists: known names in a fixed order; unknown ones named in the error', () => {
  assert.deepEqual(parseMixins('events, graphql'), ['graphql', 'events']);
  assert.throws(() => parseMixins('graphql,telepathy,x'), /unknown mixin\(s\) "telepathy", "x"/);
});
