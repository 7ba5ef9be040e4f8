import type { ByteSource } from '../io/byte-source';
import { PAGE_SIZE, readPhysical, type PhysicalMemory } from './physical-memory';

export interface PhysicalRun {
  basePage: bigint;
  pageCount: bigint;
}

/**
 * Physical memory of a full dump: the PHYSICAL_MEMORY_DESCRIPTOR runs, whose
 * pages follow each other in the file from `firstPageOffset` on.
 */
export class RunPhysicalMemory implements PhysicalMemory {
  private readonly bases: bigint[] = [];
  private readonly ends: bigint[] = [];
  /** Page index in the file of each run's first page. */
  private readonly fileIndex: number[] = [];
  readonly presentPages: number;

  constructor(
    private readonly source: ByteSource,
    runs: PhysicalRun[],
    private readonly firstPageOffset: number,
  ) {
    let index = 0;
    const sorted = runs.map((r, i) => ({ r, start: 0, i }));
    for (const s of sorted) {
      s.start = index;
      index += Number(s.r.pageCount);
    }
    sorted.sort((a, b) => (a.r.basePage < b.r.basePage ? -1 : a.r.basePage > b.r.basePage ? 1 : 0));
    for (const s of sorted) {
      if (s.r.pageCount === 0n) continue;
      this.bases.push(s.r.basePage);
      this.ends.push(s.r.basePage + s.r.pageCount);
      this.fileIndex.push(s.start);
    }
    this.presentPages = index;
  }

  fileOffsetOf(pa: bigint): number | null {
    const page = pa >> 12n;
    let lo = 0;
    let hi = this.bases.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (page < this.bases[mid]!) hi = mid - 1;
      else if (page >= this.ends[mid]!) lo = mid + 1;
      else {
        const offset = this.firstPageOffset + (this.fileIndex[mid]! + Number(page - this.bases[mid]!)) * PAGE_SIZE + Number(pa & 0xfffn);
        return offset < this.source.size ? offset : null;
      }
    }
    return null;
  }

  read(pa: bigint, length: number): Uint8Array | null {
    return readPhysical(this.source, (a) => this.fileOffsetOf(a), pa, length);
  }

  runs(limit: number): { address: bigint; pages: number }[] {
    return this.bases.slice(0, limit).map((b, i) => ({ address: b << 12n, pages: Number(this.ends[i]! - b) }));
  }
}
