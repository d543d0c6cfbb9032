// Creating and changing users, shared by GraphQL, the CLI and the start-up admin bootstrap.
// Deactivating a user commits together with a revocation notice to every server process, which
// closes the user's open WebSockets (src/auth/revocations.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../db/entities/index.js';
import { badInput } from '../graphql/errors.js';
import { hashPassword } from './password.js';
import { publishRevocation } from './revocations.js';

export interface UserChanges {
  username?: string;
  password?: string;
  email?: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  isActive?: boolean;
}

const USERNAME = /^[A-Za-z0-9_.@+-]{1,150}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 8;

async function validate(em: EntityManager, changes: UserChanges, existing?: User): Promise<void> {
  if (changes.username !== undefined && changes.username !== null) {
    if (!USERNAME.test(changes.username)) throw badInput('username must be 1-150 letters, digits or _.@+-', 'username');
    const clash = await em.findOne(User, { username: changes.username });
    if (clash && clash.id !== existing?.id)
      throw badInput(`username "${changes.username}" is already taken`, 'username');
  }
  if (changes.password !== undefined && changes.password !== null && changes.password.length < MIN_PASSWORD_LENGTH) {
    throw badInput(`password must be at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
  }
  if (changes.email && !EMAIL.test(changes.email)) throw badInput('email is not a valid address', 'email');
}

export async function createUser(
  em: EntityManager,
  input: UserChanges & { username: string; password: string },
): Promise<User> {
  await validate(em, input);
  const user = em.create(User, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    email: input.email ?? '',
    isStaff: input.isStaff ?? false,
    isSuperuser: input.isSuperuser ?? false,
    isActive: input.isActive ?? true,
  });
  await em.flush();
  return user;
}

export async function updateUser(em: EntityManager, user: User, changes: UserChanges): Promise<User> {
  await validate(em, changes, user);
  const deactivating = changes.isActive === false && user.isActive;
  if (changes.username != null) user.username = changes.username;
  if (changes.email != null) user.email = changes.email;
  if (changes.password != null) user.passwordHash = await hashPassword(changes.password);
  if (changes.isStaff != null) user.isStaff = changes.isStaff;
  if (changes.isSuperuser != null) user.isSuperuser = changes.isSuperuser;
  if (changes.isActive != null) user.isActive = changes.isActive;
  if (!deactivating) {
    await em.flush();
    return user;
  }
  // The fork shares `user`, so the change is flushed inside the transaction with the NOTIFY.
  await em.transactional(async (tx) => {
    await tx.flush();
    await publishRevocation(tx as EntityManager, { userId: user.id, reason: 'user-deactivated' });
  });
  return user;
}
