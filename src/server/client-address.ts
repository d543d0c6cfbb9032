// The address a request comes from: the socket's peer, or, behind trusted proxies
// (TRUST_PROXY), the X-Forwarded-For entry the outermost trusted proxy saw. Must stay true:
// without TRUST_PROXY the header is ignored, so a client cannot pick its own address.
import type { IncomingMessage } from 'node:http';

/**
 * Each proxy appends the address it received the request from, so with `hops` trusted proxies
 * the client is the `hops`-th entry from the right; entries left of it are client-supplied.
 */
export function clientAddress(req: IncomingMessage, hops: number): string | undefined {
  const peer = req.socket.remoteAddress;
  if (hops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) return peer;
  return list[Math.max(list.length - hops, 0)];
}
