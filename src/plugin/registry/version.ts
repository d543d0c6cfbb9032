// MIN_VERSION / MAX_VERSION against the server's version (InvenTree's check_version), with semver.
import semver from 'semver';
import { SERVER_VERSION } from '../../version.js';

export interface VersionCheck {
  compatible: boolean;
  /** Why not, naming the bound; null when compatible. */
  reason: string | null;
}

/** Both bounds are inclusive. A bound that is not a version makes the plugin incompatible. */
export function checkVersion(min: string | null, max: string | null, server: string = SERVER_VERSION): VersionCheck {
  const current = semver.coerce(server)?.version ?? server;
  for (const [name, bound] of [
    ['MIN_VERSION', min],
    ['MAX_VERSION', max],
  ] as const) {
    if (bound && !semver.coerce(bound))
      return { compatible: false, reason: `${name} "${bound}" is not a valid version` };
  }
  const lo = min ? semver.coerce(min)!.version : null;
  const hi = max ? semver.coerce(max)!.version : null;
  if (lo && semver.lt(current, lo))
    return { compatible: false, reason: `requires PartGraph >= ${min} (server is ${server})` };
  if (hi && semver.gt(current, hi))
    return { compatible: false, reason: `requires PartGraph <= ${max} (server is ${server})` };
  return { compatible: true, reason: null };
}
