// "Did you mean …?" for a misspelt or shortened name: `skylake` → intel-skylake, `resnet2` → resnet20,
// `latncy` → latency. Candidates that contain the input come first, shortest first;
// then those within a small edit distance (about a third of the name), nearest first.

/** Edits (insert, delete, replace, swap two neighbours) from a to b: "fam" → "fma" is one. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** Up to `max` candidates close to `input` (case-insensitive), best first; none when nothing is close. */
function closestNames(input: string, candidates: Iterable<string>, max = 3): string[] {
  const word = input.toLowerCase();
  if (!word) return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    const c = name.toLowerCase();
    if (name === input) continue;
    if (c === word) {
      scored.push({ name, score: -1 }); // only the case differs ("conv2D"): the best guess
      continue;
    }
    // a shortened name: "skylake" in "intel-skylake" (at least 3 letters, so "a" does not match everything)
    if (word.length >= 3 && c.includes(word)) scored.push({ name, score: Math.abs(c.length - word.length) / 100 });
    else {
      const d = editDistance(word, c);
      if (d <= Math.max(1, Math.floor(word.length / 3))) scored.push({ name, score: d });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
    .slice(0, max)
    .map((s) => s.name);
}

/** ` (did you mean X?)`, ` (did you mean X or Y?)`, or '' when nothing is close: to append to an error message. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const close = closestNames(input, candidates);
  return close.length ? ` (did you mean ${close.join(' or ')}?)` : '';
}
