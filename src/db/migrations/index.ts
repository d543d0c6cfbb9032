// Migrations run in this order; each is a class committed here (no file globbing, so the
// compiled server finds them wherever it is installed).
import { Migration20261124000000Core } from './Migration20261124000000Core.js';

export const migrations = [{ name: 'Migration20261124000000Core', class: Migration20261124000000Core }];
