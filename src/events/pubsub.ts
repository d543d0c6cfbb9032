// Contract: the PubSub handed to type-graphql's buildSchema (for @Subscription resolvers).
// STUB: in-process only until the events module replaces it with a Postgres LISTEN/NOTIFY one.
import type { PubSub } from 'type-graphql';

type Listener = (payload: unknown) => void;
const topics = new Map<string, Set<Listener>>();

export const pubSub: PubSub = {
  publish(routingKey: string, ...args: unknown[]) {
    for (const l of topics.get(routingKey) ?? []) l(args[0]);
  },
  subscribe(routingKey: string): AsyncIterable<unknown> {
    const queue: unknown[] = [];
    let wake: (() => void) | undefined;
    const listener: Listener = (p) => {
      queue.push(p);
      wake?.();
    };
    return {
      [Symbol.asyncIterator]() {
        let set = topics.get(routingKey);
        if (!set) topics.set(routingKey, (set = new Set()));
        set.add(listener);
        return {
          async next() {
            while (!queue.length) await new Promise<void>((r) => (wake = r));
            return { value: queue.shift(), done: false };
          },
          async return() {
            topics.get(routingKey)?.delete(listener);
            return { value: undefined, done: true };
          },
        };
      },
    };
  },
};
