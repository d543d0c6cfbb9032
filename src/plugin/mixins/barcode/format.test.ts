// PartGraph's barcode JSON format: what it makes and what it recognises (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partgraphBarcode, readPartgraphBarcode } from './format.js';
import { BARCODE_MODELS } from './mixin.js';

describe('PartGraph barcode format', () => {
  it('makes InvenTree-style JSON with one model key', () => {
    assert.equal(partgraphBarcode('part', 12), '{"part":12}');
    assert.equal(partgraphBarcode('stocklocation', 3), '{"stocklocation":3}');
  });

  it('reads back what it makes, for every model', () => {
    for (const model of BARCODE_MODELS)
      assert.deepEqual(readPartgraphBarcode(partgraphBarcode(model, 7)), { model, id: 7 });
  });

  it('reads spaced JSON as InvenTree prints it', () => {
    assert.deepEqual(readPartgraphBarcode(' {"stockitem": 42} '), { model: 'stockitem', id: 42 });
  });

  it('is not fooled by other text', () => {
    for (const text of [
      '',
      'part:12',
      'SKU:123',
      '12',
      '[{"part":1}]',
      '{"part":1',
      '{"part":"12"}',
      '{"part":0}',
      '{"part":-1}',
      '{"part":1.5}',
      '{"part":99999999999}',
      '{"part":1,"stockitem":2}',
      '{"company":1}',
      '{}',
      'null',
    ])
      assert.equal(readPartgraphBarcode(text), null, text);
  });
});
