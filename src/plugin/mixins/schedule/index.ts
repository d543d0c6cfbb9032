// ScheduleMixin: what plugin authors import (through partgraph/plugin/mixins).
export { ScheduleMixin, type ScheduleKind, type ScheduledTask, type ScheduledTasks } from './mixin.js';
