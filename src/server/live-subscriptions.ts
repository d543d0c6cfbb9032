// Running subscriptions and the schema they started on. A schema swap does not touch running
// operations by itself (graphql-ws read the schema at subscribe time), so when a swap removes a
// Subscription root field (its plugin was deactivated), the subscriptions on it are ended here:
// the client gets one result with a clear error, then `complete`. Root fields are resolved as
// graphql-js executes them (fragments, inline fragments, @include/@skip with the variables), so
// a field selected through a fragment is ended like a plain one.
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields } from 'graphql/execution/collectFields.js';
import { getVariableValues } from 'graphql/execution/values.js';

/** The error code clients see when their subscription field was removed. */
export const SUBSCRIPTION_REMOVED = 'SUBSCRIPTION_FIELD_REMOVED';

type Result = ExecutionResult;

/**
 * Wraps a subscription's event stream so it can be ended from outside at any time.
 * Memory must stay flat however many events pass: each next() waits on the source's own promise
 * and remembers only its own resolver (so end() can answer it); nothing long-lived is raced
 * against per event (a race against a promise that stays pending for the subscription's life
 * leaves one reaction on it per event, released only when the socket closes).
 */
class EndableStream implements AsyncIterableIterator<Result> {
  #done = false;
  #final: Result | null = null;
  /** The resolver of the next() call waiting on the source, if any. */
  #waiting: ((r: IteratorResult<Result>) => void) | undefined;
  readonly #source: AsyncIterator<Result>;

  constructor(
    source: AsyncIterable<Result>,
    private readonly onClose: () => void,
  ) {
    this.#source = source[Symbol.asyncIterator]();
  }

  end(final: Result): void {
    if (this.#done || this.#final) return;
    this.#final = final;
    const waiting = this.#waiting;
    if (!waiting) return; // the next next() call delivers it
    this.#waiting = undefined;
    this.#close();
    waiting({ value: final, done: false });
  }

  next(): Promise<IteratorResult<Result>> {
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    if (this.#final) {
      const final = this.#final;
      this.#close();
      return Promise.resolve({ value: final, done: false });
    }
    return new Promise<IteratorResult<Result>>((resolve, reject) => {
      this.#waiting = resolve;
      this.#source.next().then(
        (r) => {
          // Ended meanwhile: end() has answered this call already.
          if (this.#waiting !== resolve) return;
          this.#waiting = undefined;
          if (r.done) this.#close();
          resolve(r);
        },
        (e: unknown) => {
          if (this.#waiting !== resolve) return;
          this.#waiting = undefined;
          reject(e);
        },
      );
    });
  }

  async return(): Promise<IteratorResult<Result>> {
    this.#close();
    return { value: undefined, done: true };
  }

  #close(): void {
    if (this.#done) return;
    this.#done = true;
    this.onClose();
    void this.#source.return?.()?.catch(() => undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Names of the root fields an operation executes (subscriptions have exactly one), collected
 * like graphql-js does: through fragment spreads and inline fragments, honouring @include and
 * @skip with the operation's variables.
 */
export function rootFieldsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variableValues?: Readonly<Record<string, unknown>> | null,
): string[] {
  let op: OperationDefinitionNode | undefined;
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    else if (d.kind === Kind.OPERATION_DEFINITION && !op && (!operationName || d.name?.value === operationName)) op = d;
  }
  if (!op) return [];
  const rootType = schema.getRootType(op.operation);
  if (!rootType) return [];
  try {
    // Execution coerced these already; if that fails here anyway, the raw values decide.
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], { ...variableValues });
    const variables = coerced.coerced ?? { ...variableValues };
    const collected = collectFields(schema, fragments, variables, rootType, op.selectionSet);
    return [...new Set([...collected.values()].map((nodes) => nodes[0]!.name.value))];
  } catch {
    // Not expected (execution collected the same fields); never fail the operation over it.
    return op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).map((s) => s.name.value);
  }
}

const CONTRIBUTED = /Contributed by plugin "([^"]+)"/;

interface Live {
  fields: string[];
  stream: EndableStream;
}

export class LiveSubscriptions {
  readonly #live = new Set<Live>();

  get size(): number {
    return this.#live.size;
  }

  /** Registers a running subscription (with the arguments it executes with); returns the stream to hand to graphql-ws. */
  track(
    result: AsyncIterable<Result>,
    args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>,
  ): AsyncIterableIterator<Result> {
    const entry: Live = {
      fields: rootFieldsOf(args.schema, args.document, args.operationName, args.variableValues),
      stream: undefined!,
    };
    entry.stream = new EndableStream(result, () => this.#live.delete(entry));
    this.#live.add(entry);
    return entry.stream;
  }

  /**
   * After a swap: ends subscriptions whose root field the new schema no longer has, or keeps only
   * as a disabled plugin's deprecated stand-in (extensions.disabledPlugin: deprecation grace).
   */
  schemaChanged(next: GraphQLSchema, previous: GraphQLSchema | undefined): void {
    const available = next.getSubscriptionType()?.getFields() ?? {};
    const before = previous?.getSubscriptionType()?.getFields() ?? {};
    for (const entry of [...this.#live]) {
      const gone = entry.fields.find((f) => !available[f] || available[f].extensions?.disabledPlugin);
      if (!gone) continue;
      const plugin = CONTRIBUTED.exec(before[gone]?.description ?? '')?.[1];
      const why = plugin ? `plugin "${plugin}" was deactivated` : 'the schema changed';
      entry.stream.end({
        errors: [
          new GraphQLError(`Subscription field "${gone}" is no longer available: ${why}.`, {
            extensions: { code: SUBSCRIPTION_REMOVED, plugin },
          }),
        ],
      });
    }
  }
}
