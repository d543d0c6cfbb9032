// The one store of plugin problems the registry reports: discovery errors (found at a path, may
// have no key), the latest load/activation/schema failure per key (cleared once the plugin runs),
// and a composition that failed as a whole. Every write goes through here, with one message helper.
import { logger } from '../../log.js';
import type { PluginRecord, RegistryError, RegistryStage } from './records.js';

const log = logger('plugins');

/** A thrown value as a one-line message (keeps the error class name when it says something). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

export class ProblemStore {
  #discovery: RegistryError[] = [];
  #failures = new Map<string, RegistryError>();
  #buildError: RegistryError | null = null;

  clear(): void {
    this.#discovery = [];
    this.#failures = new Map();
    this.#buildError = null;
  }

  /** Replaces the discovery errors (each logged once, as found). */
  setDiscoveryErrors(errors: RegistryError[]): void {
    this.#discovery = errors;
    for (const e of errors) log.warn(`plugin ${e.key ?? e.path}: [${e.stage}] ${e.message}`);
  }

  /** Discovery errors of the plugin found at `path` (a duplicate elsewhere is not its problem). */
  discoveryErrorsOf(key: string, path: string): RegistryError[] {
    return this.#discovery.filter((e) => e.key === key && e.path === path);
  }

  /** Records (and logs) a failure of a plugin at a stage; replaces its previous one. */
  report(key: string, path: string, stage: RegistryStage, message: string): void {
    this.#failures.set(key, { key, path, stage, message });
    log.error(`plugin ${key}: [${stage}] ${message}`);
  }

  /** Sets failures found while planning, without logging again (the planner's are logged by apply). */
  setFailure(failure: RegistryError & { key: string }): void {
    this.#failures.set(failure.key, failure);
  }

  failureOf(key: string): RegistryError | undefined {
    return this.#failures.get(key);
  }

  /** Forgets the failures of the keys `keep` says no longer apply. */
  forgetFailures(stale: (key: string) => boolean): void {
    for (const key of [...this.#failures.keys()]) if (stale(key)) this.#failures.delete(key);
  }

  setBuildError(error: RegistryError | null): void {
    this.#buildError = error;
  }

  /** Errors of one plugin (as found at its path), every stage. */
  of(record: PluginRecord): RegistryError[] {
    const found = this.discoveryErrorsOf(record.key, record.candidate.path);
    const failure = this.#failures.get(record.key);
    return failure ? [...found, failure] : found;
  }

  /** Every error: discovery (including modules without a key), load, activation, schema, a failed build. */
  all(): RegistryError[] {
    return [...this.#discovery, ...this.#failures.values(), ...(this.#buildError ? [this.#buildError] : [])];
  }
}
