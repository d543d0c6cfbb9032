// Where the server's own files are, computed from this compiled module's location
// (dist/src/plugin/registry/paths.js), so discovery works from any working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The compiled src/plugin directory (dist/src/plugin). */
export const PLUGIN_DIST_DIR = path.resolve(here, '..');
/** The project root: the folder holding package.json and dist/. */
export const SERVER_ROOT = path.resolve(here, '../../../..');
/** Compiled output root (dist/). */
export const DIST_ROOT = path.join(SERVER_ROOT, 'dist');
export const BUILTIN_DIR = path.join(PLUGIN_DIST_DIR, 'builtin');
export const SAMPLES_DIR = path.join(PLUGIN_DIST_DIR, 'samples');
/** Where npm packages are installed by default. */
export const DEFAULT_PACKAGES_DIR = path.join(SERVER_ROOT, 'node_modules');
