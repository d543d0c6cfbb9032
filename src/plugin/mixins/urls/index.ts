// UrlsMixin: what plugin authors import (through partgraph/plugin/mixins).
export { UrlsMixin, type HttpMethod, type PluginRequest, type PluginRoute, type RouteAccess } from './mixin.js';
