// The buffer the stages write a machine state into at a crossing (steady-state.ts), reused for every
// state: 32-bit integers written by index (`array.length = 0` would drop an array's backing store and
// every state written would allocate it again). A number that is not a 32-bit integer (an iteration
// count of a loop with more than 2^31 iterations, say) marks the state `wide`: it is then never
// compared or recorded, since storing it would wrap it.

export class StateBuf {
  a = new Int32Array(1024);
  n = 0;
  wide = false;

  reset(): void {
    this.n = 0;
    this.wide = false;
  }

  push(x: number): void {
    if ((x | 0) !== x) this.wide = true;
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }

  /** The numbers written since the last reset, as a new array. */
  copy(): Int32Array {
    return this.a.slice(0, this.n);
  }
}
