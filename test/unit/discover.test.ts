// Discovery against directories this test writes (no plugin is imported): which files and folders
// of a plugin folder become candidates, package.json entry rules, npm packages that declare
// `partgraph.plugin`, compiled built-ins, TypeScript plugins mapped to dist/, and the discovery
// errors for what cannot be imported. Most trees live under os.tmpdir(); the TypeScript and
// "stale build output" cases need a tree inside the project (.test-data/, ignored by git) and
// its compiled twin under dist/; both are removed afterwards.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  compiledPathOf,
  scanCompiled,
  scanFolder,
  scanPackages,
  type DiscoveryResult,
} from '../../src/plugin/registry/discover.js';
import { DIST_ROOT, SERVER_ROOT } from '../../src/plugin/registry/paths.js';

/** Writes files (path → content; a path ending in / is a folder) under root. */
async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    if (rel.endsWith('/')) {
      await mkdir(full, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

const empty = (): DiscoveryResult => ({ candidates: [], errors: [] });
const json = (v: unknown) => JSON.stringify(v);

describe('plugin discovery', () => {
  let tmp: string;
  const inProject: string[] = [];

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'partgraph-discover-'));
  });

  after(async () => {
    await rm(tmp, { recursive: true, force: true });
    for (const dir of inProject) await rm(dir, { recursive: true, force: true });
    await rmdir(path.join(DIST_ROOT, '.test-data')).catch(() => undefined); // only when empty
  });

  /** A fresh folder inside the project and its compiled twin under dist/. */
  async function projectDirs(): Promise<{ src: string; dist: string }> {
    await mkdir(path.join(SERVER_ROOT, '.test-data'), { recursive: true });
    const src = await mkdtemp(path.join(SERVER_ROOT, '.test-data', 'unit-discover-'));
    const dist = path.join(DIST_ROOT, path.relative(SERVER_ROOT, src));
    inProject.push(src, dist);
    await mkdir(dist, { recursive: true });
    return { src, dist };
  }

  describe('compiledPathOf', () => {
    it('maps a TypeScript file inside the project to its compiled file under dist/', () => {
      assert.equal(
        compiledPathOf(path.join(SERVER_ROOT, 'plugins', 'x', 'index.ts')),
        path.join(DIST_ROOT, 'plugins', 'x', 'index.js'),
      );
      assert.equal(
        compiledPathOf(path.join(SERVER_ROOT, 'plugins', 'y.mts')),
        path.join(DIST_ROOT, 'plugins', 'y.mjs'),
      );
    });

    it('gives null for a file outside the project', () => {
      assert.equal(compiledPathOf(path.join(path.dirname(SERVER_ROOT), 'elsewhere', 'p.ts')), null);
      assert.equal(compiledPathOf(path.join(os.tmpdir(), 'p.ts')), null);
    });
  });

  describe('scanFolder', () => {
    it('finds plugin files and folders in name order, skipping hidden files, node_modules and non-plugins', async () => {
      const dir = path.join(tmp, 'folder');
      await tree(dir, {
        'b.mjs': '',
        'a.js': '',
        'c.d.ts': '',
        'notes.md': '',
        '.hidden.js': '',
        'node_modules/dep/index.js': '',
        'with-main/package.json': json({ main: 'lib/entry.js' }),
        'with-main/lib/entry.js': '',
        'with-index/index.mjs': '',
        'declared/package.json': json({ main: 'ignored.js', partgraph: { plugin: ['one.js', './sub/two.js'] } }),
        'declared/one.js': '',
        'declared/sub/two.js': '',
      });
      const out = empty();
      await scanFolder(dir, 'folder', out);
      assert.deepEqual(out.errors, []);
      const at = (p: string) => path.join(dir, p);
      assert.deepEqual(out.candidates, [
        { source: 'folder', path: at('a.js'), entry: at('a.js'), packageName: null },
        { source: 'folder', path: at('b.mjs'), entry: at('b.mjs'), packageName: null },
        { source: 'folder', path: at('declared'), entry: at('declared/one.js'), packageName: null },
        { source: 'folder', path: at('declared'), entry: at('declared/sub/two.js'), packageName: null },
        { source: 'folder', path: at('with-index'), entry: at('with-index/index.mjs'), packageName: null },
        { source: 'folder', path: at('with-main'), entry: at('with-main/lib/entry.js'), packageName: null },
      ]);
    });

    it('reports folders without an entry, missing entry files and TypeScript outside the project', async () => {
      const dir = path.join(tmp, 'broken');
      await tree(dir, {
        'empty/': '',
        'missing-main/package.json': json({ main: 'nope.js' }),
        'outside.ts': '',
      });
      const out = empty();
      await scanFolder(dir, 'folder', out);
      assert.deepEqual(out.candidates, []);
      const at = (p: string) => path.join(dir, p);
      assert.deepEqual(out.errors, [
        {
          key: null,
          path: at('empty'),
          stage: 'discovery',
          message: `plugin folder ${at('empty')} has no entry file (package.json "partgraph.plugin" or "main", or index.js)`,
        },
        {
          key: null,
          path: at('missing-main'),
          stage: 'discovery',
          message: `entry file ${at('missing-main/nope.js')} does not exist`,
        },
        {
          key: null,
          path: at('outside.ts'),
          stage: 'discovery',
          message: `TypeScript plugin ${at('outside.ts')} is outside the project, so the build does not compile it; ship compiled JavaScript instead`,
        },
      ]);
    });

    it('finds nothing (and no error) in a folder that does not exist', async () => {
      const out = empty();
      await scanFolder(path.join(tmp, 'absent'), 'folder', out);
      assert.deepEqual(out, empty());
    });

    it('imports a TypeScript plugin inside the project from dist/, once it is compiled', async () => {
      const { src, dist } = await projectDirs();
      await tree(src, { 'p.ts': '', 'folder-ts/index.ts': '' });
      const before = empty();
      await scanFolder(src, 'folder', before);
      assert.deepEqual(before.candidates, []);
      assert.deepEqual(
        before.errors.map((e) => [e.path, e.message]),
        [
          [
            path.join(src, 'folder-ts'),
            `TypeScript plugin ${path.join(src, 'folder-ts/index.ts')} is not compiled yet (expected ${path.join(dist, 'folder-ts/index.js')}); run \`npm run build\``,
          ],
          [
            path.join(src, 'p.ts'),
            `TypeScript plugin ${path.join(src, 'p.ts')} is not compiled yet (expected ${path.join(dist, 'p.js')}); run \`npm run build\``,
          ],
        ],
      );
      await tree(dist, { 'p.js': '', 'folder-ts/index.js': '' });
      const compiled = empty();
      await scanFolder(src, 'folder', compiled);
      assert.deepEqual(compiled.errors, []);
      assert.deepEqual(compiled.candidates, [
        {
          source: 'folder',
          path: path.join(src, 'folder-ts'),
          entry: path.join(dist, 'folder-ts/index.js'),
          packageName: null,
        },
        { source: 'folder', path: path.join(src, 'p.ts'), entry: path.join(dist, 'p.js'), packageName: null },
      ]);
    });
  });

  describe('scanPackages', () => {
    it('finds packages (scoped too) that declare partgraph.plugin, with their package name', async () => {
      const nm = path.join(tmp, 'node_modules');
      await tree(nm, {
        '.bin/tool': '',
        '.package-lock.json': '{}',
        'plain/package.json': json({ name: 'plain', main: 'index.js' }),
        'plain/index.js': '',
        'plug/package.json': json({ name: 'partgraph-plugin-plug', partgraph: { plugin: './dist/index.js' } }),
        'plug/dist/index.js': '',
        '@acme/multi/package.json': json({ name: '@acme/multi', partgraph: { plugin: ['a.js', 'b.mjs'] } }),
        '@acme/multi/a.js': '',
        '@acme/multi/b.mjs': '',
        '@acme/other/package.json': json({ name: '@acme/other' }),
        'nameless/package.json': json({ partgraph: { plugin: 'p.js' } }),
        'nameless/p.js': '',
        'bad-json/package.json': '{ nope',
        'no-package-json/index.js': '',
        'missing/package.json': json({ name: 'missing', partgraph: { plugin: './gone.js' } }),
      });
      const out = empty();
      await scanPackages(nm, out);
      const at = (p: string) => path.join(nm, p);
      assert.deepEqual(out.candidates, [
        { source: 'package', path: at('@acme/multi'), entry: at('@acme/multi/a.js'), packageName: '@acme/multi' },
        { source: 'package', path: at('@acme/multi'), entry: at('@acme/multi/b.mjs'), packageName: '@acme/multi' },
        { source: 'package', path: at('nameless'), entry: at('nameless/p.js'), packageName: 'nameless' },
        { source: 'package', path: at('plug'), entry: at('plug/dist/index.js'), packageName: 'partgraph-plugin-plug' },
      ]);
      assert.deepEqual(out.errors, [
        {
          key: null,
          path: at('missing'),
          stage: 'discovery',
          message: `entry file ${at('missing/gone.js')} does not exist`,
        },
      ]);
    });

    it('finds nothing in a node_modules that does not exist', async () => {
      const out = empty();
      await scanPackages(path.join(tmp, 'no-node-modules'), out);
      assert.deepEqual(out, empty());
    });
  });

  describe('scanCompiled', () => {
    it('takes JavaScript files and folders with index.js', async () => {
      const dir = path.join(tmp, 'compiled');
      await tree(dir, { 'a.js': '', 'a.js.map': '', 'b.ts': '', 'c/index.js': '', 'd/other.js': '', '.e.js': '' });
      const out = empty();
      await scanCompiled(dir, 'builtin', out);
      assert.deepEqual(out, {
        candidates: [
          { source: 'builtin', path: path.join(dir, 'a.js'), entry: path.join(dir, 'a.js'), packageName: null },
          { source: 'builtin', path: path.join(dir, 'c'), entry: path.join(dir, 'c/index.js'), packageName: null },
        ],
        errors: [],
      });
    });

    it('in a source checkout, names the TypeScript source and skips stale output whose source was deleted', async () => {
      const { src, dist } = await projectDirs();
      await tree(src, { 'kept.ts': '', 'folder/index.ts': '' });
      await tree(dist, { 'kept.js': '', 'stale.js': '', 'folder/index.js': '' });
      const out = empty();
      await scanCompiled(dist, 'sample', out);
      assert.deepEqual(out, {
        candidates: [
          {
            source: 'sample',
            path: path.join(src, 'folder'),
            entry: path.join(dist, 'folder/index.js'),
            packageName: null,
          },
          { source: 'sample', path: path.join(src, 'kept.ts'), entry: path.join(dist, 'kept.js'), packageName: null },
        ],
        errors: [],
      });
    });
  });
});
