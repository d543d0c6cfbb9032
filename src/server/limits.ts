// Validation rules that bound how much work one operation may ask for.
// Depth counts nested field selections (fragments expanded); cost counts fields, multiplying
// everything under a list by the page size it asks for (`first`/`limit`, else DEFAULT_PAGE).
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLCompositeType,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

function limitError(message: string, extra: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extra } });
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

    function depthOf(set: SelectionSetNode | undefined, seen: Set<string>): number {
      if (!set) return 0;
      let max = 0;
      for (const sel of set.selections) {
        let d = 0;
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue; // introspection is bounded by itself
          d = sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          d = depthOf(sel.selectionSet, seen);
        } else {
          const name = sel.name.value;
          if (seen.has(name)) continue; // cycles are reported by NoFragmentCycles
          const frag = fragments.get(name);
          d = frag ? depthOf(frag.selectionSet, new Set(seen).add(name)) : 0;
        }
        if (d > max) max = d;
        if (max > maxDepth) return max; // stop early on hostile documents
      }
      return max;
    }

    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(limitError(`Query depth ${depth} exceeds the limit of ${maxDepth}`, { depth, maxDepth }));
        }
      },
    };
  };
}

function intArg(node: FieldNode, names: string[], variables: Record<string, unknown> | undefined): number | undefined {
  for (const arg of node.arguments ?? []) {
    if (!names.includes(arg.name.value)) continue;
    const v: ValueNode = arg.value;
    if (v.kind === Kind.INT) return Number(v.value);
    if (v.kind === Kind.VARIABLE) {
      const val = variables?.[v.name.value];
      if (typeof val === 'number') return val;
    }
  }
  return undefined;
}

export function costLimitRule(maxCost: number, variables?: Record<string, unknown>) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const schema = context.getSchema();

    function fieldDef(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
      if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
      return undefined;
    }

    function costOf(set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, seen: Set<string>, pagedParent = false): number {
      if (!set) return 0;
      let total = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          const def = fieldDef(parent, sel.name.value);
          const type: GraphQLOutputType | undefined = def?.type;
          const named = type ? getNamedType(type) : undefined;
          const childParent = named && (isObjectType(named) || isInterfaceType(named)) ? named : undefined;
          const page = intArg(sel, ['first', 'limit', 'last'], variables);
          const isList = !!type && isListType(getNullableType(type));
          // A paged connection object (`parts(first: 100) { items {...} }`) multiplies its
          // children once; its inner list does not multiply again.
          const multiplier = Math.min(page ?? (isList && !pagedParent ? DEFAULT_PAGE : 1), MAX_PAGE);
          total += 1 + multiplier * costOf(sel.selectionSet, childParent, seen, page !== undefined && !isList);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const cond = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
          total += costOf(sel.selectionSet, cond, seen, pagedParent);
        } else {
          const name = sel.name.value;
          if (seen.has(name)) continue;
          const frag = fragments.get(name);
          if (!frag) continue;
          const cond = schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType | undefined;
          total += costOf(frag.selectionSet, cond, new Set(seen).add(name), pagedParent);
        }
        if (total > maxCost) return total;
      }
      return total;
    }

    return {
      OperationDefinition(node) {
        const root =
          node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const cost = costOf(node.selectionSet, root ?? undefined, new Set());
        if (cost > maxCost) {
          context.reportError(limitError(`Query cost ${cost} exceeds the limit of ${maxCost}`, { cost, maxCost }));
        }
      },
    };
  };
}
