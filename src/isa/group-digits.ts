// Thousands separators for a count a person reads (2610000 → "2,610,000"): the one grouping, shared by
// reports/format.ts (fmtInt) and the notes and messages of the layers below it (lowering, schedulers).

/** The digits of an integer in groups of three: groupDigits(81920) = "81,920" (the sign as given: -5 → "-5"). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
