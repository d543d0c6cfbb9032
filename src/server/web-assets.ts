// Serves the web admin (dist/web, built by `npm run build` from src/web) from the server itself:
// the app at `/` (and, as a fallback, at any other browser GET no route claimed), GraphiQL for
// browser GETs of /graphql, and the hashed bundles under /assets/. No CDN, no network.
// Must stay true: every HTML page goes out with the strict Content-Security-Policy below (no
// inline scripts, nothing from another origin); hashed assets are immutable, HTML never cached.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One policy for every page: scripts, styles, frames and connections from this origin only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** dist/src/server/web-assets.js → dist/web */
export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

/** A browser navigating (not fetch/XHR/curl): it asks for HTML first. */
export function wantsHtml(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
}

export class WebAssets {
  readonly #dir: string;

  constructor(dir = DEFAULT_WEB_DIR) {
    this.#dir = dir;
  }

  /** Read at every request (small, and in the OS cache): a rebuild is served without a restart. */
  async #page(name: 'index.html' | 'graphiql.html'): Promise<Buffer | undefined> {
    try {
      return await readFile(path.join(this.#dir, name));
    } catch {
      return undefined;
    }
  }

  /** Sends the app (`index.html`) or GraphiQL; a clear 503 text page when the bundle was not built. */
  async sendPage(res: ServerResponse, name: 'index.html' | 'graphiql.html'): Promise<void> {
    const body = await this.#page(name);
    if (!body) {
      const text = 'The web admin is not built: run `npm run build` (it writes dist/web).\n';
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES['.html'],
      'content-length': body.length,
      'cache-control': 'no-cache',
    });
    res.end(body);
  }

  /** GET/HEAD /assets/<file>: true when it answered (file or 404). */
  async sendAsset(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/assets/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const name = url.pathname.slice('/assets/'.length);
    // Flat folder of built files: no traversal, no subfolders, no dot files.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return notFound(res);
    const file = path.join(this.#dir, 'assets', name);
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound(res);
      size = info.size;
    } catch {
      return notFound(res);
    }
    const type = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'content-length': size,
      // Names carry a content hash (esbuild's [name]-[hash]); a new build means new names.
      'cache-control': 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    else res.end(await readFile(file));
    return true;
  }
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end('Not found\n');
  return true;
}
