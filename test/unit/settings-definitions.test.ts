// Setting definitions and values without a database: parsing user input per type, choices,
// validators (range, pattern, function), SettingValidationError naming the setting, stored-text
// encoding and decoding, defaults, required settings, and the load-time definition check.
// prepareValue needs a database only for `model` settings; for the others it must not touch it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  choicesOf,
  decode,
  definitionProblems,
  encode,
  parseSetting,
  SettingValidationError,
  typeOf,
  type SettingDefinition,
  type SettingValue,
} from '../../src/settings/definitions.js';
import { effectiveValue, missingRequired, prepareValue, type StoredSetting } from '../../src/settings/store.js';

/** parseSetting's error for key K, or undefined when it accepts the input. */
function problem(def: SettingDefinition, input: SettingValue | undefined, key = 'K'): string | undefined {
  try {
    parseSetting(key, def, input);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof SettingValidationError, String(e));
    assert.equal(e.key, key);
    return e.message;
  }
}

const stored = (value: string | null): StoredSetting => ({ key: 'K', value, updatedAt: new Date(0), updatedBy: null });

describe('parseSetting', () => {
  it('names the setting in every error', () => {
    assert.equal(
      problem({ name: 'Retries', type: 'integer' }, 'many', 'RETRIES'),
      'Setting "RETRIES" (Retries): expected a whole number, got "many"',
    );
  });

  it('turns empty input into null, unless the setting is required', () => {
    for (const input of [undefined, null, '']) {
      assert.equal(parseSetting('K', { name: 'n', type: 'integer' }, input), null);
      assert.equal(problem({ name: 'n', required: true }, input), 'Setting "K" (n): a value is required');
    }
  });

  it('keeps strings as given (type defaults to string)', () => {
    assert.equal(parseSetting('K', { name: 'n' }, '  padded  '), '  padded  ');
    assert.equal(parseSetting('K', { name: 'n' }, 42), '42');
    assert.equal(parseSetting('K', { name: 'n', type: 'string' }, true), 'true');
  });

  it('parses booleans from true/false/1/0/yes/no/on/off in any case', () => {
    const def: SettingDefinition = { name: 'n', type: 'boolean' };
    for (const t of [true, 'true', 'TRUE', '1', 'yes', 'On', ' on '])
      assert.equal(parseSetting('K', def, t), true, String(t));
    for (const f of [false, 'false', '0', 'No', 'off']) assert.equal(parseSetting('K', def, f), false, String(f));
    assert.equal(problem(def, 'maybe'), 'Setting "K" (n): expected true or false, got "maybe"');
    assert.equal(problem(def, 2), 'Setting "K" (n): expected true or false, got "2"');
  });

  it('parses whole numbers, refusing fractions, words and unsafe integers', () => {
    const def: SettingDefinition = { name: 'n', type: 'integer' };
    assert.equal(parseSetting('K', def, ' 42 '), 42);
    assert.equal(parseSetting('K', def, '-7'), -7);
    assert.equal(parseSetting('K', def, 12), 12);
    assert.equal(problem(def, '1.5'), 'Setting "K" (n): expected a whole number, got "1.5"');
    assert.equal(problem(def, 1.5), 'Setting "K" (n): expected a whole number, got "1.5"');
    assert.equal(problem(def, '1e3'), 'Setting "K" (n): expected a whole number, got "1e3"');
    assert.equal(problem(def, '   '), 'Setting "K" (n): expected a whole number, got ""');
    assert.equal(problem(def, '9007199254740993'), 'Setting "K" (n): 9007199254740993 is too large');
  });

  it('parses model ids like integers, naming the model when they are not', () => {
    const def: SettingDefinition = { name: 'Default part', type: 'model', model: 'part' };
    assert.equal(parseSetting('K', def, '17'), 17);
    assert.equal(
      problem(def, 'widget'),
      'Setting "K" (Default part): expected a whole number (the id of a part), got "widget"',
    );
  });

  it('parses finite numbers for floats', () => {
    const def: SettingDefinition = { name: 'n', type: 'float' };
    assert.equal(parseSetting('K', def, '2.5'), 2.5);
    assert.equal(parseSetting('K', def, '-1e-3'), -0.001);
    assert.equal(parseSetting('K', def, 3), 3);
    for (const bad of ['abc', 'Infinity', 'NaN', '1,5', '  '])
      assert.equal(problem(def, bad), `Setting "K" (n): expected a number, got "${bad.trim()}"`, bad);
  });

  it('accepts only the listed choices (strings, value/label pairs, or a function returning them)', () => {
    const plain: SettingDefinition = { name: 'n', type: 'choice', choices: ['mm', 'in'] };
    assert.equal(parseSetting('K', plain, ' in '), 'in');
    assert.equal(problem(plain, 'cm'), 'Setting "K" (n): "cm" is not one of "mm", "in"');
    let calls = 0;
    const computed: SettingDefinition = {
      name: 'n',
      type: 'choice',
      choices: () => {
        calls++;
        return [{ value: 'a', label: 'Alpha' }, 'b'];
      },
    };
    assert.equal(parseSetting('K', computed, 'a'), 'a');
    assert.equal(
      problem(computed, 'Alpha'),
      'Setting "K" (n): "Alpha" is not one of "a", "b"',
      'labels are not values',
    );
    assert.equal(calls, 2, 'the choices function is asked each time');
  });

  describe('validators', () => {
    it('checks a range for numbers, both ends inclusive', () => {
      const def: SettingDefinition = { name: 'n', type: 'integer', validator: { min: 1, max: 10 } };
      assert.equal(parseSetting('K', def, '1'), 1);
      assert.equal(parseSetting('K', def, '10'), 10);
      assert.equal(problem(def, '0'), 'Setting "K" (n): must be at least 1');
      assert.equal(problem(def, '11'), 'Setting "K" (n): must be at most 10');
      assert.equal(
        problem({ name: 'n', type: 'float', validator: { min: 0.5 } }, '0.4'),
        'Setting "K" (n): must be at least 0.5',
      );
    });

    it('checks a pattern, given as a RegExp or a string, with an optional message', () => {
      assert.equal(parseSetting('K', { name: 'n', validator: { regex: /^[A-Z]{3}$/ } }, 'EUR'), 'EUR');
      assert.equal(
        problem({ name: 'n', validator: { regex: /^[A-Z]{3}$/ } }, 'euro'),
        'Setting "K" (n): must match /^[A-Z]{3}$/',
      );
      assert.equal(
        problem({ name: 'n', validator: { regex: '^\\d+$', message: 'digits only' } }, '12a'),
        'Setting "K" (n): digits only',
      );
      assert.equal(parseSetting('K', { name: 'n', validator: { regex: '^\\d+$' } }, '123'), '123');
    });

    it('gives the same verdict every time, even for a global or sticky RegExp', () => {
      for (const regex of [/^[a-z]+$/g, /[a-z]+/y]) {
        const def: SettingDefinition = { name: 'n', validator: { regex } };
        for (let i = 0; i < 3; i++) assert.equal(parseSetting('K', def, 'abc'), 'abc', `${regex} attempt ${i + 1}`);
      }
    });

    it('calls a function: a string is the error, false is a generic error, anything else passes', () => {
      const seen: SettingValue[] = [];
      const fn = (v: SettingValue) => {
        seen.push(v);
        return v === 13 ? 'unlucky' : v === 7 ? false : v === 8 ? true : undefined;
      };
      const def: SettingDefinition = { name: 'n', type: 'integer', validator: fn };
      assert.equal(parseSetting('K', def, '5'), 5);
      assert.equal(parseSetting('K', def, '8'), 8);
      assert.equal(problem(def, '13'), 'Setting "K" (n): unlucky');
      assert.equal(problem(def, '7'), 'Setting "K" (n): value is not valid');
      assert.deepEqual(seen, [5, 8, 13, 7], 'the function sees the typed value');
      const throwing: SettingDefinition = {
        name: 'n',
        validator: () => {
          throw new Error('exploded');
        },
      };
      assert.equal(problem(throwing, 'x'), 'Setting "K" (n): exploded');
    });

    it('runs every validator of a list, the first failure wins', () => {
      const def: SettingDefinition = {
        name: 'n',
        type: 'integer',
        validator: [{ min: 0 }, (v) => (Number(v) % 2 ? 'must be even' : undefined), { max: 100 }],
      };
      assert.equal(parseSetting('K', def, '42'), 42);
      assert.equal(problem(def, '-2'), 'Setting "K" (n): must be at least 0');
      assert.equal(problem(def, '3'), 'Setting "K" (n): must be even');
      assert.equal(problem(def, '102'), 'Setting "K" (n): must be at most 100');
    });

    it('does not run validators on an empty value', () => {
      const def: SettingDefinition = { name: 'n', validator: () => 'never valid' };
      assert.equal(parseSetting('K', def, ''), null);
    });
  });
});

describe('stored values', () => {
  it('encodes typed values as text and decodes them by type', () => {
    const cases: Array<[SettingDefinition, SettingValue, string]> = [
      [{ name: 'n' }, 'text', 'text'],
      [{ name: 'n', type: 'boolean' }, true, 'true'],
      [{ name: 'n', type: 'boolean' }, false, 'false'],
      [{ name: 'n', type: 'integer' }, -12, '-12'],
      [{ name: 'n', type: 'float' }, 2.25, '2.25'],
      [{ name: 'n', type: 'model', model: 'user' }, 3, '3'],
      [{ name: 'n', type: 'choice', choices: ['a'] }, 'a', 'a'],
    ];
    for (const [def, value, text] of cases) {
      assert.equal(encode(value), text);
      assert.equal(decode(def, text), value, `${typeOf(def)} ${text}`);
    }
    assert.equal(encode(null), null);
    assert.equal(decode({ name: 'n', type: 'integer' }, null), null);
  });

  it('reads the stored value, else the default, else null', () => {
    const def: SettingDefinition = { name: 'n', type: 'integer', default: 5 };
    assert.equal(effectiveValue(def, stored('9')), 9);
    assert.equal(effectiveValue(def, stored(null)), 5);
    assert.equal(effectiveValue(def, undefined), 5);
    assert.equal(effectiveValue({ name: 'n' }, undefined), null);
  });

  it('lists required settings with neither a stored value nor a default', () => {
    const defs = {
      A: { name: 'a', required: true },
      B: { name: 'b', required: true, default: 'x' },
      C: { name: 'c', required: true },
      D: { name: 'd' },
    };
    assert.deepEqual(missingRequired(defs, new Map([['C', stored('set')]])), ['A']);
    assert.deepEqual(
      missingRequired(
        defs,
        new Map([
          ['A', stored('set')],
          ['C', stored(null)],
        ]),
      ),
      ['C'],
    );
  });

  it('prepareValue validates and encodes without touching the database for non-model settings', async () => {
    const noDatabase = new Proxy({} as EntityManager, {
      get() {
        throw new Error('the database was used');
      },
    });
    assert.equal(await prepareValue(noDatabase, 'K', { name: 'n', type: 'boolean' }, 'yes'), 'true');
    assert.equal(await prepareValue(noDatabase, 'K', { name: 'n', type: 'float' }, '1.50'), '1.5');
    assert.equal(
      await prepareValue(noDatabase, 'K', { name: 'n', type: 'model', model: 'part' }, ''),
      null,
      'an empty model reference needs no lookup',
    );
    await assert.rejects(prepareValue(noDatabase, 'K', { name: 'n', type: 'integer' }, 'x'), SettingValidationError);
  });
});

describe('choicesOf and typeOf', () => {
  it('normalise definitions', () => {
    assert.equal(typeOf({ name: 'n' }), 'string');
    assert.equal(typeOf({ name: 'n', type: 'float' }), 'float');
    assert.deepEqual(choicesOf({ name: 'n', choices: ['a', { value: 'b', label: 'Bee' }] }), [
      { value: 'a', label: 'a' },
      { value: 'b', label: 'Bee' },
    ]);
    assert.deepEqual(choicesOf({ name: 'n' }), []);
  });
});

describe('definitionProblems', () => {
  it('accepts a well-formed table', () => {
    assert.deepEqual(
      definitionProblems({
        API_KEY: { name: 'API key', protected: true, required: true },
        RETRIES: { name: 'Retries', type: 'integer', default: 3, validator: { min: 0 } },
        UNIT: { name: 'Unit', type: 'choice', choices: ['mm', 'in'], default: 'mm' },
        PART: { name: 'Part', type: 'model', model: 'part', default: 1 },
        V2: { name: 'Flag', type: 'boolean', default: false },
      }),
      [],
    );
    assert.deepEqual(definitionProblems({}), []);
  });

  it('refuses a table that is not an object', () => {
    for (const bad of [null, undefined, 'x', 3, [], [{ name: 'a' }]])
      assert.deepEqual(definitionProblems(bad), ['SETTINGS must be an object of key → definition'], String(bad));
  });

  it('lists every problem of every setting', () => {
    assert.deepEqual(
      definitionProblems({
        lower: { name: 'l' },
        '9START': { name: 's' },
        NO_NAME: { type: 'string' },
        EMPTY_NAME: { name: '' },
        NOT_OBJECT: 'x',
        ODD_TYPE: { name: 'o', type: 'date' },
        CHOICE: { name: 'c', type: 'choice' },
        MODEL: { name: 'm', type: 'model' },
        MODEL_ODD: { name: 'm', type: 'model', model: 'warehouse' },
        BAD_DEFAULT: { name: 'b', type: 'integer', default: 'ten' },
        OUT_OF_RANGE: { name: 'r', type: 'integer', default: 50, validator: { max: 10 } },
        NOT_A_CHOICE: { name: 'c', type: 'choice', choices: ['a'], default: 'z' },
      }),
      [
        'setting key "lower" must be UPPER_SNAKE_CASE',
        'setting key "9START" must be UPPER_SNAKE_CASE',
        'setting "NO_NAME" needs a name',
        'setting "EMPTY_NAME" needs a name',
        'setting "NOT_OBJECT" needs a name',
        'setting "ODD_TYPE" has unknown type "date"',
        'setting "CHOICE" is a choice without choices',
        'setting "MODEL" needs model: one of part, partcategory, stocklocation, stockitem, user',
        'setting "MODEL_ODD" needs model: one of part, partcategory, stocklocation, stockitem, user',
        'default of setting "BAD_DEFAULT" is invalid: Setting "BAD_DEFAULT" (b): expected a whole number, got "ten"',
        'default of setting "OUT_OF_RANGE" is invalid: Setting "OUT_OF_RANGE" (r): must be at most 10',
        'default of setting "NOT_A_CHOICE" is invalid: Setting "NOT_A_CHOICE" (c): "z" is not one of "a"',
      ],
    );
  });

  it('refuses a model name that is only inherited from Object.prototype', () => {
    for (const model of ['constructor', 'toString', '__proto__']) {
      assert.deepEqual(
        definitionProblems({ M: { name: 'm', type: 'model', model } }),
        ['setting "M" needs model: one of part, partcategory, stocklocation, stockitem, user'],
        model,
      );
    }
  });

  it('does not call a required setting with no default a problem (it shows on the plugin record instead)', () => {
    assert.deepEqual(definitionProblems({ TOKEN: { name: 'Token', required: true } }), []);
  });
});
