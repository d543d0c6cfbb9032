import type { Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.js';

@ObjectType({ description: 'A person who signs in. Passwords are never exposed.' })
@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string', length: 150 })
  @Unique()
  username!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 254, default: '' })
  email: Opt<string> = '';

  /** scrypt$N$r$p$salt$hash (see src/auth/password.ts); never exposed. */
  @Property({ type: 'string', hidden: true })
  passwordHash!: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  isStaff: Opt<boolean> = false;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  isSuperuser: Opt<boolean> = false;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastLogin?: Date | null;
}

/** An API token; only the SHA-256 of the secret is stored. */
@Entity({ tableName: 'api_tokens' })
export class ApiToken extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  user!: User;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
