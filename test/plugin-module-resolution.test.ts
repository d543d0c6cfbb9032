// One copy of graphql and type-graphql (issue 11, item 5): a folder plugin whose own
// node_modules holds graphql and type-graphql (what `npm install ../my-plugin` leaves behind)
// still activates, its type-graphql `threshold` argument builds, and its record names the
// private copies the server did not load.
import assert from 'node:assert/strict';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureDirs, type FixtureDirs } from './plugin-registry-helpers.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('plugin module resolution', () => {
  let s: TestServer;
  let dirs: FixtureDirs;

  before(async () => {
    dirs = await fixtureDirs('plugins-own-copies');
    const own = path.join(dirs.plugins, 'threshold', 'node_modules');
    for (const name of ['graphql', 'type-graphql'])
      await cp(path.resolve('node_modules', name), path.join(own, name), { recursive: true });
    await cp(path.resolve('node_modules/graphql'), path.join(dirs.plugins, 'broken-copy/node_modules/graphql'), {
      recursive: true,
    });
    // A private `partgraph` (e.g. the SDK installed for its types) whose API files would throw if loaded.
    const fake = path.join(own, 'partgraph');
    await mkdir(fake, { recursive: true });
    await writeFile(
      path.join(fake, 'package.json'),
      JSON.stringify({
        name: 'partgraph',
        type: 'module',
        exports: { './plugin': './x.js', './plugin/mixins': './x.js' },
      }),
    );
    await writeFile(path.join(fake, 'x.js'), "throw new Error('the private partgraph copy was loaded');\n");
    s = await startTestServer({ env: { PLUGIN_DIR: dirs.plugins, DATA_DIR: path.join(dirs.root, 'data') } });
  });

  after(async () => {
    await s?.stop();
    await dirs?.cleanup();
  });

  it('maps graphql and type-graphql to the server copies although the plugin folder holds its own', async () => {
    const before = await s.gql('{ plugin(key: "threshold") { errors { stage message } warnings } }', {}, s.adminToken);
    assert.equal(before.errors, undefined, JSON.stringify(before.errors));
    assert.deepEqual(before.data!.plugin.errors, []);
    const warnings: string[] = before.data!.plugin.warnings;
    assert.ok(
      warnings.some((w) => w.includes('type-graphql') && w.includes('node_modules/type-graphql')),
      JSON.stringify(warnings),
    );
    assert.ok(
      warnings.some((w) => w.includes('own copy of graphql')),
      JSON.stringify(warnings),
    );
    assert.equal(await s.setPluginActive('threshold', true), true);
    const r = await s.gql('{ doubledThreshold(threshold: 21) }', {}, s.adminToken);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(r.data!.doubledThreshold, 42);
  });

  it('an import failure names the private copies in the plugin folder', async () => {
    const r = await s.gql('{ pluginRegistryStatus { errors { path message } } }', {}, s.adminToken);
    const error = r.data!.pluginRegistryStatus.errors.find((e: { path: string }) => e.path.endsWith('broken-copy'));
    assert.ok(error, JSON.stringify(r.data));
    assert.match(error.message, /broken plugin with its own graphql/);
    assert.match(error.message, /own copy of graphql at node_modules\/graphql/);
    assert.match(error.message, /npm pack/);
  });
});
