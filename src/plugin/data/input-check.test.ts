// The data API's input checks: what GraphQL's types would refuse, refused as BAD_USER_INPUT naming the field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkInput, idArg, PART_FIELDS, STOCK_CREATE_FIELDS } from './input-check.js';
import { refId, toStockItemData } from './convert.js';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    const ext = (e as { extensions?: { code?: string; field?: string } }).extensions;
    return `${ext?.code}:${ext?.field}`;
  }
};

describe('data API input checks', () => {
  it('turns ids into strings and keeps valid input', () => {
    assert.deepEqual(checkInput({ name: 'A', category: 3, active: true }, PART_FIELDS), {
      name: 'A',
      category: '3',
      active: true,
    });
    assert.equal(idArg(7), '7');
  });

  it('refuses wrong kinds, unknown fields, missing required fields and unsafe text, naming the field', () => {
    assert.equal(
      fieldOf(() => checkInput({ name: 1 }, PART_FIELDS)),
      'BAD_USER_INPUT:name',
    );
    assert.equal(
      fieldOf(() => checkInput({ name: 'a', colour: 'red' }, PART_FIELDS)),
      'BAD_USER_INPUT:colour',
    );
    assert.equal(
      fieldOf(() => checkInput({ quantity: 1 }, STOCK_CREATE_FIELDS, ['part'])),
      'BAD_USER_INPUT:part',
    );
    assert.equal(
      fieldOf(() => checkInput({ part: '1', status: 'SHINY' }, STOCK_CREATE_FIELDS)),
      'BAD_USER_INPUT:status',
    );
    assert.equal(
      fieldOf(() => checkInput({ name: 'a\u0000' }, PART_FIELDS)),
      'BAD_USER_INPUT:name',
    );
    assert.equal(
      fieldOf(() => checkInput('nope', PART_FIELDS)),
      'BAD_USER_INPUT:input',
    );
    assert.equal(
      fieldOf(() => idArg({})),
      'BAD_USER_INPUT:id',
    );
  });

  it('converts rows to plain data with string ids', () => {
    assert.equal(refId({ id: 4 }), '4');
    assert.equal(refId(null), null);
    const at = new Date(0);
    assert.deepEqual(
      toStockItemData({
        id: 9,
        createdAt: at,
        updatedAt: at,
        part: { id: 2 },
        location: null,
        quantity: '1.50000',
        serial: null,
        batch: '',
        status: 'OK',
      }),
      {
        id: '9',
        createdAt: at,
        updatedAt: at,
        part: '2',
        location: null,
        quantity: 1.5,
        serial: null,
        batch: '',
        status: 'OK',
      },
    );
  });
});
