// Capturing what the server logs (src/log.ts writes lines to stderr) during a piece of a test.

/** Collects what is written to stderr while `fn` runs (still passing it through). */
export async function captureLog<T>(fn: () => Promise<T>): Promise<{ result: T; log: string }> {
  const write = process.stderr.write;
  let log = '';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    log += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    return { result: await fn(), log };
  } finally {
    process.stderr.write = write;
  }
}
