// APICallMixin at run time: calls are made on demand with the settings read at call time, so
// starting or stopping a plugin changes nothing and the mixin adds no staff API.
import type { MixinLifecycle } from '../lifecycle.js';

export const apicallLifecycle: MixinLifecycle = {
  name: 'apicall',
};
