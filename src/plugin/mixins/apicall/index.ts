// APICallMixin: what plugin authors import (through partgraph/plugin/mixins).
export { APICallMixin, type ApiCallOptions, type ApiMethod } from './mixin.js';
export { ApiCallError, type ApiCallErrorKind } from './errors.js';
export type { ApiResponse } from './request.js';
export type { QueryParams, QueryValue } from './url.js';
