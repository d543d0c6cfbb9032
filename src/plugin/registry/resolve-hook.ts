// Lets plugins that live outside the server's source tree (npm packages, the plugins folder, a
// temp dir) import the stable API as `partgraph/plugin` and `partgraph/plugin/mixins`, and
// share the server's own copies of its dependencies (type-graphql, graphql...): a plugin must
// use the same type-graphql and InvenTreePlugin instances as the server, not private copies.
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { SERVER_ROOT } from './paths.js';

const STABLE: Record<string, string> = {
  'partgraph/plugin': new URL('../index.js', import.meta.url).href,
  'partgraph/plugin/mixins': new URL('../mixins/index.js', import.meta.url).href,
};

let installed = false;

function isBare(specifier: string): boolean {
  return !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
}

/** Installs the resolution hook once per process (idempotent). */
export function installPluginResolveHook(): void {
  if (installed) return;
  installed = true;
  const rootParent = pathToFileURL(`${SERVER_ROOT}/package.json`).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const stable = STABLE[specifier];
      if (stable) return { url: stable, shortCircuit: true };
      try {
        return nextResolve(specifier, context);
      } catch (e) {
        // A bare import the plugin's own location cannot satisfy: resolve it from the server.
        if (
          !isBare(specifier) ||
          (e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' ||
          context.parentURL === rootParent
        )
          throw e;
        return nextResolve(specifier, { ...context, parentURL: rootParent });
      }
    },
  });
}
