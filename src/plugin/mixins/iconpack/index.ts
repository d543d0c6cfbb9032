// IconPackMixin: what plugin authors import (through partgraph/plugin/mixins).
export { IconPackMixin, type IconPack } from './mixin.js';
