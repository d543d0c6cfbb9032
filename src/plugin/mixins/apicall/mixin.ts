// APICallMixin (InvenTree's APICallMixin): a plugin calls an external JSON API whose base URL and
// token are plugin settings. API_URL_SETTING and API_TOKEN_SETTING name settings the plugin declares
// with SettingsMixin (checked at load); the token is sent as `Authorization: <API_TOKEN> <token>`.
// What must stay true: the token value never appears in an error, a log line or a thrown object
// (request.ts redacts it), and settings are read at call time (a staff change applies at once).
import type { SettingValue } from '../../../settings/definitions.js';
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';
import { settingsOf } from '../settings/mixin.js';
import { ApiCallError, redact } from './errors.js';
import { performApiCall } from './request.js';
import { endpointIsUrl, joinUrl, withParams, type QueryParams } from './url.js';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface ApiCallOptions {
  /** Default 'GET'. */
  method?: ApiMethod;
  /** Sent as a JSON body (content-type application/json). */
  json?: unknown;
  /** Become the query string (null/undefined left out, arrays repeat the key). */
  params?: QueryParams;
  /** Extra request headers; they override the defaults of apiHeaders(). */
  headers?: Record<string, string>;
  /** Default: the class's API_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * Default true: the parsed JSON body is returned and an HTTP error status throws ApiCallError.
   * false: `{ status, headers, body }` is returned whatever the status.
   */
  simpleResponse?: boolean;
}

interface ApiCallStatics {
  API_URL_SETTING?: string;
  API_TOKEN_SETTING?: string;
  API_TOKEN?: string;
  API_TIMEOUT_MS?: number;
}

interface SettingsReader {
  getSetting(key: string): Promise<SettingValue>;
}

const TOKEN_SCHEME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function staticsOf(plugin: object): ApiCallStatics {
  return plugin.constructor as ApiCallStatics;
}

function validateApiCall(plugin: InvenTreePlugin): void {
  const who = `plugin '${plugin.key}' (APICallMixin)`;
  const s = staticsOf(plugin);
  if (!plugin.hasMixin('settings'))
    throw new MixinImplementationError(`${who} needs SettingsMixin: its URL and token are plugin settings`);
  const settings = settingsOf(plugin.constructor);
  for (const member of ['API_URL_SETTING', 'API_TOKEN_SETTING'] as const) {
    const name = s[member];
    if (typeof name !== 'string' || !name)
      throw new MixinImplementationError(`${who}: set ${member} to the key of one of its SETTINGS`);
    if (!settings[name])
      throw new MixinImplementationError(`${who}: ${member} names '${name}', which is not one of its SETTINGS`);
  }
  if (typeof s.API_TOKEN !== 'string' || !TOKEN_SCHEME.test(s.API_TOKEN))
    throw new MixinImplementationError(`${who}: API_TOKEN must be an authorization scheme such as 'Bearer'`);
  if (!Number.isInteger(s.API_TIMEOUT_MS) || (s.API_TIMEOUT_MS ?? 0) <= 0)
    throw new MixinImplementationError(`${who}: API_TIMEOUT_MS must be a positive whole number of milliseconds`);
}

function settingText(v: SettingValue): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

// Not a #private method: declaration emit (sdk/) cannot describe private members of the
// anonymous class a mixin factory returns.
async function settingOf(plugin: InvenTreePlugin, member: 'API_URL_SETTING' | 'API_TOKEN_SETTING'): Promise<string> {
  const key = staticsOf(plugin)[member] ?? '';
  return settingText(await (plugin as unknown as SettingsReader).getSetting(key));
}

/**
 * `class P extends APICallMixin(SettingsMixin(InvenTreePlugin)) { static API_URL_SETTING = 'API_URL';
 * static API_TOKEN_SETTING = 'API_TOKEN'; static SETTINGS = { API_URL: {...}, API_TOKEN: { ..., protected: true } } }`
 * then `await this.apiCall('items', { params: { q: 'x' } })`.
 */
export function APICallMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class APICall extends Base {
    /** The key of the setting holding the API's base URL (required). */
    static API_URL_SETTING = '';
    /** The key of the setting holding the API token (required; declare that setting `protected: true`). */
    static API_TOKEN_SETTING = '';
    /** The authorization scheme: the header sent is `Authorization: <API_TOKEN> <token>`. */
    static API_TOKEN = 'Bearer';
    /** Default timeout of a call, response body included. */
    static API_TIMEOUT_MS = 10_000;

    /** The API's base URL (the URL setting's value, '' when unset). InvenTree's api_url. */
    get apiUrl(): Promise<string> {
      return settingOf(this, 'API_URL_SETTING');
    }

    /**
     * The default request headers (InvenTree's api_headers): JSON content type and accept, and
     * `Authorization: <API_TOKEN> <token>` when the token setting is set. Holds the token: do not log it.
     */
    async apiHeaders(): Promise<Record<string, string>> {
      const token = await settingOf(this, 'API_TOKEN_SETTING');
      return {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(token ? { authorization: `${staticsOf(this).API_TOKEN} ${token}` } : {}),
      };
    }

    /**
     * Calls the API: `endpoint` relative to the URL setting (joined with one slash) or a full
     * http(s):// URL (then the URL setting is not used). Returns the parsed JSON (null for an empty
     * body), or `{ status, headers, body }` with `simpleResponse: false`. Throws ApiCallError.
     */
    async apiCall<T = unknown>(endpoint: string, options: ApiCallOptions = {}): Promise<T> {
      const { method = 'GET', json, params, headers = {}, simpleResponse = true } = options;
      const timeoutMs = options.timeoutMs ?? staticsOf(this).API_TIMEOUT_MS ?? 10_000;
      const token = await settingOf(this, 'API_TOKEN_SETTING');
      const secrets = [token];
      const verb = String(method).toUpperCase();
      const configError = (shown: string, detail: string) =>
        new ApiCallError({ kind: 'config', method: verb, url: redact(shown, secrets), detail });
      if (!METHODS.has(verb)) throw configError(endpoint, `unknown method '${String(method)}'`);
      if (json !== undefined && (verb === 'GET' || verb === 'HEAD'))
        throw configError(endpoint, `a ${verb} request cannot have a JSON body`);
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw configError(endpoint, 'timeoutMs must be a positive number');
      let target: string;
      if (endpointIsUrl(endpoint)) target = endpoint;
      else {
        const base = await this.apiUrl;
        const key = staticsOf(this).API_URL_SETTING;
        if (!base) throw configError(endpoint, `plugin setting ${key} is not set`);
        if (!endpointIsUrl(base)) throw configError(endpoint, `plugin setting ${key} is not an http(s):// URL`);
        target = joinUrl(base, endpoint);
      }
      let url: URL;
      try {
        url = withParams(new URL(target), params);
      } catch {
        throw configError(endpoint, 'not a valid URL');
      }
      return (await performApiCall({
        pluginKey: this.key,
        method: verb,
        url,
        headers: { ...(await this.apiHeaders()), ...headers },
        json,
        timeoutMs,
        simpleResponse,
        secrets,
      })) as T;
    }
  }
  registerMixin(APICall, {
    name: 'apicall',
    humanName: 'API calls',
    validate(plugin) {
      validateApiCall(plugin as InvenTreePlugin);
    },
  });
  return APICall;
}
