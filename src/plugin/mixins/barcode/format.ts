// PartGraph's own barcode text (InvenTree's built-in format): a JSON object with one key naming
// the model and the id as a number, e.g. `{"part": 12}`. Keys: part, partcategory, stocklocation,
// stockitem. Reading is strict: exactly one known key and a positive integer id, else not ours.
import { BARCODE_MODELS, type BarcodeMatch, type BarcodeModel } from './mixin.js';

/** The barcode text for one object: `{"part":12}`. */
export function partgraphBarcode(model: BarcodeModel, id: number): string {
  return JSON.stringify({ [model]: id });
}

/** The object a PartGraph barcode names, or null when the text is not one. */
export function readPartgraphBarcode(text: string): BarcodeMatch | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (entries.length !== 1) return null;
  const [key, id] = entries[0] as [string, unknown];
  const model = BARCODE_MODELS.find((m) => m === key);
  if (!model || typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  return { model, id };
}
