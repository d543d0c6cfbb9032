// ApiCallError: what APICallMixin.apiCall throws. It carries the method, the URL (never with
// credentials), the HTTP status (null when no response came) and the start of the response body.
// What must stay true: the API token never appears in any field, message or log line built from
// this error; `redact` is applied to everything taken from the outside (body, low-level causes).

export type ApiCallErrorKind = 'http' | 'timeout' | 'network' | 'invalid-json' | 'config';

/** How many characters of the response body an error keeps. */
export const BODY_EXCERPT_CHARS = 200;

const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret in `text` (empty secrets are ignored). */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  return out;
}

/** The first BODY_EXCERPT_CHARS characters of a body, with secrets redacted ('' for no body). */
export function bodyExcerpt(body: string, secrets: readonly (string | null | undefined)[] = []): string {
  const clean = redact(body, secrets);
  return clean.length > BODY_EXCERPT_CHARS ? `${clean.slice(0, BODY_EXCERPT_CHARS)}…` : clean;
}

export interface ApiCallErrorInit {
  kind: ApiCallErrorKind;
  method: string;
  /** The request URL without user info; secrets must already be redacted. */
  url: string;
  status?: number | null;
  bodyExcerpt?: string;
  /** Detail for the message (already redacted), e.g. the network failure's reason. */
  detail?: string;
}

export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly kind: ApiCallErrorKind;
  /** The HTTP status, or null on a network failure, a timeout or a configuration problem. */
  readonly status: number | null;
  readonly method: string;
  readonly url: string;
  /** The first ~200 characters of the response body ('' when there was none). */
  readonly bodyExcerpt: string;

  constructor(init: ApiCallErrorInit) {
    super(ApiCallError.describe(init));
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.method = init.method;
    this.url = init.url;
    this.bodyExcerpt = init.bodyExcerpt ?? '';
  }

  private static describe(i: ApiCallErrorInit): string {
    const what = `API call ${i.method} ${i.url}`;
    const detail = i.detail ? `: ${i.detail}` : '';
    switch (i.kind) {
      case 'http':
        return `${what} failed with HTTP ${i.status}${i.bodyExcerpt ? `: ${i.bodyExcerpt}` : ''}`;
      case 'timeout':
        return `${what} timed out${i.detail ? ` ${i.detail}` : ''}`;
      case 'network':
        return `${what} failed (network)${detail}`;
      case 'invalid-json':
        return `${what} answered ${i.status} with a body that is not JSON${i.bodyExcerpt ? `: ${i.bodyExcerpt}` : ''}`;
      case 'config':
        return `${what} cannot be made${detail}`;
    }
  }

  /** Plain fields for logs and JSON (no stack, no cause). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      method: this.method,
      url: this.url,
      bodyExcerpt: this.bodyExcerpt,
    };
  }
}
