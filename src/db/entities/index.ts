export * from './base.js';
export * from './user.js';
export * from './inventory.js';
export * from './plugin.js';
export * from './event.js';

import { ApiToken, User } from './user.js';
import { Part, PartCategory, StockItem, StockLocation } from './inventory.js';
import { PluginConfig, PluginStateChange } from './plugin.js';
import { OutboxEvent } from './event.js';

/** Every core entity, registered with the ORM. */
export const coreEntities = [
  User,
  ApiToken,
  PartCategory,
  Part,
  StockLocation,
  StockItem,
  PluginConfig,
  PluginStateChange,
  OutboxEvent,
];
