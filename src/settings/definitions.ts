// Setting definitions (InvenTree's SETTINGS dicts) and the rules that turn the text a user sends
// into a typed, validated value. Shared by plugin settings and global settings.

export type SettingType = 'string' | 'boolean' | 'integer' | 'float' | 'choice' | 'model';

/** Models a `model` setting may reference (the value is the row's id). */
export const SETTING_MODELS = {
  part: 'parts',
  partcategory: 'part_categories',
  stocklocation: 'stock_locations',
  stockitem: 'stock_items',
  user: 'users',
} as const;
export type SettingModel = keyof typeof SETTING_MODELS;

export type SettingValue = string | number | boolean | null;

export interface SettingChoice {
  value: string;
  label: string;
}

/**
 * A validator: a range `{ min, max }` (numbers), a pattern `{ regex }` (strings), or a function
 * that returns an error message (or false) for a bad value and nothing for a good one.
 */
export type SettingValidator =
  | { min?: number; max?: number }
  | { regex: RegExp | string; message?: string }
  | ((value: SettingValue) => string | boolean | undefined);

export interface SettingDefinition {
  name: string;
  description?: string;
  /** Default 'string'. */
  type?: SettingType;
  default?: SettingValue;
  validator?: SettingValidator | readonly SettingValidator[];
  /** For 'choice': the allowed values (plain strings or value/label pairs), or a function returning them. */
  choices?: readonly (string | SettingChoice)[] | (() => readonly (string | SettingChoice)[]);
  /** For 'model': which model the id refers to. */
  model?: SettingModel;
  /** Must have a value; a missing one shows on the plugin record. */
  required?: boolean;
  /** The value is never returned to non-superusers (shown masked). */
  protected?: boolean;
  /** Not listed unless asked for (includeHidden). */
  hidden?: boolean;
}

export type SettingDefinitions = Readonly<Record<string, SettingDefinition>>;

export const MASK = '********';

export class SettingValidationError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export function typeOf(def: SettingDefinition): SettingType {
  return def.type ?? 'string';
}

export function choicesOf(def: SettingDefinition): SettingChoice[] {
  const raw = typeof def.choices === 'function' ? def.choices() : (def.choices ?? []);
  return raw.map((c) => (typeof c === 'string' ? { value: c, label: c } : c));
}

/** Stored text → typed value (null stays null). */
export function decode(def: SettingDefinition, text: string | null): SettingValue {
  if (text === null) return null;
  switch (typeOf(def)) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'model':
      return Number.parseInt(text, 10);
    case 'float':
      return Number.parseFloat(text);
    default:
      return text;
  }
}

/** Typed value → stored text. */
export function encode(value: SettingValue): string | null {
  return value === null ? null : String(value);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Parses user input (text from GraphQL, or a typed value from plugin code) and checks type,
 * choices and validators. Throws SettingValidationError naming the setting. Model references
 * are checked for existence by the caller (it needs the database).
 */
export function parseSetting(key: string, def: SettingDefinition, input: SettingValue | undefined): SettingValue {
  const fail = (why: string): never => {
    throw new SettingValidationError(key, `Setting "${key}" (${def.name}): ${why}`);
  };
  if (input === undefined || input === null || input === '') {
    if (def.required) fail('a value is required');
    return null;
  }
  let value: SettingValue;
  const text = String(input).trim();
  switch (typeOf(def)) {
    case 'boolean':
      if (typeof input === 'boolean') value = input;
      else if (TRUE.has(text.toLowerCase())) value = true;
      else if (FALSE.has(text.toLowerCase())) value = false;
      else return fail(`expected true or false, got "${text}"`);
      break;
    case 'integer':
    case 'model':
      if (!/^-?\d+$/.test(text))
        return fail(
          `expected a whole number${def.type === 'model' ? ` (the id of a ${def.model})` : ''}, got "${text}"`,
        );
      value = Number.parseInt(text, 10);
      if (!Number.isSafeInteger(value)) return fail(`${text} is too large`);
      break;
    case 'float':
      value = Number(text);
      if (text === '' || !Number.isFinite(value)) return fail(`expected a number, got "${text}"`);
      break;
    case 'choice': {
      const allowed = choicesOf(def).map((c) => c.value);
      if (!allowed.includes(text)) return fail(`"${text}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
      value = text;
      break;
    }
    default:
      value = String(input);
  }
  const validators = def.validator === undefined ? [] : Array.isArray(def.validator) ? def.validator : [def.validator];
  for (const v of validators as SettingValidator[]) {
    if (typeof v === 'function') {
      let verdict: ReturnType<typeof v>;
      try {
        verdict = v(value);
      } catch (e) {
        return fail(e instanceof Error ? e.message : String(e));
      }
      if (typeof verdict === 'string') fail(verdict);
      if (verdict === false) fail('value is not valid');
    } else if ('regex' in v) {
      const re = typeof v.regex === 'string' ? new RegExp(v.regex) : v.regex;
      re.lastIndex = 0; // a global or sticky RegExp would resume where its previous test stopped
      if (!re.test(String(value))) fail(v.message ?? `must match ${re}`);
    } else {
      const n = Number(value);
      if (v.min !== undefined && n < v.min) fail(`must be at least ${v.min}`);
      if (v.max !== undefined && n > v.max) fail(`must be at most ${v.max}`);
    }
  }
  return value;
}

/** Checks a definition table (for SettingsMixin's load-time check); returns the problems. */
export function definitionProblems(defs: unknown): string[] {
  if (!defs || typeof defs !== 'object' || Array.isArray(defs))
    return ['SETTINGS must be an object of key → definition'];
  const problems: string[] = [];
  const types: SettingType[] = ['string', 'boolean', 'integer', 'float', 'choice', 'model'];
  for (const [key, d] of Object.entries(defs as Record<string, SettingDefinition>)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) problems.push(`setting key "${key}" must be UPPER_SNAKE_CASE`);
    if (!d || typeof d !== 'object' || typeof d.name !== 'string' || !d.name) {
      problems.push(`setting "${key}" needs a name`);
      continue;
    }
    if (d.type !== undefined && !types.includes(d.type))
      problems.push(`setting "${key}" has unknown type "${String(d.type)}"`);
    if (d.type === 'choice' && !d.choices) problems.push(`setting "${key}" is a choice without choices`);
    if (d.type === 'model' && !(d.model && Object.hasOwn(SETTING_MODELS, d.model)))
      problems.push(`setting "${key}" needs model: one of ${Object.keys(SETTING_MODELS).join(', ')}`);
    if (d.default !== undefined && d.default !== null && d.type !== 'model') {
      try {
        parseSetting(key, { ...d, required: false }, d.default);
      } catch (e) {
        problems.push(`default of setting "${key}" is invalid: ${(e as Error).message}`);
      }
    }
  }
  return problems;
}
