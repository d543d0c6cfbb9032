// GET /schema/<hash>.graphql: the SDL of any kept schema version, for staff (Bearer token), so
// clients can generate code against what was live at a time.
import type { EntityManager } from '@mikro-orm/postgresql';
import { authenticate } from '../auth/authenticate.js';
import { isStaff } from '../auth/guards.js';
import type { User } from '../db/entities/index.js';
import type { MikroORM } from '../db/orm.js';
import type { SchemaHistory } from './history.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

const PATH = /^\/schema\/([0-9a-f]{8,64})\.graphql$/;

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

export function schemaRoute(orm: MikroORM, history: SchemaHistory) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith('/schema/')) return false;
    const m = PATH.exec(url.pathname);
    if (!m) return send(res, 404, 'Not found: use /schema/<hash>.graphql\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n');
    let user: User | null;
    try {
      user = (await authenticate(orm.em.fork() as EntityManager, req.headers.authorization)).user;
    } catch {
      user = null;
    }
    if (!user) return send(res, 401, 'Sign in: send "Authorization: Bearer <token>"\n');
    if (!isStaff(user)) return send(res, 403, 'Staff only\n');
    const row = await history.get(m[1]!);
    if (!row) return send(res, 404, `Unknown schema version "${m[1]}"\n`);
    return send(res, 200, row.sdl, 'application/graphql; charset=utf-8');
  };
}
