import type { ByteSource } from '../../io/byte-source';
import { concatBytes } from '../../io/concat-bytes';
import type { AddressSpace } from '../../model/address-space';

/** One range of target memory and where its bytes lie in the file. */
export interface MemoryRange {
  address: bigint;
  size: number;
  rva: number;
  label: string;
}

const MAX_ADDRESS = (1n << 64n) - 1n;

/**
 * Reads target memory from the ranges a minidump holds (MemoryList,
 * Memory64List, thread stacks). Ranges are sorted once; overlapping parts of
 * later ranges are dropped, so every address has one home and a lookup is a
 * binary search. Bytes are read from the ByteSource on demand.
 */
export class MinidumpAddressSpace implements AddressSpace {
  private readonly sorted: MemoryRange[];
  private readonly starts: bigint[];

  constructor(
    private readonly source: ByteSource,
    ranges: MemoryRange[],
    readonly pointerSize: 4 | 8,
  ) {
    const input = ranges.filter((r) => r.size > 0);
    // Memory64List is written in address order; sort only when the lists are not.
    let sorted = true;
    for (let i = 1; i < input.length && sorted; i++) sorted = input[i - 1]!.address < input[i]!.address;
    if (!sorted) input.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : b.size - a.size));
    const out: MemoryRange[] = [];
    let end = -1n;
    for (const r of input) {
      const rEnd = r.address + BigInt(r.size);
      if (rEnd <= end) continue;
      if (r.address < end) {
        const skip = Number(end - r.address);
        out.push({ address: end, size: r.size - skip, rva: r.rva + skip, label: r.label });
      } else {
        out.push(r);
      }
      end = rEnd;
    }
    this.sorted = out;
    this.starts = out.map((r) => r.address);
  }

  /** Index of the range holding `address`, or -1. */
  private find(address: bigint): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= address) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return -1;
    const r = this.sorted[best]!;
    return address < r.address + BigInt(r.size) ? best : -1;
  }

  read(address: bigint, length: number): Uint8Array | null {
    if (length < 0 || !Number.isSafeInteger(length) || address < 0n || address + BigInt(length) - 1n > MAX_ADDRESS) return null;
    if (length === 0) return new Uint8Array(0);
    const got = this.readPartial(address, length);
    return got.length === length ? got : null;
  }

  readPartial(address: bigint, length: number): Uint8Array {
    if (length <= 0 || !Number.isSafeInteger(length) || address < 0n || address > MAX_ADDRESS) return new Uint8Array(0);
    let i = this.find(address);
    if (i < 0) return new Uint8Array(0);
    const first = this.sorted[i]!;
    const offset = Number(address - first.address);
    const inFirst = Math.min(length, first.size - offset);
    if (inFirst === length) return new Uint8Array(this.source.read(first.rva + offset, length, 'memory'));
    // The request crosses into the following ranges: join them while they are contiguous.
    const parts: Uint8Array[] = [this.source.read(first.rva + offset, inFirst, 'memory')];
    let have = inFirst;
    let next = first.address + BigInt(first.size);
    while (have < length && ++i < this.sorted.length && this.sorted[i]!.address === next) {
      const r = this.sorted[i]!;
      const take = Math.min(length - have, r.size);
      parts.push(this.source.read(r.rva, take, 'memory'));
      have += take;
      next = r.address + BigInt(r.size);
    }
    return concatBytes(parts);
  }

  /**
   * Why a read of `length` bytes at `address` cannot be served, in words for
   * the user ("not in dump" and the nearest ranges); undefined when it can.
   */
  explainMissing(address: bigint, length: number): string | undefined {
    if (length > 0 && this.read(address, length)) return undefined;
    const at = (v: bigint) => '0x' + v.toString(16);
    const held = this.readPartial(address, length).length;
    const first = address + BigInt(held);
    let below: MemoryRange | undefined;
    let above: MemoryRange | undefined;
    for (let lo = 0, hi = this.sorted.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.address <= first) {
        below = this.sorted[mid];
        lo = mid + 1;
      } else {
        above = this.sorted[mid];
        hi = mid - 1;
      }
    }
    const near = [below && `below: ${at(below.address)}+0x${below.size.toString(16)} (${below.label})`, above && `above: ${at(above.address)} (${above.label})`].filter(Boolean).join('; ');
    const start = held > 0 ? `the dump holds ${held} of the ${length} bytes at ${at(address)}; ${at(first)} is not in dump` : `${at(address)} is not in dump`;
    return `${start}${near ? ` (nearest range ${near})` : ' (the dump holds no memory)'}`;
  }

  ranges(): Iterable<{ address: bigint; size: number; label?: string }> {
    return this.sorted.map((r) => ({ address: r.address, size: r.size, label: r.label }));
  }

  /** Where the bytes at `address` lie in the file, for hex views that show file offsets. */
  fileOffsetOf(address: bigint): number | undefined {
    const i = this.find(address);
    return i < 0 ? undefined : this.sorted[i]!.rva + Number(address - this.sorted[i]!.address);
  }
}
