import type { Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { User } from './user.js';

/**
 * One row of the event outbox (table `events`). Written by `triggerEvent` in the transaction of
 * the change it describes; an insert trigger NOTIFYs `partgraph_events` with the id at commit.
 * `dispatchedAt` is set once the dispatcher has enqueued the row's consumer jobs.
 */
@Entity({ tableName: 'events' })
export class OutboxEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 255 })
  @Index()
  name!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  @Index()
  model?: string | null;

  @Property({ type: 'text', nullable: true })
  instanceId?: string | null;

  @Property({ type: 'json', default: '{}' })
  data: Opt<Record<string, unknown>> = {};

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  user?: User | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  dispatchedAt?: Date | null;
}
