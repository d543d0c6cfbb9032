// EventMixin: what plugin authors import (through partgraph/plugin/mixins).
export { EventMixin, eventNameMatches, type EventContext, type EventOptions, type EventRecord } from './mixin.js';
