// The AppModule that runs the job queue (pg-boss) in a server and exposes it as `app.services.jobs`.
import type { AppModule } from '../server/app.js';
import { JobQueue, type JobQueueOptions } from './queue.js';

declare module '../graphql/context.js' {
  interface AppServices {
    /** The job queue of this server (absent when the jobs module is not running). */
    jobs?: JobQueue;
  }
}

export type JobsModuleOptions = Partial<Omit<JobQueueOptions, 'databaseUrl' | 'role'>>;

/** Start it before modules that send or work jobs; it stops after them. */
export function jobsModule(options: JobsModuleOptions = {}): AppModule {
  let queue: JobQueue | undefined;
  return {
    name: 'jobs',
    async start(app) {
      queue = new JobQueue({
        databaseUrl: app.databaseUrl,
        role: app.config.role,
        pollingIntervalSeconds: app.config.jobsPollSeconds,
        heartbeatSeconds: app.config.jobsHeartbeatSeconds,
        orphanCheckSeconds: app.config.jobsOrphanCheckSeconds,
        ...options,
      });
      await queue.start();
      app.services.jobs = queue;
    },
    async stop(app) {
      await queue?.stop();
      if (app.services?.jobs === queue) delete app.services.jobs;
    },
  };
}
