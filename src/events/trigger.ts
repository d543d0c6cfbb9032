// Contract for raising events (issue 4 implements the outbox behind it).
// Records the event in the same transaction as `em` (flushed with it), so a rolled-back
// change emits nothing. STUB: currently a no-op until the events module lands.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../db/entities/index.js';

export interface TriggerOptions {
  model?: string;
  instanceId?: string | number;
  user?: User | null;
}

export async function triggerEvent(_em: EntityManager, _name: string, _data: Record<string, unknown>, _opts: TriggerOptions = {}): Promise<void> {
  // implemented by the events module
}
