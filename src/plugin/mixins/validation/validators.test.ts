// ValidationMixin without a database: the load-time check, the order plugins are asked in, how
// refusals and failures become client errors, generators (first non-null answer), and the
// sample's serial increment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLError } from 'graphql';
import { MixinNotImplementedError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import type { PluginRegistryView } from '../../registry/view.js';
import { incrementTrailingDigits } from '../../samples/validation-rules.js';
import { mixinDefinition } from '../class-marks.js';
import { type ModelInstance, ValidationMixin } from './mixin.js';
import { pluginValidators } from './validators.js';

const calls: string[] = [];

class Empty extends ValidationMixin(InvenTreePlugin) {
  static override SLUG = 'empty';
}

class A extends ValidationMixin(InvenTreePlugin) {
  static override SLUG = 'a-first';
  validatePartName(name: string): void {
    calls.push(`a:name:${name}`);
    if (name === 'no-a') this.raiseError('a says no', 'name');
  }
  validateModelInstance(instance: ModelInstance): void {
    calls.push(`a:instance:${instance.model}`);
  }
  getLatestSerialNumber(): null {
    return null;
  }
  incrementSerialNumber(serial: string | null): string | null {
    return serial === 'skip' ? null : `a(${serial})`;
  }
}

class B extends ValidationMixin(InvenTreePlugin) {
  static override SLUG = 'b-second';
  validateModelInstance(instance: ModelInstance): void {
    calls.push(`b:instance:${instance.model}`);
    if (instance.name === 'no-b') this.raiseError('b says no');
    if (instance.name === 'crash') throw new TypeError('secret');
  }
  incrementSerialNumber(serial: string | null): string {
    return `b(${serial})`;
  }
  getNextBatchCode(): string {
    return 'B-1';
  }
}

// withMixin's order is not relied on: the validators sort by key.
const view = { withMixin: () => [new B(), new A()] } as unknown as PluginRegistryView;
const validators = pluginValidators(view);
const part = (name: string) => ({ id: null, name, ipn: null });

async function refusal(p: Promise<unknown>): Promise<GraphQLError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GraphQLError);
    return e;
  }
  assert.fail('expected a refusal');
}

describe('ValidationMixin', () => {
  it('refuses to load a plugin that implements no hook', () => {
    assert.throws(() => mixinDefinition('validation')?.validate?.(new Empty()), MixinNotImplementedError);
    mixinDefinition('validation')?.validate?.(new A());
  });

  it('asks every plugin in key order, field hooks before validateModelInstance', async () => {
    calls.length = 0;
    await validators.beforeSave({ model: 'part', instance: part('ok'), deltas: null });
    assert.deepEqual(calls, ['a:name:ok', 'a:instance:part', 'b:instance:part']);
  });

  it('skips field hooks when the field did not change', async () => {
    calls.length = 0;
    await validators.beforeSave({ model: 'part', instance: part('ok'), deltas: { ipn: { old: null, new: 'X' } } });
    assert.deepEqual(calls, ['a:instance:part', 'b:instance:part']);
  });

  it('turns raiseError into BAD_USER_INPUT naming the field (or null) and the plugin', async () => {
    const a = await refusal(validators.beforeSave({ model: 'part', instance: part('no-a'), deltas: null }));
    assert.deepEqual(a.extensions, { code: 'BAD_USER_INPUT', field: 'name', plugin: 'a-first' });
    const b = await refusal(validators.beforeSave({ model: 'part', instance: part('no-b'), deltas: null }));
    assert.deepEqual(b.extensions, { code: 'BAD_USER_INPUT', field: null, plugin: 'b-second' });
    assert.equal(b.message, 'b says no');
  });

  it('turns any other throw into PLUGIN_VALIDATION_FAILED without its message', async () => {
    const e = await refusal(validators.beforeSave({ model: 'part', instance: part('crash'), deltas: null }));
    assert.equal(e.extensions.code, 'PLUGIN_VALIDATION_FAILED');
    assert.equal(e.extensions.plugin, 'b-second');
    assert.doesNotMatch(e.message, /secret/);
  });

  it('generators: the first non-null answer in key order wins', async () => {
    assert.equal(await validators.nextSerialNumber(part('p'), 'SN-1'), 'a(SN-1)');
    assert.equal(await validators.nextSerialNumber(part('p'), 'skip'), 'b(skip)');
    assert.equal(await validators.nextSerialNumber(part('p'), null), 'a(null)');
    assert.equal(await validators.nextBatchCode(null), 'B-1');
    const none = pluginValidators({ withMixin: () => [] } as unknown as PluginRegistryView);
    assert.equal(await none.nextSerialNumber(part('p'), 'SN-1'), null);
    assert.equal(await none.nextBatchCode(null), null);
  });

  it('sample: increments trailing digits keeping their width', () => {
    assert.equal(incrementTrailingDigits('SN-0009'), 'SN-0010');
    assert.equal(incrementTrailingDigits('7'), '8');
    assert.equal(incrementTrailingDigits('99'), '100');
    assert.equal(incrementTrailingDigits('A'), 'A1');
  });
});
