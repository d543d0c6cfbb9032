// Adds the usage recorder and the schema history to AppServices (declaration merging).
import type { SchemaHistory } from './history.js';
import type { UsageRecorder } from './recorder.js';

declare module '../graphql/context.js' {
  interface AppServices {
    /** Operation usage recording (absent when OPERATION_USAGE=false). */
    usage?: UsageRecorder;
    /** Composed schema versions. */
    schemaHistory?: SchemaHistory;
  }
}
