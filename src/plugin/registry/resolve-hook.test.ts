// versionedRelative: a versioned plugin module's relative imports carry the imported file's mtime
// (so an upgraded helper is imported again), never the server's own code or unversioned imports.
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { versionedRelative } from './resolve-hook.js';

describe('versionedRelative', () => {
  it('versions relative imports of versioned plugin modules by the imported file mtime only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'partgraph-resolve-'));
    try {
      const helper = path.join(dir, 'schema.js');
      await writeFile(helper, 'export {};\n');
      const at = new Date('2026-01-02T03:04:05Z');
      await utimes(helper, at, at);
      const url = pathToFileURL(helper).href;
      const parent = `${pathToFileURL(path.join(dir, 'index.js')).href}?v=123`;
      assert.equal(versionedRelative('./schema.js', parent, url, []), `${url}?v=${at.getTime()}`);
      // Unversioned importer, bare specifier, or the server's own code: unchanged.
      assert.equal(versionedRelative('./schema.js', parent.replace('?v=123', ''), url, []), url);
      assert.equal(versionedRelative('schema', parent, url, []), url);
      assert.equal(versionedRelative('./schema.js', parent, url, [pathToFileURL(`${dir}/`).href]), url);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
