// LocateMixin's load-time check and how a plugin's answer is read (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinNotImplementedError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../declare.js';
import { canLocateTarget, LocateMixin, locateAnswer } from './mixin.js';

function locatePlugin(slug: string, methods: Array<'locateStockItem' | 'locateStockLocation'>): InvenTreePlugin {
  class P extends LocateMixin(InvenTreePlugin) {
    static override NAME = slug;
    static override SLUG = slug;
  }
  for (const m of methods) Object.defineProperty(P.prototype, m, { value: () => true });
  return new (P as unknown as new () => InvenTreePlugin)();
}

const validate = (p: InvenTreePlugin) => mixinDefinition('locate')!.validate!(p);

describe('LocateMixin', () => {
  it('requires at least one of locateStockItem / locateStockLocation, naming the plugin', () => {
    assert.throws(
      () => validate(locatePlugin('loc-none', [])),
      (e: Error) => e instanceof MixinNotImplementedError && /loc-none/.test(e.message),
    );
    validate(locatePlugin('loc-item', ['locateStockItem']));
    validate(locatePlugin('loc-both', ['locateStockItem', 'locateStockLocation']));
  });

  it('knows which targets a plugin implements', () => {
    const p = locatePlugin('loc-location', ['locateStockLocation']);
    assert.equal(canLocateTarget(p, 'stockItem'), false);
    assert.equal(canLocateTarget(p, 'stockLocation'), true);
  });

  it('reads answers: nothing or true = located, false = not, or { located, message }', () => {
    assert.deepEqual(locateAnswer(undefined), { located: true, message: null });
    assert.deepEqual(locateAnswer(true), { located: true, message: null });
    assert.deepEqual(locateAnswer(false), { located: false, message: null });
    assert.deepEqual(locateAnswer({ located: false, message: 'not on the shelf' }), {
      located: false,
      message: 'not on the shelf',
    });
    assert.throws(() => locateAnswer('yes'), TypeError);
    assert.throws(() => locateAnswer({ message: 'no located flag' }), TypeError);
  });
});
