// Reading (and un-leaking) type-graphql 2.0.0-rc.4's global metadata storage.
//
// The leak (stack notes): when a build includes a resolver class with a @FieldResolver for a
// field its object type does not declare (e.g. a plugin's `Part.supplierPrice`), type-graphql
// pushes a synthetic field into the SHARED `fields` array of that object type's metadata. Later
// builds without the plugin still see the field. The synthetic fields never reach the storage's
// own `fields` list (they go to a per-build clone), so clearing each class's computed `fields`
// array makes the next build recompute it from the decorators alone.
import { getMetadataStorage } from 'type-graphql';

/** A class type-graphql knows (resolver, object type, input type...). */
// biome-ignore lint/complexity/noBannedTypes: type-graphql takes any class (resolver, object or input type) as a Function
export type SchemaClass = Function;

export type RootKind = 'Query' | 'Mutation' | 'Subscription';

/** Forget the per-class field lists earlier builds computed (and polluted). Cheap. */
export function clearBuiltFieldLists(): void {
  const s = getMetadataStorage();
  for (const def of s.objectTypes) def.fields = undefined;
  for (const def of s.interfaceTypes) def.fields = undefined;
}

/** `cls` or one of its ancestors is `target` (type-graphql maps inherited handlers to subclasses). */
function inChain(target: SchemaClass, cls: SchemaClass): boolean {
  return target === cls || Object.prototype.isPrototypeOf.call(target, cls);
}

/** Root field names a resolver class defines, per root type. */
export function rootFieldsOf(cls: SchemaClass): Record<RootKind, string[]> {
  const s = getMetadataStorage();
  const pick = (list: Array<{ target: SchemaClass; schemaName: string }>) =>
    list.filter((h) => inChain(h.target, cls)).map((h) => h.schemaName);
  return { Query: pick(s.queries), Mutation: pick(s.mutations), Subscription: pick(s.subscriptions) };
}

/** GraphQL type name of a type-graphql class (object, interface, input), if it has one. */
export function typeNameOf(cls: SchemaClass): string | undefined {
  const s = getMetadataStorage();
  return (
    s.objectTypes.find((d) => d.target === cls) ??
    s.interfaceTypes.find((d) => d.target === cls) ??
    s.inputTypes.find((d) => d.target === cls)
  )?.name;
}

export interface FieldResolverInfo {
  /** The object type class the field is added to, or undefined when it cannot be resolved. */
  typeClass: SchemaClass | undefined;
  typeName: string | undefined;
  field: string;
}

/** The @FieldResolver methods of a resolver class (fields it adds to or resolves on a type). */
export function fieldResolversOf(cls: SchemaClass): FieldResolverInfo[] {
  const s = getMetadataStorage();
  const out: FieldResolverInfo[] = [];
  for (const fr of s.fieldResolvers) {
    if (fr.kind !== 'external' || !inChain(fr.target, cls)) continue;
    // The @Resolver(() => Type) of the class (or of the ancestor that declares the method).
    const owner =
      s.resolverClasses.find((r) => r.target === cls) ?? s.resolverClasses.find((r) => r.target === fr.target);
    let typeClass: SchemaClass | undefined;
    try {
      typeClass = owner?.getObjectType() as SchemaClass | undefined;
    } catch {
      typeClass = undefined;
    }
    out.push({ typeClass, typeName: typeClass ? typeNameOf(typeClass) : undefined, field: fr.schemaName });
  }
  return out;
}

/**
 * Runs a type-graphql build that sees only the field resolvers of the given resolver classes.
 * type-graphql builds EVERY registered field resolver, whichever resolvers a build includes, and
 * throws on one it cannot place (a field resolver of an inactive plugin on a type that does not
 * exist, or a class that never finished decorating): one broken plugin module would otherwise
 * break every later build. buildSchema copies the storage synchronously at its start, so the
 * filtered list is restored before the build's promise is awaited.
 */
export function withOnlyFieldResolversOf<T>(resolvers: readonly SchemaClass[], build: () => T): T {
  const s = getMetadataStorage();
  const all = s.fieldResolvers;
  s.fieldResolvers = all.filter((fr) => fr.kind !== 'external' || resolvers.some((r) => inChain(fr.target, r)));
  try {
    return build();
  } finally {
    s.fieldResolvers = all;
  }
}
