// The mixins' run-time halves in activation order (InvenTree's DEFAULT_MIXIN_ORDER): on start a
// plugin's mixins attach in this order, on stop they detach in reverse; setup and teardown of the
// process follow the same rule. Settings first (other mixins' code may read settings; API calls
// read their URL and token there), GraphQL last (its contribution goes live with the schema swap). Adding a mixin = a folder + one line here
// + its exports in index.ts.
import { actionLifecycle } from './action/lifecycle.js';
import { apicallLifecycle } from './apicall/lifecycle.js';
import { barcodeLifecycle } from './barcode/lifecycle.js';
import { eventsLifecycle } from './events/lifecycle.js';
import { graphqlLifecycle } from './graphql/lifecycle.js';
import { iconpackLifecycle } from './iconpack/lifecycle.js';
import type { MixinLifecycle } from './lifecycle.js';
import { locateLifecycle } from './locate/lifecycle.js';
import { navigationLifecycle } from './navigation/lifecycle.js';
import { scheduleLifecycle } from './schedule/lifecycle.js';
import { settingsLifecycle } from './settings/lifecycle.js';
import { uiLifecycle } from './ui/lifecycle.js';
import { urlsLifecycle } from './urls/lifecycle.js';
import { validationLifecycle } from './validation/lifecycle.js';

export const MIXIN_ORDER: readonly MixinLifecycle[] = [
  settingsLifecycle,
  apicallLifecycle,
  scheduleLifecycle,
  eventsLifecycle,
  validationLifecycle,
  urlsLifecycle,
  actionLifecycle,
  locateLifecycle,
  barcodeLifecycle,
  navigationLifecycle,
  uiLifecycle,
  iconpackLifecycle,
  graphqlLifecycle,
];
