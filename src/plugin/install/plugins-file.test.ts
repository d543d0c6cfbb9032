// Unit tests of the plugins file (plugins.txt) format.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { forgetInPluginsFile, parseLine, readPluginsFile, recordInPluginsFile } from './plugins-file.js';

describe('plugins file', () => {
  it('parses name@spec lines, scoped names, tarballs and comments', () => {
    assert.deepEqual(parseLine('partgraph-plugin-a@1.2.3  # pinned'), { name: 'partgraph-plugin-a', spec: '1.2.3' });
    assert.deepEqual(parseLine('@acme/widget@^2'), { name: '@acme/widget', spec: '^2' });
    assert.deepEqual(parseLine('x@file:/srv/x-1.0.0.tgz'), { name: 'x', spec: 'file:/srv/x-1.0.0.tgz' });
    assert.deepEqual(parseLine('bare-name'), { name: 'bare-name', spec: 'latest' });
    assert.equal(parseLine('   # only a comment'), null);
  });

  it('records, replaces and forgets entries', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'partgraph-plugins-file-'));
    const file = path.join(dir, 'plugins.txt');
    try {
      await recordInPluginsFile(file, { name: 'b', spec: '1.0.0' });
      await recordInPluginsFile(file, { name: 'a', spec: 'file:/x.tgz' });
      await recordInPluginsFile(file, { name: 'b', spec: '2.0.0' });
      assert.deepEqual(await readPluginsFile(file), [
        { name: 'a', spec: 'file:/x.tgz' },
        { name: 'b', spec: '2.0.0' },
      ]);
      await forgetInPluginsFile(file, 'a');
      assert.match(await readFile(file, 'utf8'), /^b@2\.0\.0$/m);
      assert.doesNotMatch(await readFile(file, 'utf8'), /^a@/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
