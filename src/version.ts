// The server's version (package.json), used for plugin MIN_VERSION/MAX_VERSION checks.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const SERVER_VERSION: string = pkg.version;
