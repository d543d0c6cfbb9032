// Executes Apollo's operations, compiled with graphql-jit (EXECUTOR=jit, the default) or with
// graphql-js (EXECUTOR=graphql-js). Apollo hands the executor each request after parsing and
// validating it against `requestContext.schema`, with every request lifecycle hook still firing
// (the gateway interface's `load()` returns this executor).
// What must stay true:
// - a document runs only on the schema it was validated with: compiled queries are keyed by
//   operation name + source AND checked against the schema object (Apollo 5's `schemaHash` is a
//   constant placeholder, so it cannot be part of the key), and the whole cache is dropped on
//   every swap (a field removed by a toggle is refused at once, never served from cache);
// - the cache is a bounded LRU (COMPILED_QUERY_CACHE_SIZE documents);
// - what graphql-jit cannot compile runs on graphql-js and is counted (`serverStatus.executorFallbacks`).
import {
  BREAK,
  execute,
  getNamedType,
  GraphQLError,
  isAbstractType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type SourceLocation,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { logger } from '../../log.js';

const log = logger('executor');

export type ExecutorKind = 'jit' | 'graphql-js';
export const EXECUTOR_KINDS: readonly ExecutorKind[] = ['jit', 'graphql-js'];

/** A document graphql-jit could not compile: remembered so it is not recompiled at every request. */
const NOT_COMPILABLE = Symbol('not compilable');

interface CacheEntry {
  schema: GraphQLSchema;
  compiled: CompiledQuery | typeof NOT_COMPILABLE;
}

export interface ExecutorStats {
  kind: ExecutorKind;
  /** Compiled documents held now. */
  cached: number;
  /** Documents compiled since start. */
  compiled: number;
  /** Executions that ran on graphql-js because graphql-jit could not compile the document. */
  fallbacks: number;
  /** Times the cache was dropped (schema swaps). */
  drops: number;
}

/**
 * graphql-jit's errors look like graphql-js's but leave `extensions` undefined when there are none,
 * which Apollo's error formatting does not expect: rebuild them as graphql-js errors (same message,
 * locations, path, original error and extensions).
 */
function asUpstreamError(e: GraphQLError): GraphQLError {
  const upstream = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    extensions: e.extensions ?? undefined,
  });
  if (e.locations) (upstream as { locations?: readonly SourceLocation[] }).locations = e.locations;
  return upstream;
}

/**
 * Whether the document selects a union or interface field whose type resolves through
 * `resolveType`: type-graphql's resolveType returns a promise, which graphql-js awaits and
 * graphql-jit does not, so those documents run on graphql-js.
 */
export function selectsAsyncAbstractType(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = getNamedType(typeInfo.getType());
        if (type && isAbstractType(type) && type.resolveType) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}

export class OperationExecutor {
  readonly #cache = new Map<string, CacheEntry>();
  #compiled = 0;
  #fallbacks = 0;
  #drops = 0;

  constructor(
    readonly kind: ExecutorKind,
    private readonly maxEntries: number,
  ) {}

  get stats(): ExecutorStats {
    return {
      kind: this.kind,
      cached: this.#cache.size,
      compiled: this.#compiled,
      fallbacks: this.#fallbacks,
      drops: this.#drops,
    };
  }

  /** Drops every compiled query (called on every schema swap). */
  clear(): void {
    this.#cache.clear();
    this.#drops++;
  }

  /** Apollo's gateway executor. */
  readonly execute: GatewayExecutor = async (rc) => this.run(rc);

  async run(rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> {
    const variables = rc.request.variables ?? {};
    // Subscriptions are served over WebSocket; anything else that is not a query/mutation runs as before.
    if (this.kind === 'graphql-js' || rc.operation.operation === 'subscription') return this.#interpreted(rc);
    const compiled = this.#compiledFor(rc);
    if (compiled === NOT_COMPILABLE) {
      this.#fallbacks++;
      return this.#interpreted(rc);
    }
    const result = await compiled.query(undefined, rc.context, variables);
    // No `data` at all: the variables were refused before anything ran. graphql-js words (and
    // Apollo classifies) those errors its own way, so it answers them; nothing has executed yet.
    if (result.data === undefined && result.errors?.length) return this.#interpreted(rc);
    return result.errors?.length ? { ...result, errors: result.errors.map(asUpstreamError) } : result;
  }

  #interpreted(rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> | ExecutionResult {
    return execute({
      schema: rc.schema,
      document: rc.document,
      contextValue: rc.context,
      variableValues: rc.request.variables,
      operationName: rc.operationName,
    });
  }

  #compiledFor(rc: GatewayGraphQLRequestContext): CompiledQuery | typeof NOT_COMPILABLE {
    const key = `${rc.operationName ?? ''}\u0000${rc.source}`;
    const hit = this.#cache.get(key);
    if (hit && hit.schema === rc.schema) {
      // LRU: a Map keeps insertion order, so re-inserting marks the entry as the newest.
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit.compiled;
    }
    const compiled = this.#compile(rc);
    this.#cache.set(key, { schema: rc.schema, compiled });
    while (this.#cache.size > this.maxEntries) {
      const oldest = this.#cache.keys().next().value as string;
      this.#cache.delete(oldest);
    }
    return compiled;
  }

  #compile(rc: GatewayGraphQLRequestContext): CompiledQuery | typeof NOT_COMPILABLE {
    if (selectsAsyncAbstractType(rc.schema, rc.document)) {
      log.debug(`${rc.operationName ?? 'an operation'} selects a union/interface: runs on graphql-js`);
      return NOT_COMPILABLE;
    }
    try {
      const result = compileQuery(rc.schema, rc.document, rc.operationName ?? undefined, {
        useExperimentalPathBasedSkipInclude: true,
      });
      if (isCompiledQuery(result)) {
        this.#compiled++;
        return result;
      }
      log.debug(`graphql-jit could not compile ${rc.operationName ?? 'an operation'}: ${result.errors?.[0]?.message}`);
    } catch (e) {
      log.debug(`graphql-jit failed on ${rc.operationName ?? 'an operation'}: ${e instanceof Error ? e.message : e}`);
    }
    return NOT_COMPILABLE;
  }
}
