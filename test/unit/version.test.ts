// Plugin MIN_VERSION / MAX_VERSION against the server version: inclusive bounds, loose versions
// coerced ("1.2", "v2"), pre-releases of the server counted as their release, and a bound that is
// not a version makes the plugin incompatible with a reason naming the bound.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkVersion } from '../../src/plugin/registry/version.js';
import { SERVER_VERSION } from '../../src/version.js';

const ok = { compatible: true, reason: null };

describe('checkVersion', () => {
  it('accepts a plugin without bounds', () => {
    assert.deepEqual(checkVersion(null, null, '1.4.2'), ok);
  });

  it('treats both bounds as inclusive', () => {
    assert.deepEqual(checkVersion('1.4.2', '1.4.2', '1.4.2'), ok);
    assert.deepEqual(checkVersion('1.0.0', '2.0.0', '1.4.2'), ok);
  });

  it('refuses a server older than MIN_VERSION or newer than MAX_VERSION, quoting the bound as written', () => {
    assert.deepEqual(checkVersion('1.5', null, '1.4.2'), {
      compatible: false,
      reason: 'requires PartGraph >= 1.5 (server is 1.4.2)',
    });
    assert.deepEqual(checkVersion(null, '1.4.1', '1.4.2'), {
      compatible: false,
      reason: 'requires PartGraph <= 1.4.1 (server is 1.4.2)',
    });
    assert.deepEqual(checkVersion('0.1', '1.4', '1.4.2'), {
      compatible: false,
      reason: 'requires PartGraph <= 1.4 (server is 1.4.2)',
    });
  });

  it('coerces loose versions', () => {
    assert.deepEqual(checkVersion('1.4', 'v2', '1.4.0'), ok);
    assert.deepEqual(checkVersion('1', '1', '1.0.0'), ok);
    assert.equal(checkVersion('v1.5', null, '1.4.9').compatible, false);
  });

  it('counts a pre-release server as its release (bounds are checked on the coerced version)', () => {
    assert.deepEqual(checkVersion('1.4.2', '1.4.2', '1.4.2-rc.1'), ok);
    assert.deepEqual(checkVersion('1.5.0', null, '1.4.2-rc.1'), {
      compatible: false,
      reason: 'requires PartGraph >= 1.5.0 (server is 1.4.2-rc.1)',
    });
  });

  it('refuses a bound that is not a version, naming it', () => {
    assert.deepEqual(checkVersion('latest', null, '1.4.2'), {
      compatible: false,
      reason: 'MIN_VERSION "latest" is not a valid version',
    });
    assert.deepEqual(checkVersion(null, 'soon', '1.4.2'), {
      compatible: false,
      reason: 'MAX_VERSION "soon" is not a valid version',
    });
    assert.deepEqual(checkVersion('nope', 'never', '1.4.2').reason, 'MIN_VERSION "nope" is not a valid version');
  });

  it("compares with the server's own version (package.json) by default", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(SERVER_VERSION, pkg.version);
    assert.deepEqual(checkVersion(SERVER_VERSION, SERVER_VERSION), ok);
    assert.equal(checkVersion('999.0.0', null).compatible, false);
    assert.equal(checkVersion(null, '0.0.0').compatible, false);
  });
});
