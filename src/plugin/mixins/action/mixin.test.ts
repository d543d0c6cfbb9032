// ActionMixin's load-time checks and the choice of the plugin answering an action (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinImplementationError, MixinNotImplementedError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../declare.js';
import { ActionMixin, actionNameOf, actionPluginFor, isActionName } from './mixin.js';

function actionPlugin(slug: string, actionName: string, implement = true): InvenTreePlugin {
  class P extends ActionMixin(InvenTreePlugin) {
    static override NAME = slug;
    static override SLUG = slug;
    static override ACTION_NAME = actionName;
  }
  if (implement) Object.defineProperty(P.prototype, 'performAction', { value: () => undefined });
  return new (P as unknown as new () => InvenTreePlugin)();
}

const validate = (p: InvenTreePlugin) => mixinDefinition('action')!.validate!(p);

describe('ActionMixin', () => {
  it('accepts slug-like ACTION_NAMEs only', () => {
    for (const ok of ['echo', 'sample-echo', 'do_it', 'A1']) assert.ok(isActionName(ok), ok);
    for (const bad of ['', '-x', '_x', 'has space', 'a.b', 'x/y', 'x'.repeat(101), 3, null]) {
      assert.equal(isActionName(bad), false, String(bad));
    }
  });

  it('refuses an empty or invalid ACTION_NAME, and a missing performAction, naming the plugin', () => {
    assert.throws(
      () => validate(actionPlugin('p-empty', '')),
      (e: Error) => {
        return e instanceof MixinImplementationError && /p-empty/.test(e.message) && /ACTION_NAME/.test(e.message);
      },
    );
    assert.throws(() => validate(actionPlugin('p-bad', 'not ok')), MixinImplementationError);
    assert.throws(
      () => validate(actionPlugin('p-noperform', 'fine', false)),
      (e: Error) => e instanceof MixinNotImplementedError && /p-noperform/.test(e.message),
    );
    validate(actionPlugin('p-good', 'fine'));
  });

  it('has InvenTree defaults: getResult true, getInfo null', () => {
    const p = actionPlugin('p-defaults', 'x') as unknown as { getResult(): unknown; getInfo(): unknown };
    assert.equal(p.getResult(), true);
    assert.equal(p.getInfo(), null);
  });

  it('routes an action to the first plugin by key among those declaring it', () => {
    const b = actionPlugin('b-plugin', 'shared');
    const a = actionPlugin('a-plugin', 'shared');
    const c = actionPlugin('c-plugin', 'other');
    assert.equal(actionPluginFor([b, c, a], 'shared')?.key, 'a-plugin');
    assert.equal(actionPluginFor([b, c, a], 'other')?.key, 'c-plugin');
    assert.equal(actionPluginFor([b, c, a], 'nobody'), null);
    assert.equal(actionNameOf(a), 'shared');
  });
});
