// The comparison form of a serial number. Two serials with the same key are the same serial
// for one part: the unique index is on (part_id, serial_key), so concurrent creates cannot
// both win. The displayed serial keeps what the user typed (NFC, trimmed).
//
// What must stay true: the function is deterministic, and it never returns a string
// containing a format character (\p{Cf}); Migration20261128000000SerialKey relies on
// that to mark pre-existing duplicates with a U+200B suffix no real key can have. Changing the
// rule needs a migration that recomputes every stored key.
//
// The rule, step by step:
//   1. NFKC: compatibility forms fold to their plain letters (full-width "ＳＮ－１" -> "SN-1",
//      ligatures, superscripts, the no-break space -> space).
//   2. Remove format characters (\p{Cf}: zero-width space/joiners, soft hyphen, BOM, bidi marks).
//   3. Every dash (\p{Pd}: hyphen, non-breaking hyphen, en/em dash..., and the minus sign U+2212)
//      becomes "-".
//   4. Runs of white space become one space; leading/trailing space is dropped.
//   5. Lower case (so "SN-1" and "sn-1" are one serial); done right after step 1.
// Look-alikes from different scripts (Cyrillic "С" vs Latin "C") stay distinct: telling them
// apart needs a confusables table, and a scanner never produces them by accident.

export function serialKey(serial: string): string {
  return serial
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC') // lower-casing can leave a few sequences unnormalised
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Pd}\u2212]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}
