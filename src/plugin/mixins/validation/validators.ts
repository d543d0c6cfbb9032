// The inventory validators (src/inventory/validators.ts) backed by the active ValidationMixin
// plugins. Plugins are asked in key order. For a save, each plugin runs its field hooks (part
// name, IPN, batch code, serial number: on create, or when the field changes to a non-empty value)
// and then validateModelInstance; the first refusal stops the write. Generators: the first
// non-null answer wins. A refusal (PluginValidationError) becomes BAD_USER_INPUT with `field`
// (null for the whole instance) and `plugin`; any other throw becomes PLUGIN_VALIDATION_FAILED
// naming the plugin (details only in the server log), and the write is refused too (fail closed).
import { GraphQLError } from 'graphql';
import type { InventoryValidators, InstanceSnapshot, SaveCheck } from '../../../inventory/validators.js';
import { logger } from '../../../log.js';
import type { PluginRegistryView } from '../../registry/view.js';
import {
  isValidationPlugin,
  type ModelInstance,
  PluginValidationError,
  type ValidatedModel,
  type ValidatingPlugin,
  type ValidationHookName,
} from './mixin.js';

const log = logger('plugin-validation');

export const PLUGIN_VALIDATION_FAILED = 'PLUGIN_VALIDATION_FAILED';

function refusal(e: PluginValidationError, key: string): GraphQLError {
  return new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT', field: e.field, plugin: key } });
}

/** Runs one hook of one plugin, turning its throws into client errors. */
async function call<T>(plugin: ValidatingPlugin, hook: ValidationHookName, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof PluginValidationError) throw refusal(e, plugin.key);
    log.error(`plugin ${plugin.key}: ${hook} failed`, e);
    throw new GraphQLError(`Plugin "${plugin.key}" failed in ${hook}; the change was not made (see the server log)`, {
      extensions: { code: PLUGIN_VALIDATION_FAILED, plugin: plugin.key, hook },
    });
  }
}

const asInstance = (model: ValidatedModel, s: InstanceSnapshot): ModelInstance =>
  Object.freeze({ ...s, model, id: (s.id as number | null | undefined) ?? null }) as ModelInstance;

/** A text field to check: given on create, or changed on update; never empty. */
function fieldToCheck(check: SaveCheck, field: string): string | null {
  const v = check.instance[field];
  if (typeof v !== 'string' || v === '') return null;
  if (check.deltas && !(field in check.deltas)) return null;
  return v;
}

async function validateSave(plugin: ValidatingPlugin, check: SaveCheck): Promise<void> {
  const instance = asInstance(check.model, check.instance);
  if (check.model === 'part') {
    const name = fieldToCheck(check, 'name');
    if (name !== null && plugin.validatePartName)
      await call(plugin, 'validatePartName', () => plugin.validatePartName?.(name, instance));
    const ipn = fieldToCheck(check, 'ipn');
    if (ipn !== null && plugin.validatePartIpn)
      await call(plugin, 'validatePartIpn', () => plugin.validatePartIpn?.(ipn, instance));
  }
  if (check.model === 'stockitem') {
    const batch = fieldToCheck(check, 'batch');
    if (batch !== null && plugin.validateBatchCode)
      await call(plugin, 'validateBatchCode', () => plugin.validateBatchCode?.(batch, instance));
    const serial = fieldToCheck(check, 'serial');
    if (serial !== null && plugin.validateSerialNumber) {
      const part = asInstance('part', check.part ?? { id: instance.part ?? null });
      await call(plugin, 'validateSerialNumber', () => plugin.validateSerialNumber?.(serial, part, instance));
    }
  }
  if (plugin.validateModelInstance)
    await call(plugin, 'validateModelInstance', () => plugin.validateModelInstance?.(instance, check.deltas));
}

/** The first non-null answer of `hook` among the plugins, in key order. */
async function firstAnswer(
  plugins: ValidatingPlugin[],
  hook: 'getNextBatchCode' | 'getLatestSerialNumber' | 'incrementSerialNumber',
  ask: (p: ValidatingPlugin) => string | null | undefined | Promise<string | null | undefined>,
): Promise<string | null> {
  for (const p of plugins) {
    if (typeof p[hook] !== 'function') continue;
    const answer = await call(p, hook, () => ask(p));
    if (answer != null) return String(answer);
  }
  return null;
}

export function pluginValidators(plugins: PluginRegistryView): InventoryValidators {
  const active = (): ValidatingPlugin[] =>
    plugins
      .withMixin('validation')
      .filter(isValidationPlugin)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    async beforeSave(check) {
      for (const p of active()) await validateSave(p, check);
    },
    async beforeDelete(model, snapshot) {
      const instance = asInstance(model, snapshot);
      for (const p of active())
        if (p.validateModelDeletion) await call(p, 'validateModelDeletion', () => p.validateModelDeletion?.(instance));
    },
    async nextSerialNumber(partSnapshot, latestStored) {
      const list = active();
      if (list.length === 0) return null;
      const part = asInstance('part', partSnapshot);
      const latest =
        (await firstAnswer(list, 'getLatestSerialNumber', (p) => p.getLatestSerialNumber?.(part))) ?? latestStored;
      return firstAnswer(list, 'incrementSerialNumber', (p) => p.incrementSerialNumber?.(latest, part));
    },
    async nextBatchCode(partSnapshot) {
      const part = partSnapshot ? asInstance('part', partSnapshot) : null;
      return firstAnswer(active(), 'getNextBatchCode', (p) => p.getNextBatchCode?.(part));
    },
  };
}
