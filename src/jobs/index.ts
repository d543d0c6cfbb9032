// Public API of the background job queue (see docs/events.md, "Job queue").
export { JobQueue, JobTimeoutError, withTimeout } from './queue.js';
export type {
  JobContext,
  JobHandler,
  JobInfo,
  JobQueueOptions,
  JobState,
  QueueOptions,
  Schedule,
  ScheduleOptions,
  SendOptions,
  TypedQueue,
  WorkOptions,
} from './queue.js';
export { jobsModule, type JobsModuleOptions } from './module.js';
