// Limits on how much work one operation may ask for, checked before anything runs: size in
// tokens (at parse, so graphql-js's own validation stays short), depth, cost, aliases and
// introspection. Used as a validation rule (no variables yet: page sizes given as variables count
// at the argument's default) and again once the request's variables are known (Apollo plugin,
// graphql-ws onSubscribe), so `limit: $n` is costed like `limit: 500`.
//
// What must stay true:
// - Work is linear in the document: each fragment is measured once per context (memoised),
//   never re-walked per spread, so `...F(i-1) ...F(i-1)` chains cannot blow up.
// - Every field costs at least 1 (`__typename` and introspection fields too) and multipliers are
//   >= 1, so stopping as soon as a limit is passed also caps the selections visited.
// - Cost: each field 1; a list or paged field (`limit`/`first`/`last`) 1 more for its fetch, and
//   its children times the page size (literal, variable, or the argument's default; clamped to
//   1..MAX_PAGE; an unpaged list counts DEFAULT_PAGE). A paged connection's inner list does not
//   multiply again.
// - Introspection: fields under `__schema`/`__type` count in the cost (1 each, not in depth, which
//   graphql-js's MaxIntrospectionDepthRule bounds); at most one `__schema` per operation and no
//   aliases inside introspection types, so one request cannot ask for the schema many times over.
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  getOperationAST,
  isInterfaceType,
  isListType,
  isObjectType,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { AppConfig } from '../config.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
/** `__schema` selections allowed per operation (fragments expanded). */
export const MAX_SCHEMA_SELECTIONS = 1;
const PAGE_ARGS = new Set(['first', 'last', 'limit']);

export interface QueryLimits {
  /** Most lexical tokens in a document, enforced while parsing (MAX_QUERY_TOKENS). */
  maxTokens: number;
  /** Deepest field nesting, fragments expanded, introspection not counted (MAX_QUERY_DEPTH). */
  maxDepth: number;
  /** Largest cost (MAX_QUERY_COST). */
  maxCost: number;
  /** Most aliased fields per operation, fragments expanded (MAX_QUERY_ALIASES). */
  maxAliases: number;
}

export function queryLimits(
  config: Pick<AppConfig, 'maxQueryTokens' | 'maxQueryDepth' | 'maxQueryCost' | 'maxQueryAliases'>,
): QueryLimits {
  return {
    maxTokens: config.maxQueryTokens,
    maxDepth: config.maxQueryDepth,
    maxCost: config.maxQueryCost,
    maxAliases: config.maxQueryAliases,
  };
}

/** What an operation (or a fragment, in one context) asks for; a lower bound once over a limit. */
export interface Measure {
  depth: number;
  cost: number;
  aliases: number;
  schemas: number;
  /** Aliases on fields of introspection types (`__Schema`, `__Type`...). */
  introspectionAliases: number;
}

const zero = (): Measure => ({ depth: 0, cost: 0, aliases: 0, schemas: 0, introspectionAliases: 0 });

type Variables = Readonly<Record<string, unknown>>;

/** Measures the operations of one document; fragment results are shared between them. */
class Meter {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #memo = new Map<string, Measure>();
  readonly #inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly limits: QueryLimits,
    /** Request variables; undefined while validating (page variables then count at the argument default). */
    private readonly variables: Variables | undefined,
  ) {
    for (const def of document.definitions)
      if (def.kind === Kind.FRAGMENT_DEFINITION) this.#fragments.set(def.name.value, def);
  }

  operation(node: OperationDefinitionNode): Measure {
    const root =
      node.operation === 'query'
        ? this.schema.getQueryType()
        : node.operation === 'mutation'
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    return this.#set(node.selectionSet, root ?? undefined, false);
  }

  exceeds(m: Measure): boolean {
    const l = this.limits;
    return (
      m.depth > l.maxDepth ||
      m.cost > l.maxCost ||
      m.aliases > l.maxAliases ||
      m.schemas > MAX_SCHEMA_SELECTIONS ||
      m.introspectionAliases > 0
    );
  }

  #set(set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, paged: boolean): Measure {
    const total = zero();
    if (!set) return total;
    for (const sel of set.selections) {
      let m: Measure;
      if (sel.kind === Kind.FIELD) m = this.#field(sel, parent, paged);
      else if (sel.kind === Kind.INLINE_FRAGMENT)
        m = this.#set(sel.selectionSet, this.#type(sel.typeCondition?.name.value) ?? parent, paged);
      else m = this.#fragment(sel.name.value, paged);
      total.depth = Math.max(total.depth, m.depth);
      total.cost += m.cost;
      total.aliases += m.aliases;
      total.schemas += m.schemas;
      total.introspectionAliases += m.introspectionAliases;
      // Sums only grow from here, so a partial result already over a limit stays over it.
      if (this.exceeds(total)) break;
    }
    return total;
  }

  #fragment(name: string, paged: boolean): Measure {
    const key = `${name}|${paged}`;
    const known = this.#memo.get(key);
    if (known) return known;
    const frag = this.#fragments.get(name);
    // Unknown fragments and cycles are reported by graphql-js's own rules.
    if (!frag || this.#inProgress.has(key)) return zero();
    this.#inProgress.add(key);
    const m = this.#set(frag.selectionSet, this.#type(frag.typeCondition.name.value), paged);
    this.#inProgress.delete(key);
    this.#memo.set(key, m);
    return m;
  }

  #field(node: FieldNode, parent: GraphQLCompositeType | undefined, paged: boolean): Measure {
    const name = node.name.value;
    const def = fieldDef(parent, name);
    const named = def ? getNamedType(def.type) : undefined;
    const childParent = named && (isObjectType(named) || isInterfaceType(named)) ? named : undefined;
    const inIntrospectionType = !!parent && parent.name.startsWith('__');

    if (name.startsWith('__') || inIntrospectionType) {
      // Introspection answers from memory and its size is bounded by the schema: each field
      // costs 1 and adds no depth, but aliases inside it (`a: types`, `b: types`...) would
      // repeat the whole schema, and so would several `__schema` selections.
      const m = this.#set(node.selectionSet, childParent, false);
      return {
        depth: 0,
        cost: 1 + m.cost,
        aliases: m.aliases + (node.alias ? 1 : 0),
        schemas: m.schemas + (name === '__schema' ? 1 : 0),
        introspectionAliases: m.introspectionAliases + (node.alias && inIntrospectionType ? 1 : 0),
      };
    }

    const isList = !!def && isListType(getNullableType(def.type));
    const page = this.#pageSize(node, def);
    const multiplier = page !== undefined ? clamp(page, 1, MAX_PAGE) : isList && !paged ? DEFAULT_PAGE : 1;
    // A paged connection object (`parts(limit: 100) { items {...} }`) multiplies its children
    // once; its inner list does not multiply again.
    const m = this.#set(node.selectionSet, childParent, page !== undefined && !isList);
    const fetch = isList || page !== undefined ? 1 : 0; // a list costs its own fetch, even when empty
    return {
      depth: node.selectionSet ? 1 + m.depth : 1,
      cost: 1 + fetch + multiplier * m.cost,
      aliases: m.aliases + (node.alias ? 1 : 0),
      schemas: m.schemas,
      introspectionAliases: m.introspectionAliases,
    };
  }

  /** The page size a field asks for: literal, variable value, else the argument's default. */
  #pageSize(node: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number | undefined {
    for (const arg of node.arguments ?? []) {
      if (!PAGE_ARGS.has(arg.name.value)) continue;
      const v = arg.value;
      if (v.kind === Kind.INT) return Number(v.value);
      if (v.kind === Kind.VARIABLE) {
        const value = this.variables?.[v.name.value];
        if (typeof value === 'number') return value;
      }
    }
    for (const a of def?.args ?? [])
      if (PAGE_ARGS.has(a.name) && typeof a.defaultValue === 'number') return a.defaultValue;
    return undefined;
  }

  #type(name: string | undefined): GraphQLCompositeType | undefined {
    const t = name ? this.schema.getType(name) : undefined;
    return t && (isObjectType(t) || isInterfaceType(t)) ? t : undefined;
  }
}

function fieldDef(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
  return undefined;
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : max;
}

function limitError(message: string, extra: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extra } });
}

/** A count for messages: exponential documents can reach numbers JSON cannot carry. */
function shown(n: number): number {
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}

function errorsFor(m: Measure, limits: QueryLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const { maxDepth, maxCost, maxAliases } = limits;
  if (m.depth > maxDepth)
    errors.push(limitError(`Query depth ${m.depth} exceeds the limit of ${maxDepth}`, { depth: m.depth, maxDepth }));
  if (m.cost > maxCost)
    errors.push(
      limitError(`Query cost ${shown(m.cost)} exceeds the limit of ${maxCost}`, { cost: shown(m.cost), maxCost }),
    );
  if (m.aliases > maxAliases) {
    errors.push(
      limitError(`Query uses ${shown(m.aliases)} aliases, more than the limit of ${maxAliases}`, {
        aliases: shown(m.aliases),
        maxAliases,
      }),
    );
  }
  if (m.schemas > MAX_SCHEMA_SELECTIONS) {
    errors.push(
      limitError(`Query selects __schema ${shown(m.schemas)} times; at most ${MAX_SCHEMA_SELECTIONS} per operation`, {
        schemaSelections: shown(m.schemas),
      }),
    );
  }
  if (m.introspectionAliases > 0) {
    errors.push(
      limitError('Aliases are not allowed inside introspection (__schema, __type) selections', {
        introspectionAliases: shown(m.introspectionAliases),
      }),
    );
  }
  return errors;
}

// graphql-js's parser stops with this message when `maxTokens` is passed (16.x spells it "more that").
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** Our error for a parse stopped by `maxTokens`, or undefined for any other syntax error. */
export function tokenLimitError(parseErrorMessage: string): GraphQLError | undefined {
  const m = TOO_MANY_TOKENS.exec(parseErrorMessage);
  if (!m) return undefined;
  const maxTokens = Number(m[1]);
  return limitError(`Query has more than ${maxTokens} tokens, the limit; send a smaller document`, { maxTokens });
}

/** Validation rule: every operation of the document, page variables at their argument default. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const meter = new Meter(context.getSchema(), context.getDocument(), limits, undefined);
    return {
      OperationDefinition(node) {
        for (const e of errorsFor(meter.operation(node), limits)) context.reportError(e);
        return false; // nothing below needs this rule
      },
    };
  };
}

/** Measures one operation with the request's variables (and the operation's variable defaults). */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables | undefined,
  limits: QueryLimits,
): Measure {
  const values: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const d = v.defaultValue;
    if (d?.kind === Kind.INT) values[v.variable.name.value] = Number(d.value);
  }
  for (const [k, v] of Object.entries(variables ?? {})) if (v !== null && v !== undefined) values[k] = v;
  return new Meter(schema, document, limits, values).operation(operation);
}

/** The limit errors of the operation that will run, with the request's variables. */
export function operationLimitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables | undefined,
  limits: QueryLimits,
): GraphQLError[] {
  return errorsFor(measureOperation(schema, document, operation, variables, limits), limits);
}

/**
 * For graphql-ws `onSubscribe`: the limit errors of a subscribe payload, or undefined to let the
 * server go on (it reports syntax errors and unknown operations itself).
 */
export function payloadLimitErrors(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Variables | null },
  limits: QueryLimits,
): GraphQLError[] | undefined {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: limits.maxTokens });
  } catch (e) {
    const tooBig = tokenLimitError(e instanceof Error ? e.message : '');
    return tooBig ? [tooBig] : undefined; // other syntax errors: the server reports them
  }
  const operation = getOperationAST(document, payload.operationName ?? undefined);
  if (!operation) return undefined;
  const errors = operationLimitErrors(schema, document, operation, payload.variables ?? undefined, limits);
  return errors.length ? errors : undefined;
}
