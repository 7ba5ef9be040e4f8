import type { AddressSpace } from '../model/address-space';
import { hexToBytes, tryParseHex } from '../model/hex';
import type { CrashReport } from '../model/report';

interface Chunk {
  start: bigint;
  bytes: Uint8Array;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * The dump's memory with the bytes a transcript shows (report.knownMemory:
 * `dq`, `db`, `u` bytes) laid over it. Known bytes win where both exist.
 * A read succeeds only when every byte is held by one or the other.
 */
export function memoryWithKnownBytes(space: AddressSpace, report: CrashReport): AddressSpace {
  const chunks: Chunk[] = [];
  for (const km of report.knownMemory ?? []) {
    const start = tryParseHex(km.address);
    if (start === undefined) continue;
    const bytes = hexToBytes(km.bytes);
    if (bytes.length > 0) chunks.push({ start, bytes });
  }
  if (chunks.length === 0) return space;
  chunks.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  const knownByte = (va: bigint): number | undefined => {
    // Later chunks (in sorted order) overwrite earlier ones at the same address; scan is fine for transcript-sized lists.
    let found: number | undefined;
    for (const c of chunks) {
      if (c.start > va) break;
      const off = va - c.start;
      if (off < BigInt(c.bytes.length)) found = c.bytes[Number(off)];
    }
    return found;
  };

  const read = (address: bigint, length: number): Uint8Array | null => {
    if (length < 0 || !Number.isSafeInteger(length)) return null;
    const out = new Uint8Array(length);
    let gapStart = -1;
    const fillGap = (from: number, to: number): boolean => {
      const part = space.read((address + BigInt(from)) & MASK64, to - from);
      if (!part) return false;
      out.set(part, from);
      return true;
    };
    for (let i = 0; i < length; i++) {
      const b = knownByte((address + BigInt(i)) & MASK64);
      if (b === undefined) {
        if (gapStart < 0) gapStart = i;
        continue;
      }
      if (gapStart >= 0) {
        if (!fillGap(gapStart, i)) return null;
        gapStart = -1;
      }
      out[i] = b;
    }
    if (gapStart >= 0 && !fillGap(gapStart, length)) return null;
    return out;
  };

  return {
    pointerSize: space.pointerSize,
    read,
    readPartial(address: bigint, length: number): Uint8Array {
      let n = 0;
      while (n < length && read((address + BigInt(n)) & MASK64, 1)) n++;
      return read(address, n) ?? new Uint8Array(0);
    },
    ranges() {
      const own = chunks.map((c) => ({ address: c.start, size: c.bytes.length, label: 'transcript' }));
      return [...own, ...space.ranges()];
    },
  };
}
