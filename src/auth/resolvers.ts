// Sign-in, tokens and user administration.
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import { User } from '../db/entities/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, notFound, unauthenticated } from '../graphql/errors.js';
import { currentRequest } from '../graphql/request-scope.js';
import { refuseUnsafeText } from '../graphql/text-input.js';
import { requireStaff, requireSuperuser, requireUser } from './guards.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password.js';
import { issueToken, revokeToken } from './tokens.js';
import { createUser, updateUser, type UserChanges } from './users.js';

@ObjectType()
export class LoginResult {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>". Shown once; only its hash is stored.' })
  token!: string;

  @Field(() => User)
  user!: User;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) username!: string;
  @Field(() => String) password!: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => Boolean, { nullable: true }) isStaff?: boolean;
  @Field(() => Boolean, { nullable: true }) isSuperuser?: boolean;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) username?: string;
  @Field(() => String, { nullable: true }) password?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => Boolean, { nullable: true }) isStaff?: boolean;
  @Field(() => Boolean, { nullable: true }) isSuperuser?: boolean;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean;
}

const DEFAULT_TOKEN_DAYS = 30;

// NUL or unpaired surrogates in a username/password are BAD_USER_INPUT, not a database error.
@UseMiddleware(refuseUnsafeText)
@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, {
    description:
      'Exchange a username and password for an API token (valid 30 days unless `expiresInDays` says otherwise).',
  })
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Arg('tokenName', () => String, { nullable: true }) tokenName: string | undefined,
    @Arg('expiresInDays', () => Number, { nullable: true }) expiresInDays: number | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LoginResult> {
    if (expiresInDays !== undefined && expiresInDays !== null && (!(expiresInDays > 0) || expiresInDays > 3650)) {
      throw badInput('expiresInDays must be between 0 and 3650', 'expiresInDays');
    }
    // Throttled before the lookup and the hash: a blocked username or address costs no scrypt,
    // and known and unknown usernames are counted and refused alike (src/auth/throttle.ts).
    const throttle = ctx.app.loginThrottle;
    const address = currentRequest()?.clientAddress;
    await throttle?.check(username, address);
    const user = await ctx.em.findOne(User, { username });
    // Always run one hash comparison so timing does not reveal whether the user exists.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || !user.isActive) {
      await throttle?.failed(username, address);
      throw unauthenticated('Invalid username or password');
    }
    await throttle?.succeeded(username);
    user.lastLogin = new Date();
    const days = expiresInDays ?? DEFAULT_TOKEN_DAYS;
    const token = await issueToken(ctx.em, user, tokenName ?? 'login', new Date(Date.now() + days * 86_400_000));
    return { token, user };
  }

  @Mutation(() => Boolean, { description: 'Revoke the token this request was made with.' })
  async logout(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireUser(ctx);
    if (!ctx.token) return false;
    await revokeToken(ctx.em, ctx.token, 'logout');
    return true;
  }

  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() ctx: GraphQLContext): User {
    return requireUser(ctx);
  }

  @Query(() => [User], { description: 'All users (staff only).' })
  async users(@Ctx() ctx: GraphQLContext): Promise<User[]> {
    requireStaff(ctx, 'listing users');
    return ctx.em.find(User, {}, { orderBy: { username: 'asc' } });
  }

  @Mutation(() => User, { description: 'Create a user (superuser only).' })
  async createUser(
    @Arg('input', () => CreateUserInput) input: CreateUserInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    requireSuperuser(ctx, 'creating users');
    return createUser(ctx.em, input);
  }

  @Mutation(() => User, {
    description:
      'Change a user (superuser only). A new password revokes nothing; deactivating a user blocks their tokens.',
  })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    const actor = requireSuperuser(ctx, 'changing users');
    const user = await ctx.em.findOne(User, { id: Number(id) || 0 });
    if (!user) throw notFound(`User ${id} does not exist`);
    if (user.id === actor.id && (input.isSuperuser === false || input.isActive === false)) {
      throw badInput(
        'You cannot remove your own superuser role or deactivate yourself',
        input.isActive === false ? 'isActive' : 'isSuperuser',
      );
    }
    return updateUser(ctx.em, user, input as UserChanges);
  }
}
