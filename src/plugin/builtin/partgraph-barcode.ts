// Mandatory built-in (InvenTree's built-in barcode plugin): makes and reads PartGraph's own
// barcodes, JSON like `{"part": 12}` (keys part, partcategory, stocklocation, stockitem). It is
// asked first by scanBarcode and also answers for linked third-party barcodes (linkBarcode).
import { InvenTreePlugin, SERVER_VERSION } from '../index.js';
import {
  BarcodeMixin,
  partgraphBarcode,
  readPartgraphBarcode,
  type BarcodeInstance,
  type BarcodeModel,
  type BarcodeScanOutcome,
} from '../mixins/index.js';

export class PartGraphBarcodePlugin extends BarcodeMixin(InvenTreePlugin) {
  static override NAME = 'PartGraph Barcodes';
  static override SLUG = 'partgraph-barcode';
  static override TITLE = 'PartGraph barcodes';
  static override DESCRIPTION = 'Makes and reads PartGraph barcodes ({"part": 12}); always active.';
  static override AUTHOR = 'PartGraph';
  static override VERSION = SERVER_VERSION;
  static override LICENSE = 'MIT';
  /** Honoured for built-ins only: always active, cannot be deactivated. */
  static MANDATORY = true;

  override scan(barcode: string): BarcodeScanOutcome {
    return readPartgraphBarcode(barcode);
  }

  override generate(model: BarcodeModel, instance: BarcodeInstance): string {
    return partgraphBarcode(model, instance.id);
  }
}
