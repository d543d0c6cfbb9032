// Compares two schemas by coordinate: TYPE, FIELD (`Type.field`), ARGUMENT (`Type.field(arg:)`),
// ENUM_VALUE (`Enum.VALUE`) and INPUT_FIELD (`Input.field`), each added, removed or changed (its
// type, default or members), with graphql-js's breaking and dangerous changes. Pure: no I/O.
import {
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLSchema,
} from 'graphql';

export type CoordinateKind = 'TYPE' | 'FIELD' | 'ARGUMENT' | 'ENUM_VALUE' | 'INPUT_FIELD';

export interface CoordinateChange {
  coordinate: string;
  kind: CoordinateKind;
  change: 'ADDED' | 'REMOVED' | 'CHANGED';
  before: string | null;
  after: string | null;
  breaking: boolean;
  dangerous: boolean;
}

export interface SchemaChangeText {
  type: string;
  description: string;
}

export interface SchemaDiff {
  changes: CoordinateChange[];
  breakingChanges: SchemaChangeText[];
  dangerousChanges: SchemaChangeText[];
  /** Coordinates whose meaning changed for an operation that uses them (removed or changed, enums with new values). */
  affected: Set<string>;
}

interface Entry {
  kind: CoordinateKind;
  signature: string;
}

const dflt = (v: unknown) => (v === undefined ? '' : ` = ${JSON.stringify(v)}`);

/** Every coordinate of a schema with a signature that changes when its meaning does. */
export function coordinatesOfSchema(schema: GraphQLSchema): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    let sig = type.constructor.name;
    if (isObjectType(type) || isInterfaceType(type)) {
      sig += ` implements ${type
        .getInterfaces()
        .map((i) => i.name)
        .sort()
        .join('&')}`;
      for (const field of Object.values(type.getFields())) {
        out.set(`${type.name}.${field.name}`, {
          kind: 'FIELD',
          signature: `${String(field.type)}${field.deprecationReason ? ' @deprecated' : ''}`,
        });
        for (const arg of field.args)
          out.set(`${type.name}.${field.name}(${arg.name}:)`, {
            kind: 'ARGUMENT',
            signature: `${String(arg.type)}${dflt(arg.defaultValue)}`,
          });
      }
    } else if (isUnionType(type)) {
      sig += ` = ${type
        .getTypes()
        .map((t) => t.name)
        .sort()
        .join('|')}`;
    } else if (isEnumType(type)) {
      for (const v of type.getValues()) out.set(`${type.name}.${v.name}`, { kind: 'ENUM_VALUE', signature: '' });
    } else if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields()))
        out.set(`${type.name}.${f.name}`, {
          kind: 'INPUT_FIELD',
          signature: `${String(f.type)}${dflt(f.defaultValue)}`,
        });
    }
    out.set(type.name, { kind: 'TYPE', signature: sig });
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a graphql-js change description is about `coordinate` (its `Type.field` or type name). */
function mentions(description: string, coordinate: string): boolean {
  const core = coordinate.replace(/\(.*$/, '');
  const arg = /\((\w+):\)$/.exec(coordinate)?.[1];
  if (!new RegExp(`(^|[^\\w.])${escapeRegExp(core)}([^\\w]|$)`).test(description)) return false;
  return !arg || new RegExp(`\\b${arg}\\b`).test(description);
}

export function diffSchemas(before: GraphQLSchema, after: GraphQLSchema): SchemaDiff {
  const a = coordinatesOfSchema(before);
  const b = coordinatesOfSchema(after);
  const breakingChanges = findBreakingChanges(before, after).map((c) => ({ type: c.type, description: c.description }));
  const dangerousChanges = findDangerousChanges(before, after).map((c) => ({
    type: c.type,
    description: c.description,
  }));
  const changes: CoordinateChange[] = [];
  const flag = (coordinate: string, list: SchemaChangeText[]) => list.some((c) => mentions(c.description, coordinate));
  for (const [coordinate, entry] of a) {
    const next = b.get(coordinate);
    if (!next)
      changes.push({
        coordinate,
        kind: entry.kind,
        change: 'REMOVED',
        before: entry.signature,
        after: null,
        // A field of a removed type is gone too; graphql-js names only the type.
        breaking: entry.kind !== 'ARGUMENT' || flag(coordinate, breakingChanges) || !b.has(coordinate.split('(')[0]),
        dangerous: flag(coordinate, dangerousChanges),
      });
    else if (next.signature !== entry.signature)
      changes.push({
        coordinate,
        kind: entry.kind,
        change: 'CHANGED',
        before: entry.signature,
        after: next.signature,
        breaking: flag(coordinate, breakingChanges),
        dangerous: flag(coordinate, dangerousChanges),
      });
  }
  for (const [coordinate, entry] of b)
    if (!a.has(coordinate))
      changes.push({
        coordinate,
        kind: entry.kind,
        change: 'ADDED',
        before: null,
        after: entry.signature,
        breaking: flag(coordinate, breakingChanges),
        dangerous: flag(coordinate, dangerousChanges),
      });
  changes.sort((x, y) => x.coordinate.localeCompare(y.coordinate) || x.change.localeCompare(y.change));
  const affected = new Set(changes.filter((c) => c.change !== 'ADDED').map((c) => c.coordinate));
  // A new enum value can reach clients that read the enum.
  for (const c of changes)
    if (c.change === 'ADDED' && c.kind === 'ENUM_VALUE' && a.has(c.coordinate.split('.')[0]))
      affected.add(c.coordinate.split('.')[0]);
  return { changes, breakingChanges, dangerousChanges, affected };
}
