// SDL contributions: parse a plugin's typeDefs, list what it defines, and extend a schema with
// the typeDefs of several plugins at once (graphql-js extendSchema validates them).
import {
  GraphQLError,
  Kind,
  extendSchema,
  parse,
  validateSchema,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type OperationTypeNode,
  type SchemaExtensionNode,
} from 'graphql';
import type { RootKind } from '../../graphql/type-graphql-metadata.js';

const ROOTS: RootKind[] = ['Query', 'Mutation', 'Subscription'];

export interface SdlAnalysis {
  doc: DocumentNode;
  /** Names of the types the typeDefs define (not extensions). */
  typeNames: string[];
  /** `Type.field` of every field the typeDefs define or add by extension. */
  fieldCoords: string[];
  /** Fields added by `extend type X` (X defined elsewhere: core, a root, another plugin). */
  extensionCoords: string[];
}

export class SdlProblem extends Error {}

const TYPE_DEFINITIONS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);

const TYPE_EXTENSIONS = new Set<string>([
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_EXTENSION,
]);

function fieldsOf(def: DefinitionNode): readonly { name: { value: string } }[] {
  if ('fields' in def && Array.isArray(def.fields)) return def.fields as readonly { name: { value: string } }[];
  return [];
}

/** Analyses by typeDefs text: a plugin's typeDefs do not change, and every toggle composes them again. */
const analyses = new Map<string, SdlAnalysis | SdlProblem>();
const ANALYSES_KEPT = 2000;

/** Parses and inspects typeDefs (remembered per text); throws SdlProblem with a message for the plugin's record. */
export function analyzeSdl(typeDefs: string): SdlAnalysis {
  let known = analyses.get(typeDefs);
  if (!known) {
    try {
      known = analyze(typeDefs);
    } catch (e) {
      if (!(e instanceof SdlProblem)) throw e;
      known = e;
    }
    if (analyses.size >= ANALYSES_KEPT) analyses.delete(analyses.keys().next().value!);
    analyses.set(typeDefs, known);
  }
  if (known instanceof SdlProblem) throw known;
  return known;
}

function analyze(typeDefs: string): SdlAnalysis {
  let doc: DocumentNode;
  try {
    doc = parse(typeDefs);
  } catch (e) {
    throw new SdlProblem(`typeDefs do not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  const typeNames: string[] = [];
  const fieldCoords: string[] = [];
  const extensionCoords: string[] = [];
  for (const def of doc.definitions) {
    if (TYPE_DEFINITIONS.has(def.kind)) {
      const name = (def as ObjectTypeDefinitionNode).name.value;
      if ((ROOTS as string[]).includes(name))
        throw new SdlProblem(`typeDefs define 'type ${name}': add root fields with 'extend type ${name} { ... }'`);
      typeNames.push(name);
      for (const f of fieldsOf(def)) fieldCoords.push(`${name}.${f.name.value}`);
    } else if (TYPE_EXTENSIONS.has(def.kind)) {
      const name = (def as ObjectTypeExtensionNode).name.value;
      for (const f of fieldsOf(def)) {
        fieldCoords.push(`${name}.${f.name.value}`);
        extensionCoords.push(`${name}.${f.name.value}`);
      }
    } else if (def.kind === Kind.DIRECTIVE_DEFINITION) {
    } else {
      throw new SdlProblem(`typeDefs may only define and extend types (found ${def.kind})`);
    }
  }
  return { doc, typeNames, fieldCoords, extensionCoords };
}

/**
 * One document from several plugins' typeDefs. A root type the schema lacks (often
 * Subscription or Mutation) cannot be extended, so all `extend type <Root>` blocks for it are
 * merged into one definition plus `extend schema { <op>: <Root> }`.
 */
function mergeForSchema(schema: GraphQLSchema, docs: DocumentNode[]): DocumentNode {
  const definitions: DefinitionNode[] = [];
  const missingRootFields = new Map<RootKind, FieldDefinitionNode[]>();
  for (const doc of docs) {
    for (const def of doc.definitions) {
      if (def.kind === Kind.OBJECT_TYPE_EXTENSION && (ROOTS as string[]).includes(def.name.value)) {
        const root = def.name.value as RootKind;
        if (!rootType(schema, root) && !schema.getType(root)) {
          const list = missingRootFields.get(root) ?? [];
          list.push(...(def.fields ?? []));
          missingRootFields.set(root, list);
          continue;
        }
      }
      definitions.push(def);
    }
  }
  if (missingRootFields.size) {
    const operationTypes = [];
    for (const [root, fields] of missingRootFields) {
      const created: ObjectTypeDefinitionNode = {
        kind: Kind.OBJECT_TYPE_DEFINITION,
        name: { kind: Kind.NAME, value: root },
        fields,
        interfaces: [],
        directives: [],
      };
      definitions.push(created);
      operationTypes.push({
        kind: Kind.OPERATION_TYPE_DEFINITION,
        operation: root.toLowerCase() as OperationTypeNode,
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: root } },
      } as const);
    }
    const ext: SchemaExtensionNode = { kind: Kind.SCHEMA_EXTENSION, operationTypes, directives: [] };
    definitions.push(ext);
  }
  return { kind: Kind.DOCUMENT, definitions };
}

function rootType(schema: GraphQLSchema, root: RootKind) {
  return root === 'Query'
    ? schema.getQueryType()
    : root === 'Mutation'
      ? schema.getMutationType()
      : schema.getSubscriptionType();
}

/** Extends `schema` with the documents; throws GraphQLError (or Error) when they are invalid. */
export function extendWithSdl(schema: GraphQLSchema, docs: DocumentNode[]): GraphQLSchema {
  if (!docs.length) return schema;
  const extended = extendSchema(schema, mergeForSchema(schema, docs));
  const errors = validateSchema(extended);
  if (errors.length) throw new GraphQLError(errors.map((e) => e.message).join('; '));
  return extended;
}
