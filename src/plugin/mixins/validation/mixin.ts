// ValidationMixin (InvenTree's ValidationMixin): a plugin checks inventory writes before they
// happen and can generate serial numbers and batch codes. Every hook is optional, but a plugin
// must implement at least one. A hook refuses with `this.raiseError(message, field?)` (InvenTree's
// `raise ValidationError`); the client gets BAD_USER_INPUT naming the field and the plugin, and
// nothing is written. Hooks see plain, frozen snapshots of the rows, never live entities.
import { MixinNotImplementedError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';

/** The models validated: parts, part categories, stock locations, stock items. */
export type ValidatedModel = 'part' | 'partcategory' | 'stocklocation' | 'stockitem';

/**
 * A row as a hook sees it: `model`, `id` (null before its first save) and its columns, relations
 * as ids (`category`, `parent`, `part`, `location`).
 */
export type ModelInstance = Readonly<{ model: ValidatedModel; id: number | null }> &
  Readonly<Record<string, string | number | boolean | null>>;
/** What an update changes: field → { old, new }. */
export type ModelDeltas = Readonly<Record<string, { readonly old: unknown; readonly new: unknown }>>;

type Maybe<T> = T | Promise<T>;

/** Thrown by `raiseError`: the plugin refuses the write (`field` null = the whole instance). */
export class PluginValidationError extends Error {
  override name = 'PluginValidationError';
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** The hooks a ValidationMixin plugin may implement (all optional). */
export interface ValidationHooks {
  /** Before every create (`deltas` null) or update of a part, part category, stock location, stock item. */
  validateModelInstance?(instance: ModelInstance, deltas: ModelDeltas | null): Maybe<void>;
  /** Before a part, part category, stock location or stock item is deleted. */
  validateModelDeletion?(instance: ModelInstance): Maybe<void>;
  /** A part's name, on create and when it changes. */
  validatePartName?(name: string, part: ModelInstance): Maybe<void>;
  /** A part's IPN, when given on create or changed to a non-empty value. */
  validatePartIpn?(ipn: string, part: ModelInstance): Maybe<void>;
  /** A stock item's batch code, when given on create or changed to a non-empty value. */
  validateBatchCode?(batch: string, item: ModelInstance): Maybe<void>;
  /** A stock item's serial number, when given on create or changed to a non-empty value. */
  validateSerialNumber?(serial: string, part: ModelInstance, item: ModelInstance): Maybe<void>;
  /** The next batch code (for `part`, or in general when null); null = no opinion. */
  getNextBatchCode?(part: ModelInstance | null): Maybe<string | null>;
  /** The latest serial number of a part; null = no opinion (the newest stored one is used). */
  getLatestSerialNumber?(part: ModelInstance): Maybe<string | null>;
  /** The serial number after `serial` (null: the part has none yet); null = no opinion. */
  incrementSerialNumber?(serial: string | null, part: ModelInstance): Maybe<string | null>;
}

export const VALIDATION_HOOKS = [
  'validateModelInstance',
  'validateModelDeletion',
  'validatePartName',
  'validatePartIpn',
  'validateBatchCode',
  'validateSerialNumber',
  'getNextBatchCode',
  'getLatestSerialNumber',
  'incrementSerialNumber',
] as const satisfies readonly (keyof ValidationHooks)[];

export type ValidationHookName = (typeof VALIDATION_HOOKS)[number];

/** What the run-time half needs from a plugin with ValidationMixin. */
export type ValidatingPlugin = InvenTreePlugin & ValidationHooks;

export function isValidationPlugin(plugin: InvenTreePlugin): plugin is ValidatingPlugin {
  return plugin.hasMixin('validation');
}

/** The hooks a plugin implements (own or inherited functions). */
export function implementedHooks(plugin: InvenTreePlugin): ValidationHookName[] {
  const p = plugin as unknown as Record<string, unknown>;
  return VALIDATION_HOOKS.filter((h) => typeof p[h] === 'function');
}

/**
 * ```ts
 * class Rules extends ValidationMixin(InvenTreePlugin) {
 *   validatePartName(name: string) {
 *     if (name.includes('forbidden')) this.raiseError('That name is not allowed', 'name');
 *   }
 * }
 * ```
 */
export function ValidationMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Validation extends Base {
    /** Refuses the write: the client gets BAD_USER_INPUT naming `field` (or the whole instance) and this plugin. */
    raiseError(message: string, field?: string | null): never {
      throw new PluginValidationError(message, field ?? null);
    }
  }
  registerMixin(Validation, {
    name: 'validation',
    humanName: 'Validation',
    validate(plugin) {
      if (implementedHooks(plugin).length === 0)
        throw new MixinNotImplementedError(
          `plugin '${plugin.key}' (ValidationMixin) must implement at least one of ${VALIDATION_HOOKS.join(', ')}`,
        );
    },
  });
  return Validation;
}
