// One outbound HTTP call for APICallMixin, with Node's global fetch and AbortSignal.timeout.
// Failures become ApiCallError (http, timeout, network, invalid-json). What must stay true: the
// secrets passed in (the API token) are redacted from every error and log line made here, and
// the URL shown never carries user info.
import { logger } from '../../../log.js';
import { ApiCallError, bodyExcerpt, redact } from './errors.js';
import { displayUrl } from './url.js';

const log = logger('plugin:apicall');

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; the raw text when the body is not JSON; null when empty. */
  body: T;
}

export interface OutboundRequest {
  pluginKey: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  json?: unknown;
  timeoutMs: number;
  simpleResponse: boolean;
  /** Values never to show in errors or logs (the API token). */
  secrets: readonly (string | null | undefined)[];
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** The reason of a fetch failure (undici puts it in `cause`). */
function reason(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export async function performApiCall(r: OutboundRequest): Promise<unknown> {
  const shownUrl = redact(displayUrl(r.url), r.secrets);
  const where = { method: r.method, url: shownUrl };
  const fail = (e: ApiCallError): never => {
    log.warn(`plugin '${r.pluginKey}': ${e.message}`);
    throw e;
  };
  let res: Response;
  let text: string;
  try {
    res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.json === undefined ? undefined : JSON.stringify(r.json),
      signal: AbortSignal.timeout(r.timeoutMs),
      redirect: 'follow',
    });
    text = await res.text();
  } catch (err) {
    if (isTimeout(err)) return fail(new ApiCallError({ kind: 'timeout', ...where, detail: `after ${r.timeoutMs} ms` }));
    return fail(new ApiCallError({ kind: 'network', ...where, detail: redact(reason(err), r.secrets) }));
  }
  log.debug(`plugin '${r.pluginKey}': API call ${r.method} ${shownUrl} → ${res.status}`);
  const headers = Object.fromEntries(res.headers.entries());
  if (!r.simpleResponse) {
    let body: unknown = text === '' ? null : text;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the raw text is the body.
      }
    }
    return { status: res.status, headers, body } satisfies ApiResponse;
  }
  if (!res.ok)
    return fail(
      new ApiCallError({ kind: 'http', ...where, status: res.status, bodyExcerpt: bodyExcerpt(text, r.secrets) }),
    );
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return fail(
      new ApiCallError({
        kind: 'invalid-json',
        ...where,
        status: res.status,
        bodyExcerpt: bodyExcerpt(text, r.secrets),
      }),
    );
  }
}
