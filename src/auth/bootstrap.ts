// First admin from ADMIN_USERNAME / ADMIN_PASSWORD: created as superuser when missing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../db/entities/index.js';
import { logger } from '../log.js';
import { createUser } from './users.js';

const log = logger('auth');

export async function ensureAdmin(em: EntityManager, username: string, password: string): Promise<void> {
  const existing = await em.findOne(User, { username });
  if (existing) return;
  await createUser(em, { username, password, isStaff: true, isSuperuser: true });
  log.info(`created superuser "${username}" from ADMIN_USERNAME`);
}
