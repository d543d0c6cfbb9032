// Shared execution of identical subscriptions. graphql-js runs a subscription's selection once
// per subscriber per event; for a root field marked SHARED_SUBSCRIPTION_EXECUTION (its result
// depends only on the event, the arguments and the subscriber, e.g. `events`), the selection is
// executed once per distinct (schema, document, operation, variables, user) per event and every
// such subscription gets the same result. Keyed by the user, not only the role: a field a plugin
// adds to `Event` may read `ctx.user`, and one user's result must never reach another.
//
// What must stay true:
// - the field's `subscribe` (authorization, argument checks, the per-subscriber filter) still
//   runs for every subscriber: only the mapping of an event the subscriber's own source stream
//   yielded is shared, so a subscriber never sees an event its filter or access refused;
// - results are cached on the event object itself (WeakMap), so nothing outlives the event;
// - unmarked fields run exactly as graphql-js `subscribe` runs them.
import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  print,
  subscribe,
} from 'graphql';
import { SHARED_SUBSCRIPTION_EXECUTION } from '../graphql/build.js';
import { rootFieldsOf } from './live-subscriptions.js';

type Result = ExecutionResult;

/** event object → (sharing key → its execution) */
const executions = new WeakMap<object, Map<string, Promise<Result>>>();
const schemaIds = new WeakMap<GraphQLSchema, number>();
let nextSchemaId = 0;

function schemaId(schema: GraphQLSchema): number {
  let id = schemaIds.get(schema);
  if (id === undefined) {
    id = ++nextSchemaId;
    schemaIds.set(schema, id);
  }
  return id;
}

/** The part of the context a shared result may depend on: who subscribes (user id and role). */
function subscriberOf(context: unknown): string {
  const user = (context as { user?: { id?: unknown; isStaff?: boolean; isSuperuser?: boolean } | null } | null)?.user;
  if (!user) return 'anonymous';
  const role = user.isSuperuser ? 'superuser' : user.isStaff ? 'staff' : 'user';
  return `${role}:${String(user.id ?? '')}`;
}

/** The sharing key of a subscription whose single root field is marked shareable, else undefined. */
export function sharingKey(args: ExecutionArgs): string | undefined {
  const fields = rootFieldsOf(args.schema, args.document, args.operationName, args.variableValues);
  const subscriptionFields = args.schema.getSubscriptionType()?.getFields();
  if (fields.length !== 1 || !subscriptionFields?.[fields[0]!]?.extensions[SHARED_SUBSCRIPTION_EXECUTION])
    return undefined;
  const text = args.document.loc?.source.body ?? print(args.document);
  return JSON.stringify([
    schemaId(args.schema),
    subscriberOf(args.contextValue),
    args.operationName ?? null,
    args.variableValues ?? null,
    text,
  ]);
}

/** Maps each source event through `run`, closing the source when the consumer stops. */
function mapStream(
  source: AsyncIterator<unknown>,
  run: (event: unknown) => Promise<Result>,
): AsyncIterableIterator<Result> {
  const stream: AsyncIterableIterator<Result> = {
    async next() {
      const r = await source.next();
      if (r.done) return { value: undefined, done: true };
      return { value: await run(r.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(e: unknown) {
      await source.return?.();
      throw e;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

/** graphql-ws `subscribe`: graphql-js subscribe, with shared per-event execution for marked fields. */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncIterableIterator<Result> | Result> {
  const key = sharingKey(args);
  if (key === undefined) return subscribe(args);
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  return mapStream(iterator, (event) => {
    const own = () => Promise.resolve(execute({ ...args, rootValue: event }));
    if (typeof event !== 'object' || event === null) return own();
    let perEvent = executions.get(event);
    if (!perEvent) {
      perEvent = new Map();
      executions.set(event, perEvent);
    }
    let result = perEvent.get(key);
    if (!result) {
      result = own();
      perEvent.set(key, result);
    }
    return result;
  });
}
