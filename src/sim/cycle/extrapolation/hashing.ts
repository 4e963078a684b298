// Hashing and comparing written states (every mechanism's lookups). A hash only finds candidates:
// equality is always checked number by number (sameState), so a collision costs a comparison, never a
// false jump or replay.

/** Two 32-bit mixes of the first `n` numbers folded into one safe integer: a map key without building a
 *  string. */
export function hashKey(xs: ArrayLike<number>, n: number): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul((h2 + x) ^ (h2 >>> 15), 0x2c1b3c6d);
  }
  h2 = Math.imul(h2 ^ n, 0x01000193);
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

/** A state's hash combined with the key of the loop (or body) it was written at. */
export function keyedHash(loop: number, hash: number): number {
  return (hash + loop * 0x9e3779b1) % Number.MAX_SAFE_INTEGER;
}

/** a equals the first n numbers of b. */
export function sameState(a: Int32Array, b: ArrayLike<number>, n: number): boolean {
  if (a.length !== n) return false;
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The state equal to the first n numbers of `s` among `states` (by hash), if any. */
export function findState(states: Map<number, Int32Array[]>, s: ArrayLike<number>, n: number, hash = hashKey(s, n)): Int32Array | undefined {
  const xs = states.get(hash);
  if (xs) for (const x of xs) if (sameState(x, s, n)) return x;
  return undefined;
}
