// BarcodeMixin at run time: nothing to start or stop; barcode plugins are looked up among the
// active ones on each scan. The mixin adds scanBarcode, link/unlinkBarcode, barcodeScans and the
// `barcode` field of Part, PartCategory, StockItem and StockLocation (admin.ts).
import type { MixinLifecycle } from '../lifecycle.js';
import { BarcodeResolver, barcodeFieldResolvers } from './admin.js';

export const barcodeLifecycle: MixinLifecycle = {
  name: 'barcode',
  adminResolvers: [BarcodeResolver, ...barcodeFieldResolvers],
};
