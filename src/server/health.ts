// Liveness and readiness. Live: the process answers. Ready: every dependency check (database,
// job queue) answered within the timeout. Must stay true: anonymous answers name checks and
// their state only, never versions, hashes or error text (the reasons go to the log).
import { logger } from '../log.js';

const log = logger('health');

export type HealthCheck = () => Promise<unknown>;

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, 'up' | 'down'>;
}

function within(check: HealthCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve()
      .then(check)
      .then(() => undefined),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs the checks in parallel; logs a check's reason when it goes down and when it recovers. */
export function readinessProbe(
  checks: () => Record<string, HealthCheck>,
  timeoutMs: number,
): () => Promise<HealthReport> {
  const last = new Map<string, 'up' | 'down'>();
  return async () => {
    const entries = Object.entries(checks());
    const states = await Promise.all(
      entries.map(async ([name, check]): Promise<'up' | 'down'> => {
        try {
          await within(check, timeoutMs);
          if (last.get(name) === 'down') log.info(`readiness: ${name} is up again`);
          last.set(name, 'up');
          return 'up';
        } catch (e) {
          if (last.get(name) !== 'down')
            log.warn(`readiness: ${name} is down: ${e instanceof Error ? e.message : String(e)}`);
          last.set(name, 'down');
          return 'down';
        }
      }),
    );
    const report: HealthReport = { status: states.every((s) => s === 'up') ? 'ok' : 'unavailable', checks: {} };
    for (const [i, [name]] of entries.entries()) report.checks[name] = states[i];
    return report;
  };
}
