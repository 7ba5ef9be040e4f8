/**
 * Rank index over a bitmap of present pages: rank(i) = number of set bits
 * before bit i, in O(1) with one 32-bit count per block of 512 bits. Memory
 * is the bitmap plus 1/16 of it; building it costs one pass over the bitmap,
 * never a step per page.
 */
const BLOCK_WORDS = 16; // 16 x 32-bit words = 512 bits per block

export class BitmapRankIndex {
  private readonly words: Uint32Array;
  private readonly blockRank: Uint32Array;
  readonly bitCount: number;
  readonly setBits: number;

  /** `bits` is copied into an aligned buffer; `bitCount` bits are used (the rest of the last byte is ignored). */
  constructor(bits: Uint8Array, bitCount: number) {
    this.bitCount = bitCount;
    const wordCount = Math.ceil(bitCount / 32);
    this.words = new Uint32Array(wordCount);
    new Uint8Array(this.words.buffer).set(bits.subarray(0, Math.min(bits.length, wordCount * 4)));
    const tail = bitCount % 32;
    if (tail !== 0) this.words[wordCount - 1] = this.words[wordCount - 1]! & ((2 ** tail - 1) >>> 0);
    this.blockRank = new Uint32Array(Math.ceil(wordCount / BLOCK_WORDS) + 1);
    let total = 0;
    for (let w = 0; w < wordCount; w++) {
      if (w % BLOCK_WORDS === 0) this.blockRank[w / BLOCK_WORDS] = total;
      total += popcount32(this.words[w]!);
    }
    this.blockRank[this.blockRank.length - 1] = total;
    this.setBits = total;
  }

  isSet(bit: number): boolean {
    if (bit < 0 || bit >= this.bitCount) return false;
    return ((this.words[bit >>> 5]! >>> (bit & 31)) & 1) === 1;
  }

  /** Number of set bits strictly before `bit`. */
  rank(bit: number): number {
    const word = bit >>> 5;
    const block = Math.floor(word / BLOCK_WORDS);
    let r = this.blockRank[block]!;
    for (let w = block * BLOCK_WORDS; w < word; w++) r += popcount32(this.words[w]!);
    const inWord = bit & 31;
    if (inWord) r += popcount32(this.words[word]! & ((2 ** inWord - 1) >>> 0));
    return r;
  }

  /** Calls `fn` for each maximal run of set bits, in order, until it returns false. */
  forEachRun(fn: (firstBit: number, length: number) => boolean): void {
    let start = -1;
    for (let w = 0; w < this.words.length; w++) {
      const v = this.words[w]!;
      if (v === 0xffffffff && start >= 0) continue;
      if (v === 0 && start < 0) continue;
      for (let b = 0; b < 32; b++) {
        const bit = w * 32 + b;
        if (bit >= this.bitCount) break;
        const set = ((v >>> b) & 1) === 1;
        if (set && start < 0) start = bit;
        else if (!set && start >= 0) {
          if (!fn(start, bit - start)) return;
          start = -1;
        }
      }
    }
    if (start >= 0) fn(start, this.bitCount - start);
  }
}

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
