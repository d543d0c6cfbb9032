// URL building for APICallMixin (InvenTree's api_url / endpoint_is_url): a relative endpoint is
// joined to the plugin's URL setting with exactly one slash; a full http(s):// endpoint is used as
// is. Query parameters are appended. `displayUrl` strips user info so error messages and logs
// never show credentials embedded in a URL.

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue | readonly QueryValue[]>;

/** True when the endpoint is a full http:// or https:// URL (then the URL setting is not used). */
export function endpointIsUrl(endpoint: string): boolean {
  return /^https?:\/\//i.test(endpoint);
}

/** `base` + '/' + `endpoint`, with one slash between them whatever either side brings. */
export function joinUrl(base: string, endpoint: string): string {
  const left = base.replace(/\/+$/, '');
  const right = endpoint.replace(/^\/+/, '');
  return right ? `${left}/${right}` : left;
}

/** Adds `params` to the URL's query (null and undefined values are left out; arrays repeat the key). */
export function withParams(url: URL, params: QueryParams | undefined): URL {
  if (!params) return url;
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as readonly QueryValue[])
      if (v !== null && v !== undefined) url.searchParams.append(key, String(v));
  }
  return url;
}

/** The URL as shown in errors and logs: no user name or password. */
export function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
