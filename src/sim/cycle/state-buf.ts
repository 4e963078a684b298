// The buffer the stages write a machine state into at a crossing (steady-state.ts), reused for every
// state: written by index, because `array.length = 0` drops an array's backing store and every state
// written would allocate it again.

export class StateBuf {
  readonly a: number[] = [];
  n = 0;

  reset(): void {
    this.n = 0;
  }

  push(x: number): void {
    this.a[this.n++] = x;
  }

  /** The numbers written since the last reset, as a new array. */
  copy(): Int32Array {
    const r = new Int32Array(this.n);
    const a = this.a;
    for (let k = 0; k < r.length; k++) r[k] = a[k]!;
    return r;
  }
}
