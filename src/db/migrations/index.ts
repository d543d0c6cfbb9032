// Migrations run in this order; each is a class committed here (no file globbing, so the
// compiled server finds them wherever it is installed).
import { Migration20261124000000Core } from './Migration20261124000000Core.js';
import { Migration20261124100000InventoryChecks } from './Migration20261124100000InventoryChecks.js';
import { Migration20261127000000Events } from './Migration20261127000000Events.js';
import { Migration20261127100000Settings } from './Migration20261127100000Settings.js';
import { Migration20261128000000SerialKey } from './Migration20261128000000SerialKey.js';
import { Migration20261128100000LoginThrottle } from './Migration20261128100000LoginThrottle.js';
import { Migration20261129000000Barcodes } from './Migration20261129000000Barcodes.js';
import { Migration20261130000000PluginInstall } from './Migration20261130000000PluginInstall.js';
import { Migration20261130100000PluginMigrations } from './Migration20261130100000PluginMigrations.js';
import { Migration20261130200000OperationUsage } from './Migration20261130200000OperationUsage.js';

export const migrations = [
  { name: 'Migration20261124000000Core', class: Migration20261124000000Core },
  { name: 'Migration20261124100000InventoryChecks', class: Migration20261124100000InventoryChecks },
  { name: 'Migration20261127000000Events', class: Migration20261127000000Events },
  { name: 'Migration20261127100000Settings', class: Migration20261127100000Settings },
  { name: 'Migration20261128000000SerialKey', class: Migration20261128000000SerialKey },
  { name: 'Migration20261128100000LoginThrottle', class: Migration20261128100000LoginThrottle },
  { name: 'Migration20261129000000Barcodes', class: Migration20261129000000Barcodes },
  { name: 'Migration20261130000000PluginInstall', class: Migration20261130000000PluginInstall },
  { name: 'Migration20261130100000PluginMigrations', class: Migration20261130100000PluginMigrations },
  { name: 'Migration20261130200000OperationUsage', class: Migration20261130200000OperationUsage },
];
