// Mandatory built-in: always active, cannot be deactivated (InvenTree keeps a few such plugins,
// e.g. its internal barcode support). It marks the server's own plugin-provided features.
import { InvenTreePlugin, SERVER_VERSION } from '../index.js';

export class PartGraphCorePlugin extends InvenTreePlugin {
  static override NAME = 'PartGraph Core';
  static override SLUG = 'partgraph-core';
  static override TITLE = 'PartGraph core features';
  static override DESCRIPTION = 'Built-in features of the server itself; always active.';
  static override AUTHOR = 'PartGraph';
  static override VERSION = SERVER_VERSION;
  static override LICENSE = 'MIT';
  /** Honoured for built-ins only: always active, cannot be deactivated. */
  static MANDATORY = true;
}
