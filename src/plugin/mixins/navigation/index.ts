// NavigationMixin: what plugin authors import (through partgraph/plugin/mixins).
export { NavigationMixin, type NavigationEntry } from './mixin.js';
