// Sample (loaded with PLUGIN_TESTING): the ValidationMixin. Refuses part names containing
// "forbidden", requires IPNs (when given) to look like "ABC-123", numbers serials by incrementing
// their trailing digits ("SN-0009" → "SN-0010", none yet → "1") and gives batch codes
// "B-<yyyymmdd>" (UTC date).
import { InvenTreePlugin } from '../index.js';
import { type ModelInstance, ValidationMixin } from '../mixins/index.js';

const IPN = /^[A-Z]{3}-\d+$/;

/** "SN-0009" → "SN-0010", "7" → "8", "A" → "A1" (digits appended when there are none). */
export function incrementTrailingDigits(serial: string): string {
  const m = /^(.*?)(\d+)$/.exec(serial);
  if (!m) return `${serial}1`;
  const [, head, digits] = m as unknown as [string, string, string];
  const next = String(BigInt(digits) + 1n);
  return head + next.padStart(digits.length, '0');
}

export class ValidationRulesPlugin extends ValidationMixin(InvenTreePlugin) {
  static override NAME = 'Validation Rules';
  static override SLUG = 'sample-validation-rules';
  static override DESCRIPTION = 'Sample: part name and IPN rules, serial numbers and batch codes.';
  static override VERSION = '1.0.0';

  validatePartName(name: string, _part: ModelInstance): void {
    if (name.toLowerCase().includes('forbidden')) this.raiseError(`Part name "${name}" contains "forbidden"`, 'name');
  }

  validatePartIpn(ipn: string, _part: ModelInstance): void {
    if (!IPN.test(ipn)) this.raiseError(`IPN "${ipn}" must look like "ABC-123"`, 'ipn');
  }

  incrementSerialNumber(serial: string | null, _part: ModelInstance): string {
    return serial === null ? '1' : incrementTrailingDigits(serial);
  }

  getNextBatchCode(_part: ModelInstance | null): string {
    return `B-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  }
}
