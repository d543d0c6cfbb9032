// A deep copy of a schema: every named type (but graphql's own scalars and introspection types)
// and every custom directive is a new object, fields keep their resolvers, extensions and AST
// nodes, and the order of types and fields is kept (unlike lexicographicSortSchema, whose
// rebuilding this follows). Composition uses it to serve a schema it may then mutate (plugin
// attribution notes, grace deprecations) while the schema it was copied from is cached and reused.
import {
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLArgumentConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLNamedType,
  type GraphQLType,
} from 'graphql';

function mapValues<T, U>(map: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = Object.create(null);
  for (const key of Object.keys(map)) out[key] = fn(map[key]!);
  return out;
}

export function copySchema(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const typeMap = new Map<string, GraphQLNamedType>();

  const named = <T extends GraphQLNamedType>(type: T): T => typeMap.get(type.name) as T;
  const maybeNamed = <T extends GraphQLNamedType>(type: T | null | undefined): T | undefined =>
    type ? named(type) : undefined;
  const replace = <T extends GraphQLType>(type: T): T => {
    if (isListType(type)) return new GraphQLList(replace(type.ofType)) as T;
    if (isNonNullType(type)) return new GraphQLNonNull(replace(type.ofType)) as T;
    return named(type as GraphQLNamedType) as T;
  };
  const args = (map: GraphQLFieldConfigArgumentMap) =>
    mapValues(map, (arg): GraphQLArgumentConfig => ({ ...arg, type: replace(arg.type) }));
  const fields = <S, C>(map: GraphQLFieldConfigMap<S, C>): GraphQLFieldConfigMap<S, C> =>
    mapValues(map, (field) => ({ ...field, type: replace(field.type), args: field.args && args(field.args) }));
  const inputFields = (map: GraphQLInputFieldConfigMap): GraphQLInputFieldConfigMap =>
    mapValues(map, (field) => ({ ...field, type: replace(field.type) }));

  const copy = (type: GraphQLNamedType): GraphQLNamedType => {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) return type;
    if (isScalarType(type)) return new GraphQLScalarType(type.toConfig());
    if (isObjectType(type)) {
      const c = type.toConfig();
      return new GraphQLObjectType({
        ...c,
        interfaces: () => c.interfaces.map(named),
        fields: () => fields(c.fields),
      });
    }
    if (isInterfaceType(type)) {
      const c = type.toConfig();
      return new GraphQLInterfaceType({
        ...c,
        interfaces: () => c.interfaces.map(named),
        fields: () => fields(c.fields),
      });
    }
    if (isUnionType(type)) {
      const c = type.toConfig();
      return new GraphQLUnionType({ ...c, types: () => c.types.map(named) });
    }
    if (isEnumType(type)) {
      const c = type.toConfig();
      return new GraphQLEnumType({ ...c, values: mapValues(c.values, (v) => ({ ...v })) });
    }
    if (isInputObjectType(type)) {
      const c = type.toConfig();
      return new GraphQLInputObjectType({ ...c, fields: () => inputFields(c.fields) });
    }
    throw new Error(`copySchema: unexpected type ${String(type)}`);
  };

  for (const type of config.types) typeMap.set(type.name, copy(type));
  return new GraphQLSchema({
    ...config,
    types: [...typeMap.values()],
    directives: config.directives.map((d) =>
      isSpecifiedDirective(d) ? d : new GraphQLDirective({ ...d.toConfig(), args: args(d.toConfig().args) }),
    ),
    query: maybeNamed(config.query),
    mutation: maybeNamed(config.mutation),
    subscription: maybeNamed(config.subscription),
  });
}
