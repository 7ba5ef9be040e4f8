import type { ByteSource } from '../io/byte-source';
import { BitmapRankIndex } from './bitmap-rank-index';
import { PAGE_SIZE, readPhysical, type PhysicalMemory } from './physical-memory';

/**
 * Physical memory of a bitmap (summary / kernel / automatic / live) dump:
 * bit N of the bitmap says page frame N is present, and present pages follow
 * each other in the file from `firstPageOffset` on, so a page's file position
 * is its rank among the set bits.
 */
export class BitmapPhysicalMemory implements PhysicalMemory {
  constructor(
    private readonly source: ByteSource,
    readonly index: BitmapRankIndex,
    private readonly firstPageOffset: number,
  ) {}

  get presentPages(): number {
    return this.index.setBits;
  }

  fileOffsetOf(pa: bigint): number | null {
    const page = pa >> 12n;
    if (page >= BigInt(this.index.bitCount)) return null;
    const pfn = Number(page);
    if (!this.index.isSet(pfn)) return null;
    const offset = this.firstPageOffset + this.index.rank(pfn) * PAGE_SIZE + Number(pa & 0xfffn);
    return offset < this.source.size ? offset : null;
  }

  read(pa: bigint, length: number): Uint8Array | null {
    return readPhysical(this.source, (a) => this.fileOffsetOf(a), pa, length);
  }

  runs(limit: number): { address: bigint; pages: number }[] {
    const out: { address: bigint; pages: number }[] = [];
    this.index.forEachRun((first, length) => {
      out.push({ address: BigInt(first) << 12n, pages: length });
      return out.length < limit;
    });
    return out;
  }
}
