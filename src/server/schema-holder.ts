// Owns "the current schema". Apollo reads it through the gateway interface; graphql-ws reads
// `current` at every subscribe. A swap replaces one reference: requests already running
// finish on the schema they started with.
import { createHash } from 'node:crypto';
import { printSchema, validateSchema, type GraphQLSchema } from 'graphql';
import type {
  GatewayExecutor,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';

export interface SchemaState {
  schema: GraphQLSchema;
  sdl: string;
  /** sha256 of the printed SDL, first 16 hex chars. */
  hash: string;
  version: number;
  builtAt: Date;
  buildMs: number;
}

export class SchemaValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`schema is invalid: ${problems.join('; ')}`);
  }
}

export function schemaHash(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 16);
}

/** Throws SchemaValidationError with every problem graphql-js finds (graphql-js caches the result per schema). */
export function throwIfInvalid(schema: GraphQLSchema): void {
  const errors = validateSchema(schema);
  if (errors.length) throw new SchemaValidationError(errors.map((e) => e.message));
}

// Printed SDL per schema object: a composition kept and put back in service (undoing a toggle) is
// the same object, and nothing writes into a schema once it is served or previewed.
const printed = new WeakMap<GraphQLSchema, string>();

/** The printed SDL, printed once per schema object. */
export function printedSdl(schema: GraphQLSchema): string {
  let sdl = printed.get(schema);
  if (sdl === undefined) {
    sdl = printSchema(schema);
    printed.set(schema, sdl);
  }
  return sdl;
}

/** throwIfInvalid, then the printed SDL. */
export function assertValidSchema(schema: GraphQLSchema): string {
  throwIfInvalid(schema);
  return printedSdl(schema);
}

type SwapListener = (next: SchemaState, previous: SchemaState | undefined) => void;

export class SchemaHolder {
  #state: SchemaState | undefined;
  #apolloCallbacks = new Set<GatewaySchemaLoadOrUpdateCallback>();
  #listeners = new Set<SwapListener>();

  get current(): SchemaState {
    if (!this.#state) throw new Error('no schema has been installed yet');
    return this.#state;
  }

  get ready(): boolean {
    return this.#state !== undefined;
  }

  /** Validates and installs a schema; returns the new state. An invalid schema changes nothing. */
  swap(schema: GraphQLSchema, buildMs = 0): SchemaState {
    const sdl = assertValidSchema(schema);
    const previous = this.#state;
    const next: SchemaState = {
      schema,
      sdl,
      hash: schemaHash(sdl),
      version: (previous?.version ?? 0) + 1,
      builtAt: new Date(),
      buildMs,
    };
    this.#state = next;
    for (const cb of this.#apolloCallbacks) cb({ apiSchema: schema, coreSupergraphSdl: sdl });
    for (const l of this.#listeners) l(next, previous);
    return next;
  }

  onSwap(listener: SwapListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Apollo Server's `gateway` option: load() hands over the current schema, later swaps push new ones.
   * With an `executor`, Apollo runs operations through it (its request lifecycle hooks still fire).
   */
  gateway(executor: GatewayExecutor | null = null): GatewayInterface {
    return {
      load: async () => {
        const state = this.current;
        for (const cb of this.#apolloCallbacks) cb({ apiSchema: state.schema, coreSupergraphSdl: state.sdl });
        return { executor };
      },
      onSchemaLoadOrUpdate: (cb) => {
        this.#apolloCallbacks.add(cb);
        return () => this.#apolloCallbacks.delete(cb);
      },
      stop: async () => {
        this.#apolloCallbacks.clear();
      },
    };
  }
}
