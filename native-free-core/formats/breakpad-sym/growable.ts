/** A Uint32Array that grows by doubling; `view()` returns the filled part. */
export class GrowableU32 {
  private data: Uint32Array;
  length = 0;
  constructor(initial = 64) {
    this.data = new Uint32Array(Math.max(4, initial));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
