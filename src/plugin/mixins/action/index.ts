// ActionMixin: what plugin authors import (through partgraph/plugin/mixins).
export { ActionMixin, type ActionAnswer, type ActionData } from './mixin.js';
