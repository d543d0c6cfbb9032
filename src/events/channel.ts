// A push-to-pull bridge: producers push values, one consumer iterates them with for-await.
// Bounded: a consumer `max` values behind gets an error instead of unbounded memory growth.

export interface Channel<T> {
  push(value: T): void;
  /** Ends the stream after the queued values (with `error`: fails it once they are read). */
  end(error?: Error): void;
  readonly closed: boolean;
  readonly iterator: AsyncIterableIterator<T>;
}

export function channel<T>(onClose: () => void, max = 10_000): Channel<T> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  let failure: Error | undefined;
  const finish = (error?: Error) => {
    if (closed) return;
    closed = true;
    failure = error;
    onClose();
    wake?.();
  };
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    async next(): Promise<IteratorResult<T>> {
      while (!queue.length && !closed) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (queue.length) return { value: queue.shift()!, done: false };
      if (failure) {
        const e = failure;
        failure = undefined;
        throw e;
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      queue.length = 0;
      failure = undefined;
      finish();
      return { value: undefined, done: true };
    },
  };
  return {
    push(value) {
      if (closed) return;
      if (queue.length >= max) {
        queue.length = 0;
        finish(new Error(`subscription fell ${max} messages behind and was closed`));
        return;
      }
      queue.push(value);
      wake?.();
    },
    end: finish,
    get closed() {
      return closed;
    },
    iterator,
  };
}
