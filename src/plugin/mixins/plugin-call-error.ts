// The error a client sees when a plugin's own code throws while answering a request (an action,
// a locate): a coded GraphQLError naming the plugin, so one broken plugin fails only its own
// call. What a plugin raised on purpose (a GraphQLError carrying a code) keeps its message; any
// other failure is logged with its detail and answered with a fixed message (no internals leak).
import { GraphQLError } from 'graphql';
import { logger } from '../../log.js';

const log = logger('plugins');

/** `code` e.g. PLUGIN_ACTION_FAILED; `what` e.g. `action "sample-echo"`. */
export function pluginCallError(code: string, pluginKey: string, what: string, error: unknown): GraphQLError {
  const deliberate = error instanceof GraphQLError && typeof error.extensions?.code === 'string';
  if (!deliberate) log.error(`plugin '${pluginKey}' failed ${what}`, error instanceof Error ? error : String(error));
  const message = deliberate ? error.message : `Plugin '${pluginKey}' failed ${what}`;
  return new GraphQLError(message, {
    extensions: {
      code,
      plugin: pluginKey,
      ...(deliberate ? { pluginCode: error.extensions.code } : {}),
    },
  });
}
