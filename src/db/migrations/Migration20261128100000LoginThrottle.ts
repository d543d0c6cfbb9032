import { Migration } from '@mikro-orm/migrations';

/**
 * Failed sign-in counters (src/auth/throttle.ts). The layout is rate-limiter-flexible's
 * RateLimiterPostgres table: it inserts (key, points, expire) in this column order, and
 * `expire` is a Unix time in milliseconds (null = never).
 */
export class Migration20261128100000LoginThrottle extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_throttle" ("key" text primary key, "points" integer not null default 0, "expire" bigint null)`,
    );
  }
}
