// Composition is deterministic: the served SDL and schemaHash depend only on the active set and the
// switches, never on the order plugins were turned on — the same in a second process on the same
// database, after reloadPlugins and after a restart.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './support/server.js';
import { FIXTURES, waitFor } from './plugin-registry-helpers.js';

// Both extend Query with SDL: the order their extensions are applied in shows in the SDL.
const A = 'sample-sdl-greeter';
const B = 'widget-a';
const ENV = { PLUGIN_TESTING: 'true', PLUGIN_DIR: path.join(FIXTURES, 'plugins-schema') };

describe('deterministic composition', () => {
  let s: TestServer;

  async function toggle(server: TestServer, key: string, active: boolean): Promise<void> {
    assert.equal(await server.setPluginActive(key, active), active);
  }

  const served = (server: TestServer) => ({ hash: server.app.holder.current.hash, sdl: server.app.holder.current.sdl });

  before(async () => {
    s = await startTestServer({ env: ENV, keepDatabase: true });
  });

  after(async () => {
    await s?.stop();
  });

  it('the same active set reached in either order serves the identical SDL and hash', async () => {
    await toggle(s, A, true);
    await toggle(s, B, true);
    const aThenB = served(s);
    assert.match(aThenB.sdl, /sampleGreeting/);
    assert.match(aThenB.sdl, /widgetCount/);
    await toggle(s, A, false);
    await toggle(s, B, false);
    await toggle(s, B, true);
    await toggle(s, A, true);
    const bThenA = served(s);
    assert.equal(bThenA.sdl, aThenB.sdl);
    assert.equal(bThenA.hash, aThenB.hash);
    const r = await s.gql('mutation { reloadPlugins { schemaHash } }', {}, s.adminToken);
    assert.equal(r.data?.reloadPlugins.schemaHash, aThenB.hash, 'reloadPlugins composes the same schema');
  });

  it('a second process on the same database and a restart serve the same hash', async () => {
    const expected = served(s).hash;
    const other = await startTestServer({ env: ENV, databaseUrl: s.databaseUrl, keepDatabase: true });
    try {
      assert.equal(served(other).hash, expected, 'a process started with this active set');
      // Reached by following the first process: turn one off and on again there.
      await toggle(s, A, false);
      await waitFor('the other process to drop A', async () => served(other).hash !== expected);
      await toggle(s, A, true);
      await waitFor('the other process to follow', async () => served(other).hash === expected);
    } finally {
      await other.stop();
    }
    const { databaseUrl } = s;
    await s.stop();
    s = await startTestServer({ env: ENV, databaseUrl });
    assert.equal(served(s).hash, expected, 'after a restart');
  });
});
