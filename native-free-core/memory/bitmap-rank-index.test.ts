import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitmapRankIndex, popcount32 } from './bitmap-rank-index';

function naiveRank(bits: Uint8Array, bit: number): number {
  let r = 0;
  for (let i = 0; i < bit; i++) if (bits[i >> 3]! & (1 << (i & 7))) r++;
  return r;
}

describe('BitmapRankIndex', () => {
  it('popcount32 counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });

  it('agrees with a naive rank on random bitmaps', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.nat(), (bytes, extra) => {
        const bitCount = Math.max(0, bytes.length * 8 - (extra % 8));
        const idx = new BitmapRankIndex(bytes, bitCount);
        let set = 0;
        for (let i = 0; i < bitCount; i++) {
          const isSet = (bytes[i >> 3]! & (1 << (i & 7))) !== 0;
          expect(idx.isSet(i)).toBe(isSet);
          expect(idx.rank(i)).toBe(naiveRank(bytes, i));
          if (isSet) set++;
        }
        expect(idx.setBits).toBe(set);
        expect(idx.isSet(bitCount)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('lists runs of set bits', () => {
    const bytes = new Uint8Array([0b11110000, 0xff, 0x01, 0x00, 0x80]);
    const runs: [number, number][] = [];
    new BitmapRankIndex(bytes, 40).forEachRun((f, n) => (runs.push([f, n]), true));
    expect(runs).toEqual([[4, 13], [39, 1]]);
  });
});
