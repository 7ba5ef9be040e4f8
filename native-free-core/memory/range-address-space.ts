import type { ByteSource } from '../io/byte-source';
import { concatBytes } from '../io/concat-bytes';
import type { AddressSpace } from '../model/address-space';

/** One virtual range whose bytes lie contiguously in the file (a triage call stack or data block). */
export interface FileBackedRange {
  address: bigint;
  size: number;
  fileOffset: number;
  label?: string;
}

/**
 * Virtual memory made of file-backed ranges, as in triage dumps. Ranges are
 * sorted by address; a read may span adjacent ranges. Overlapping ranges are
 * allowed (the first one found that holds a byte wins).
 */
export class RangeAddressSpace implements AddressSpace {
  private readonly sorted: FileBackedRange[];
  /** prefix maximum of range ends, so a lookup can stop early */
  private readonly maxEnd: bigint[];

  constructor(
    readonly pointerSize: 4 | 8,
    private readonly source: ByteSource,
    ranges: FileBackedRange[],
  ) {
    this.sorted = ranges
      .filter((r) => r.size > 0 && r.fileOffset >= 0 && r.fileOffset + r.size <= source.size)
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    this.maxEnd = [];
    let m = -1n;
    for (const r of this.sorted) {
      const end = r.address + BigInt(r.size);
      if (end > m) m = end;
      this.maxEnd.push(m);
    }
  }

  /** The range holding `va`, if any. */
  private find(va: bigint): FileBackedRange | undefined {
    // last range starting at or before va
    let lo = 0;
    let hi = this.sorted.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.address <= va) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = idx; i >= 0 && this.maxEnd[i]! > va; i--) {
      const r = this.sorted[i]!;
      if (va < r.address + BigInt(r.size)) return r;
    }
    return undefined;
  }

  read(address: bigint, length: number): Uint8Array | null {
    const out = this.readPartial(address, length);
    return out.length === length ? out : null;
  }

  readPartial(address: bigint, length: number): Uint8Array {
    if (length <= 0 || !Number.isSafeInteger(length)) return new Uint8Array(0);
    const first = this.find(address);
    if (!first) return new Uint8Array(0);
    const firstAvail = Number(first.address + BigInt(first.size) - address);
    if (firstAvail >= length) return this.source.read(first.fileOffset + Number(address - first.address), length, 'triage memory');
    const parts: Uint8Array[] = [];
    let done = 0;
    let va = address;
    while (done < length) {
      const r = done === 0 ? first : this.find(va);
      if (!r) break;
      const at = Number(va - r.address);
      const n = Math.min(r.size - at, length - done);
      parts.push(this.source.read(r.fileOffset + at, n, 'triage memory'));
      done += n;
      va += BigInt(n);
    }
    return concatBytes(parts);
  }

  ranges(): Iterable<{ address: bigint; size: number; label?: string }> {
    return this.sorted.map((r) => ({ address: r.address, size: r.size, ...(r.label ? { label: r.label } : {}) }));
  }
}
