// The peers' hand-written data layer for the throughput benchmark: `pg` queries answering the
// benchmark's two operations (`parts` list with categories, `me`) and the same token look-up
// PartGraph does (one SQL statement on api_tokens + users per request), no ORM.
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import pg from 'pg';

export const TYPE_DEFS = /* GraphQL */ `
  type Query {
    me: User!
    parts(offset: Int! = 0, limit: Int! = 50): PartConnection!
  }
  type User { id: ID! username: String! isStaff: Boolean! }
  type PartConnection { totalCount: Int! items: [Part!]! }
  type Part { id: ID! name: String! ipn: String category: PartCategory }
  type PartCategory { id: ID! name: String! }
`;

export interface PeerUser {
  id: number;
  username: string;
  isStaff: boolean;
}

export interface PeerContext {
  user: PeerUser;
  categories: DataLoader<number, { id: number; name: string } | null>;
}

export function pool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 10 });
}

/** The same check as PartGraph's userForToken: known, not revoked, not expired, active user. */
export async function userForHeader(db: pg.Pool, header: string | undefined): Promise<PeerUser> {
  const secret = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header?.trim() ?? '')?.[1];
  if (!secret) throw new GraphQLError('Sign in', { extensions: { code: 'UNAUTHENTICATED' } });
  const hash = createHash('sha256').update(secret).digest('hex');
  const { rows } = await db.query<{ id: number; username: string; is_staff: boolean }>(
    `select u.id, u.username, u.is_staff from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.is_active`,
    [hash],
  );
  const u = rows[0];
  if (!u) throw new GraphQLError('Invalid, expired or revoked token', { extensions: { code: 'UNAUTHENTICATED' } });
  return { id: u.id, username: u.username, isStaff: u.is_staff };
}

export function context(db: pg.Pool, user: PeerUser): PeerContext {
  return {
    user,
    categories: new DataLoader(async (ids: readonly number[]) => {
      const { rows } = await db.query<{ id: number; name: string }>(
        'select id, name from part_categories where id = any($1)',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

interface PartRow {
  id: number;
  name: string;
  ipn: string | null;
  category_id: number | null;
}

export function resolvers(db: pg.Pool) {
  return {
    Query: {
      me: (_: unknown, __: unknown, ctx: PeerContext) => ctx.user,
      parts: async (_: unknown, args: { offset: number; limit: number }) => {
        const [count, page] = await Promise.all([
          db.query<{ n: number }>('select count(*)::int as n from parts'),
          db.query<PartRow>(
            'select id, name, ipn, category_id from parts order by name asc, id asc limit $1 offset $2',
            [args.limit, args.offset],
          ),
        ]);
        return { totalCount: count.rows[0]!.n, items: page.rows };
      },
    },
    Part: {
      category: (p: PartRow, _: unknown, ctx: PeerContext) =>
        p.category_id === null ? null : ctx.categories.load(p.category_id),
    },
  };
}
