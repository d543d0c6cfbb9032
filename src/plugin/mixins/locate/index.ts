// LocateMixin: what plugin authors import (through partgraph/plugin/mixins).
export { LocateMixin, type LocateOutcome } from './mixin.js';
