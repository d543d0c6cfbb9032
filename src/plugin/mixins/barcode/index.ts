// BarcodeMixin: what plugin authors import (through partgraph/plugin/mixins).
export {
  BARCODE_MODELS,
  BarcodeMixin,
  type BarcodeInstance,
  type BarcodeMatch,
  type BarcodeModel,
  type BarcodeScanContext,
  type BarcodeScanOutcome,
} from './mixin.js';
export { partgraphBarcode, readPartgraphBarcode } from './format.js';
