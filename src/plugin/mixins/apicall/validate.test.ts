// APICallMixin's load-time checks: it needs SettingsMixin, and API_URL_SETTING / API_TOKEN_SETTING
// must name declared settings; each refusal is a MixinImplementationError naming the plugin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinImplementationError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../declare.js';
import { SettingsMixin } from '../settings/mixin.js';
import { APICallMixin } from './mixin.js';

const SETTINGS = { URL: { name: 'URL' }, TOKEN: { name: 'Token', protected: true } };

function check(plugin: InvenTreePlugin): void {
  mixinDefinition('apicall')!.validate!(plugin);
}

function refuses(plugin: InvenTreePlugin, why: RegExp): void {
  assert.throws(
    () => check(plugin),
    (e: unknown) => e instanceof MixinImplementationError && /plugin 'api-/.test(e.message) && why.test(e.message),
  );
}

describe('APICallMixin checks', () => {
  it('accepts a plugin whose URL and token settings are declared', () => {
    class Ok extends APICallMixin(SettingsMixin(InvenTreePlugin)) {
      static override NAME = 'api-ok';
      static override SETTINGS = SETTINGS;
      static override API_URL_SETTING = 'URL';
      static override API_TOKEN_SETTING = 'TOKEN';
    }
    check(new Ok());
  });

  it('refuses a plugin without SettingsMixin', () => {
    class NoSettings extends APICallMixin(InvenTreePlugin) {
      static override NAME = 'api-nosettings';
      static override API_URL_SETTING = 'URL';
      static override API_TOKEN_SETTING = 'TOKEN';
    }
    refuses(new NoSettings(), /needs SettingsMixin/);
  });

  it('refuses unset or undeclared setting names, a bad scheme and a bad timeout', () => {
    class Unset extends APICallMixin(SettingsMixin(InvenTreePlugin)) {
      static override NAME = 'api-unset';
      static override SETTINGS = SETTINGS;
      static override API_TOKEN_SETTING = 'TOKEN';
    }
    refuses(new Unset(), /set API_URL_SETTING/);
    class Undeclared extends APICallMixin(SettingsMixin(InvenTreePlugin)) {
      static override NAME = 'api-undeclared';
      static override SETTINGS = SETTINGS;
      static override API_URL_SETTING = 'URL';
      static override API_TOKEN_SETTING = 'SECRET';
    }
    refuses(new Undeclared(), /API_TOKEN_SETTING names 'SECRET', which is not one of its SETTINGS/);
    class BadScheme extends APICallMixin(SettingsMixin(InvenTreePlugin)) {
      static override NAME = 'api-scheme';
      static override SETTINGS = SETTINGS;
      static override API_URL_SETTING = 'URL';
      static override API_TOKEN_SETTING = 'TOKEN';
      static override API_TOKEN = 'Bearer token';
    }
    refuses(new BadScheme(), /API_TOKEN must be an authorization scheme/);
    class BadTimeout extends APICallMixin(SettingsMixin(InvenTreePlugin)) {
      static override NAME = 'api-timeout';
      static override SETTINGS = SETTINGS;
      static override API_URL_SETTING = 'URL';
      static override API_TOKEN_SETTING = 'TOKEN';
      static override API_TIMEOUT_MS = 0;
    }
    refuses(new BadTimeout(), /API_TIMEOUT_MS must be a positive/);
  });
});
