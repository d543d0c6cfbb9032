// Running subscriptions and the schema they started on. A schema swap does not touch running
// operations by itself (graphql-ws read the schema at subscribe time), so when a swap removes a
// Subscription root field (its plugin was deactivated), the subscriptions on it are ended here:
// the client gets one result with a clear error, then `complete`.
import { GraphQLError, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';

/** The error code clients see when their subscription field was removed. */
export const SUBSCRIPTION_REMOVED = 'SUBSCRIPTION_FIELD_REMOVED';

const END = Symbol('end');
type Result = ExecutionResult;

/** Wraps a subscription's event stream so it can be ended from outside at any time. */
class EndableStream implements AsyncIterableIterator<Result> {
  #done = false;
  #final: Result | null = null;
  #signal!: (v: typeof END) => void;
  readonly #ended = new Promise<typeof END>((r) => (this.#signal = r));
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
    this.#signal(END);
  }

  async next(): Promise<IteratorResult<Result>> {
    if (this.#done) return { value: undefined, done: true };
    const r = await Promise.race([this.#source.next(), this.#ended]);
    if (r === END || this.#final) {
      const final = this.#final!;
      this.#close();
      return { value: final, done: false };
    }
    if (r.done) this.#close();
    return r;
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

/** Root field names an operation selects (subscriptions have exactly one). */
export function rootFieldsOf(document: DocumentNode, operationName?: string | null): string[] {
  const op = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return [];
  return op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).map((s) => s.name.value);
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

  /** Registers a running subscription; returns the stream to hand to graphql-ws. */
  track(result: AsyncIterable<Result>, document: DocumentNode, operationName?: string | null): AsyncIterableIterator<Result> {
    const entry: Live = { fields: rootFieldsOf(document, operationName), stream: undefined! };
    entry.stream = new EndableStream(result, () => this.#live.delete(entry));
    this.#live.add(entry);
    return entry.stream;
  }

  /** After a swap: ends subscriptions whose root field the new schema no longer has. */
  schemaChanged(next: GraphQLSchema, previous: GraphQLSchema | undefined): void {
    const available = next.getSubscriptionType()?.getFields() ?? {};
    const before = previous?.getSubscriptionType()?.getFields() ?? {};
    for (const entry of [...this.#live]) {
      const gone = entry.fields.find((f) => !available[f]);
      if (!gone) continue;
      const plugin = CONTRIBUTED.exec(before[gone]?.description ?? '')?.[1];
      const why = plugin ? `plugin "${plugin}" was deactivated` : 'the schema changed';
      entry.stream.end({
        errors: [new GraphQLError(`Subscription field "${gone}" is no longer available: ${why}.`, { extensions: { code: SUBSCRIPTION_REMOVED, plugin } })],
      });
    }
  }
}
