import type { Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from './base.js';
import { User } from './user.js';

/** One row per discovered plugin; rows of removed plugins stay so a re-install keeps its state. */
@Entity({ tableName: 'plugin_configs' })
export class PluginConfig extends BaseEntity {
  @Property({ type: 'string', length: 255 })
  @Unique()
  key!: string;

  @Property({ type: 'string', length: 255, default: '' })
  name: Opt<string> = '';

  @Property({ type: 'boolean', default: false })
  active: Opt<boolean> = false;

  @Property({ type: 'string', length: 255, nullable: true })
  packageName?: string | null;

  @Property({ type: 'json', nullable: true })
  metadata?: Record<string, unknown> | null;
}

/** Audit trail of plugin activation changes, installs and uninstalls. */
@Entity({ tableName: 'plugin_state_changes' })
export class PluginStateChange {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 255 })
  @Index()
  pluginKey!: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  user?: User | null;

  /** Where the change came from: graphql, cli, startup. */
  @Property({ type: 'string', length: 20 })
  source!: string;

  @Property({ type: 'boolean' })
  fromActive!: boolean;

  @Property({ type: 'boolean' })
  toActive!: boolean;

  /** toggle (activation change), install or uninstall. */
  @Property({ type: 'string', length: 20, default: 'toggle' })
  action: Opt<string> = 'toggle';

  /** For install/uninstall: the npm spec and version. */
  @Property({ type: 'text', nullable: true })
  detail?: string | null;
  /** Done with force: true past PLUGIN_TOGGLE_GUARD (safe toggles). */
  @Property({ type: 'boolean', default: false })
  forced: Opt<boolean> = false;

  @Property({ type: 'timestamptz', onCreate: () => new Date() })
  createdAt: Opt<Date> = new Date();
}
