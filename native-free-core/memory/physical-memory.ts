import type { ByteSource } from '../io/byte-source';

export const PAGE_SIZE = 0x1000;

/**
 * Physical memory of a kernel dump: which physical pages the file holds and
 * where. Reads go to the ByteSource on demand; nothing is cached beyond the
 * page index itself.
 */
export interface PhysicalMemory {
  /** File offset of the page holding physical address `pa`, or null when the dump does not hold it. */
  fileOffsetOf(pa: bigint): number | null;
  /** Reads `length` bytes at physical address `pa`, or null when any byte is not in the dump. */
  read(pa: bigint, length: number): Uint8Array | null;
  /** Number of physical pages present. */
  readonly presentPages: number;
  /** Present physical ranges in ascending order (page granular), for reports; stops after `limit` ranges. */
  runs(limit: number): { address: bigint; pages: number }[];
}

/** Shared read loop: copies page by page through `fileOffsetOf`, returning null at the first missing page or byte past the end of the file. */
export function readPhysical(
  source: ByteSource,
  fileOffsetOf: (pa: bigint) => number | null,
  pa: bigint,
  length: number,
): Uint8Array | null {
  if (length < 0 || !Number.isSafeInteger(length)) return null;
  if (length === 0) return new Uint8Array(0);
  const firstOffset = fileOffsetOf(pa);
  if (firstOffset === null) return null;
  const inPage = Number(pa & 0xfffn);
  if (inPage + length <= PAGE_SIZE) {
    if (firstOffset + length > source.size) return null;
    return source.read(firstOffset, length, 'physical page');
  }
  const out = new Uint8Array(length);
  let done = 0;
  let addr = pa;
  while (done < length) {
    const off = done === 0 ? firstOffset : fileOffsetOf(addr);
    if (off === null) return null;
    const pageLeft = PAGE_SIZE - Number(addr & 0xfffn);
    const n = Math.min(pageLeft, length - done);
    if (off + n > source.size) return null;
    out.set(source.read(off, n, 'physical page'), done);
    done += n;
    addr += BigInt(n);
  }
  return out;
}
