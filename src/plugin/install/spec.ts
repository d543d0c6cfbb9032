// What installPlugin accepts: an npm package name (with an optional version or range), or the
// absolute path of a tarball made by `npm pack`. Anything else is BAD_USER_INPUT before npm runs.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../../graphql/errors.js';

export interface InstallRequest {
  /** What npm installs: `name@version`, `name`, or `file:/abs/path.tgz`. */
  npmSpec: string;
  /** The package name when known before installing (registry installs). */
  name: string | null;
  /** For tarballs: the absolute path. */
  tarball: string | null;
}

const NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const VERSION = /^[0-9A-Za-z.^~<>=|*+ -]{1,100}$/;
const TARBALL = /\.(tgz|tar\.gz)$/;

export function isPackageName(name: string): boolean {
  return name.length <= 214 && NAME.test(name);
}

export async function installRequest(packageName: string, version: string | null | undefined): Promise<InstallRequest> {
  const raw = packageName.trim();
  const file = raw.startsWith('file:') ? raw.slice(5) : TARBALL.test(raw) ? raw : null;
  if (file !== null) {
    if (version) throw badInput('version cannot be given with a tarball', 'version');
    if (!path.isAbsolute(file) || !TARBALL.test(file))
      throw badInput('a tarball must be given by its absolute path, ending in .tgz or .tar.gz', 'packageName');
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) throw badInput(`tarball ${file} does not exist`, 'packageName');
    return { npmSpec: `file:${file}`, name: null, tarball: file };
  }
  if (!isPackageName(raw))
    throw badInput(`"${packageName}" is not an npm package name (or the absolute path of a tarball)`, 'packageName');
  const v = version?.trim();
  if (v && (!VERSION.test(v) || v.startsWith('-'))) throw badInput(`"${version}" is not a version or range`, 'version');
  return { npmSpec: v ? `${raw}@${v}` : raw, name: raw, tarball: null };
}
