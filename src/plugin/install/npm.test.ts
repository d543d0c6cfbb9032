// Unit tests of how npm is started for plugin installs: flags and the environment it gets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { installFlags, npmCommand, npmEnv } from './npm.js';

describe('plugin install npm', () => {
  it('never installs peers, and disables install scripts unless allowed', () => {
    assert.ok(installFlags(false).includes('--ignore-scripts'));
    assert.ok(installFlags(false).includes('--legacy-peer-deps'));
    assert.ok(!installFlags(true).includes('--ignore-scripts'));
    assert.equal(npmEnv({}, false).npm_config_ignore_scripts, 'true');
    assert.equal(npmEnv({}, true).npm_config_ignore_scripts, 'false');
  });

  it("passes npm its configuration and network settings, not the server's secrets", () => {
    const env = npmEnv(
      {
        PATH: '/bin',
        HOME: '/home/x',
        HTTPS_PROXY: 'http://proxy',
        npm_config_registry: 'http://registry',
        DATABASE_URL: 'postgres://secret',
        ADMIN_PASSWORD: 'secret',
        npm_config_local_prefix: '/srv/partgraph',
      },
      false,
    );
    assert.deepEqual(Object.keys(env).sort(), [
      'HOME',
      'HTTPS_PROXY',
      'PATH',
      'npm_config_ignore_scripts',
      'npm_config_registry',
    ]);
  });

  it('runs the npm that runs the server when started through npm', () => {
    assert.deepEqual(npmCommand({ npm_execpath: '/x/npm-cli.js' }), [process.execPath, ['/x/npm-cli.js']]);
    assert.deepEqual(npmCommand({}), ['npm', []]);
  });
});
