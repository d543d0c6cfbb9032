// AppMixin: what plugin authors import (through partgraph/plugin/mixins), including the server's
// own MikroORM classes to declare entities and migrations with (never a private copy).
// purgePluginData (purge.ts) is deliberately not exported here: it is server code (admin API,
// uninstall), not a plugin API.
export { EntitySchema, defineEntity } from '@mikro-orm/core';
export { Migration } from '@mikro-orm/migrations';
export { AppMixin, type PluginEntity, type PluginMigrationClass } from './mixin.js';
