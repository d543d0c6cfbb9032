// What one GraphQL document uses: its normalised text and hash, operation name and type, and the
// schema coordinates it touches (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Input.field`,
// named types). Computed once per distinct document (the recorder caches it), never per request.
// Must stay true: the hash depends on the document's text only (never on the schema), so every
// process gives the same operation the same hash; string and number literals are hidden before
// anything is kept (a password or token written inline is never stored, and operations that
// differ only in literals count as one).
import { createHash } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  print,
  stripIgnoredCharacters,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

export interface DocumentUsage {
  hash: string;
  /** The document printed canonically without ignored characters (stored once per hash). */
  text: string;
  operationName: string | null;
  /** query, mutation or subscription (of the first operation). */
  operationType: string;
  coordinates: string[];
}

/** The document with string literals as "" and number literals as 0 (enums, booleans, null stay). */
export function hideLiterals(document: DocumentNode): DocumentNode {
  return visit(document, {
    StringValue: (node) => ({ ...node, value: '', block: false }),
    IntValue: (node) => ({ ...node, value: '0' }),
    FloatValue: (node) => ({ ...node, value: '0' }),
  });
}

/** Canonical text: literals hidden, printed (formatting does not matter), ignored characters stripped. */
export function normalizedText(document: DocumentNode): string {
  return stripIgnoredCharacters(print(hideLiterals(document)));
}

export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The coordinates `document` uses, resolved against `schema` (unknown parts are skipped). */
export function coordinatesOf(schema: GraphQLSchema, document: DocumentNode): string[] {
  const out = new Set<string>();
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (parent && !node.name.value.startsWith('__')) out.add(`${parent.name}.${node.name.value}`);
        const type = info.getType();
        if (type) out.add(getNamedType(type).name);
      },
      Argument(node) {
        const field = info.getFieldDef();
        const parent = info.getParentType();
        if (field && parent) out.add(`${parent.name}.${field.name}(${node.name.value}:)`);
      },
      EnumValue(node) {
        const type = info.getInputType();
        const named = type ? getNamedType(type) : null;
        if (named && isEnumType(named)) out.add(`${named.name}.${node.value}`);
      },
      ObjectField(node) {
        const parent = info.getParentInputType();
        const named = parent ? getNamedType(parent) : null;
        if (named && isInputObjectType(named)) out.add(`${named.name}.${node.name.value}`);
      },
      NamedType(node) {
        if (schema.getType(node.name.value)) out.add(node.name.value);
      },
    }),
  );
  return [...out].sort();
}

/** Everything recorded about a document; `operationName` picks the operation (else the first). */
export function analyzeDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): DocumentUsage {
  const text = normalizedText(document);
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = (operationName && ops.find((o) => o.name?.value === operationName)) || ops[0];
  return {
    hash: documentHash(text),
    text,
    operationName: op?.name?.value ?? operationName ?? null,
    operationType: op?.operation ?? 'query',
    coordinates: coordinatesOf(schema, document),
  };
}
