// BarcodeMixin's load-time check and how a plugin's scan answer is read (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinNotImplementedError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../declare.js';
import { BarcodeMixin, barcodeMatch, canGenerate } from './mixin.js';

function barcodePlugin(slug: string, methods: Array<'scan' | 'generate'>): InvenTreePlugin {
  class P extends BarcodeMixin(InvenTreePlugin) {
    static override NAME = slug;
    static override SLUG = slug;
  }
  for (const m of methods) Object.defineProperty(P.prototype, m, { value: () => null });
  return new (P as unknown as new () => InvenTreePlugin)();
}

const validate = (p: InvenTreePlugin) => mixinDefinition('barcode')!.validate!(p);

describe('BarcodeMixin', () => {
  it('requires scan, naming the plugin; generate is optional', () => {
    assert.throws(
      () => validate(barcodePlugin('bc-none', ['generate'])),
      (e: Error) => e instanceof MixinNotImplementedError && /bc-none/.test(e.message) && /scan/.test(e.message),
    );
    validate(barcodePlugin('bc-scan', ['scan']));
  });

  it('knows whether a plugin generates barcodes', () => {
    assert.equal(canGenerate(barcodePlugin('bc-reader', ['scan'])), false);
    assert.equal(canGenerate(barcodePlugin('bc-maker', ['scan', 'generate'])), true);
  });

  it('reads scan answers: null = not mine, { model, id } = a match; anything else is refused', () => {
    assert.equal(barcodeMatch(null), null);
    assert.equal(barcodeMatch(undefined), null);
    assert.deepEqual(barcodeMatch({ model: 'part', id: 3 }), { model: 'part', id: 3 });
    assert.deepEqual(barcodeMatch({ model: 'stockitem', id: '17' }), { model: 'stockitem', id: 17 });
    for (const bad of ['part', { model: 'company', id: 1 }, { model: 'part', id: 0 }, { model: 'part', id: 'x' }])
      assert.throws(() => barcodeMatch(bad), TypeError, JSON.stringify(bad));
  });
});
