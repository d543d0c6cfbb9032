// Lets plugins that live outside the server's source tree (npm packages, the plugins folder,
// DATA_DIR/plugins-installed, a temp dir) import the stable API as `partgraph/plugin` and
// `partgraph/plugin/mixins`, and share the server's own copies of its dependencies.
// What must stay true: `graphql`, `type-graphql` and `partgraph/*` ALWAYS resolve to the server's
// copies, even when the plugin's folder holds its own (`npm install ../my-plugin` links the folder
// and installs its peerDependencies inside it): a second graphql makes type-graphql fail with
// "Cannot determine GraphQL input type for argument named …". Hooks registered with
// module.registerHooks apply to import and require alike.
// Also: a relative import from a plugin module loaded with a version (`?v=<mtime>`, load-module.ts)
// carries the imported file's own mtime, so re-importing a changed entry (reloadPlugins and its
// preview) also picks up its changed helper modules; unchanged helpers keep one instance. Never
// for the server's own code (built-ins and samples import it relatively): it must stay one instance.
import { statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIST_ROOT, SERVER_ROOT } from './paths.js';

const STABLE: Record<string, string> = {
  'partgraph/plugin': new URL('../index.js', import.meta.url).href,
  'partgraph/plugin/mixins': new URL('../mixins/index.js', import.meta.url).href,
};

/** Packages every plugin shares with the server (a private copy would not be recognised). */
export const SHARED_PACKAGES: readonly string[] = ['graphql', 'type-graphql'];

let installed = false;

function isBare(specifier: string): boolean {
  return !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
}

/** The shared package a bare specifier names (`graphql/language` → `graphql`), if any. */
export function sharedPackageOf(specifier: string): string | null {
  for (const name of SHARED_PACKAGES) if (specifier === name || specifier.startsWith(`${name}/`)) return name;
  return null;
}

const isPartgraph = (specifier: string) => specifier === 'partgraph' || specifier.startsWith('partgraph/');

export interface RedirectedCopy {
  /** The shared package, e.g. `type-graphql`. */
  module: string;
  /** The file the importer would have loaded without the mapping (its own copy). */
  path: string;
  /** The file that imported it. */
  importer: string;
}

/** Private copies a plugin would have loaded, by importer folder; read by load-module.ts for warnings. */
const redirected: RedirectedCopy[] = [];

/** Private copies of shared packages whose imports were mapped to the server's, for importers under `dir`. */
export function redirectedCopiesUnder(dir: string): RedirectedCopy[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const seen = new Set<string>();
  return redirected.filter((r) => {
    if (!r.importer.startsWith(prefix) || seen.has(r.path)) return false;
    seen.add(r.path);
    return true;
  });
}

function filePath(url: string | undefined): string {
  try {
    return url?.startsWith('file:') ? fileURLToPath(url) : (url ?? '');
  } catch {
    return url ?? '';
  }
}

const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');

/** The server's own code: never versioned (a second instance of a core module breaks identity). */
const SERVER_CODE = [pathToFileURL(`${DIST_ROOT}/src/`).href, pathToFileURL(`${SERVER_ROOT}/src/`).href];

/**
 * `resolved` with `?v=<its mtime>` when a versioned plugin module imports a file relatively; else
 * unchanged (the server's own modules and unversioned imports are never touched).
 */
export function versionedRelative(
  specifier: string,
  parentURL: string | undefined,
  resolved: string,
  serverCode: readonly string[] = SERVER_CODE,
): string {
  if (!isRelative(specifier) || !parentURL?.includes('?v=') || !resolved.startsWith('file:') || resolved.includes('?'))
    return resolved;
  if (serverCode.some((prefix) => resolved.startsWith(prefix))) return resolved;
  try {
    return `${resolved}?v=${Math.trunc(statSync(fileURLToPath(resolved)).mtimeMs)}`;
  } catch {
    return resolved;
  }
}

/** Installs the resolution hook once per process (idempotent). */
export function installPluginResolveHook(): void {
  if (installed) return;
  installed = true;
  const rootParent = pathToFileURL(`${SERVER_ROOT}/package.json`).href;
  const serverModules = `${SERVER_ROOT}/node_modules/`;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const stable = STABLE[specifier];
      if (stable) return { url: stable, shortCircuit: true };
      if (isPartgraph(specifier)) {
        // Never the plugin's own `partgraph` (the SDK's types package): the server itself,
        // through its package.json "exports" if it declares the subpath.
        try {
          return nextResolve(specifier, { ...context, parentURL: rootParent });
        } catch {
          throw new Error(
            `"${specifier}" is not part of the plugin API of this server (use ${Object.keys(STABLE).join(' or ')})`,
          );
        }
      }
      const shared = sharedPackageOf(specifier);
      if (shared && context.parentURL !== rootParent) {
        const importer = filePath(context.parentURL);
        // What the importer would load on its own, asked first: nextResolve keeps the context it
        // was last given. The server's own dependencies resolve to the server's copy anyway.
        let own: string | null = null;
        if (!importer.startsWith(serverModules) || importer.includes('/node_modules/', serverModules.length)) {
          try {
            own = nextResolve(specifier, { ...context }).url;
          } catch {
            // the plugin has no copy of its own: nothing to note
          }
        }
        const server = nextResolve(specifier, { ...context, parentURL: rootParent });
        if (own && own !== server.url && redirected.length < 1000)
          redirected.push({ module: shared, path: filePath(own), importer });
        return { ...server, shortCircuit: true };
      }
      try {
        const resolved = nextResolve(specifier, context);
        const url = versionedRelative(specifier, context.parentURL, resolved.url);
        return url === resolved.url ? resolved : { ...resolved, url };
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
