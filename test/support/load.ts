// Keeps a server busy while something else happens (plugin toggles): `concurrency` workers send
// requests back to back until `whileFn` settles. Every request is counted; a request whose check
// returns a description, or that throws, is a failure. The workers are always stopped and awaited,
// also when `whileFn` throws (its error is then rethrown), so a failing test leaves nothing running.
import type { TestServer } from './server.js';

export interface LoadOptions {
  /** Requests in flight at once. */
  concurrency: number;
}

export interface LoadReport<T> {
  /** What `whileFn` returned. */
  result: T;
  /** Requests sent, failed ones included. */
  requests: number;
  /** One description per failed request, in the order they failed. */
  failures: string[];
}

/**
 * `request` sends one request and returns a description of what was wrong with the answer, or
 * nothing when it was right.
 */
export async function underLoad<T>(
  request: () => Promise<string | undefined>,
  whileFn: () => Promise<T>,
  { concurrency }: LoadOptions,
): Promise<LoadReport<T>> {
  let stop = false;
  let requests = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (!stop) {
      try {
        const failure = await request();
        if (failure !== undefined) failures.push(failure);
      } catch (e) {
        failures.push(`request threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      requests++;
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  let result: T;
  try {
    result = await whileFn();
  } finally {
    stop = true;
    await Promise.all(workers);
  }
  return { result, requests, failures };
}

/**
 * A request for `underLoad`: a query with the admin's token, which must answer 200, without errors,
 * as the admin (ADMIN.username in server.ts; spelled out so unit tests of this file load no server code).
 */
export function adminQuery(s: TestServer): () => Promise<string | undefined> {
  return async () => {
    const r = await s.gql('{ me { username } serverStatus { schemaHash } }', {}, s.adminToken);
    return r.status !== 200 || r.errors || r.data?.me?.username !== 'admin' ? JSON.stringify(r) : undefined;
  };
}
