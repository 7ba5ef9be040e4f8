import { describe, expect, it } from 'vitest';
import { buildKernelDump, type SynthDump } from '../../../tests/synth/kernel-dump-writer';
import { checkRange, type ByteSource } from '../../io/byte-source';
import { describeKernelDump } from './describe';
import { parseKernelDump } from './index';

/** A ByteSource over a synthetic dump's chunks (holes read as zeros) that counts what the parser reads. */
class CountingChunkSource implements ByteSource {
  readonly name = 'big.dmp';
  readonly size: number;
  bytesRead = 0;
  largestRead = 0;
  constructor(private readonly dump: SynthDump) {
    this.size = dump.size;
  }
  read(offset: number, length: number, structure = 'data'): Uint8Array {
    checkRange(this, offset, length, structure);
    this.bytesRead += length;
    this.largestRead = Math.max(this.largestRead, length);
    const out = new Uint8Array(length);
    for (const c of this.dump.chunks) {
      const lo = Math.max(offset, c.offset);
      const hi = Math.min(offset + length, c.offset + c.bytes.length);
      if (lo < hi) out.set(c.bytes.subarray(lo - c.offset, hi - c.offset), lo - offset);
    }
    return out;
  }
}

describe('opening a large bitmap dump', () => {
  it('reads the header and the bitmap, not the 8 GiB of pages', () => {
    const pages = (8 * 2 ** 30) / 4096;
    const va = 0xfffff80010000000n;
    const source = new CountingChunkSource(
      buildKernelDump({
        machine: 'x64',
        dumpType: 'bitmap',
        bitmapPages: pages,
        presentRanges: [[0, pages]],
        tablePfnBase: 0x1000,
        context: { rip: va, rsp: va + 0x800n },
        bugcheck: { code: 0xa, args: [0n, 2n, 0n, va] },
        mappings: [{ va, pfn: 0x2000 }],
        virtualWrites: [{ va: va + 0x10n, bytes: Uint8Array.of(1, 2, 3, 4) }],
      }),
    );
    const parsed = parseKernelDump(source);
    expect(source.size).toBeGreaterThan(8 * 2 ** 30);
    expect(source.bytesRead).toBeLessThan(1024 * 1024);
    expect(source.largestRead).toBeLessThanOrEqual(pages / 8);
    expect((parsed.report.extra!['physicalMemory'] as { presentPages: number }).presentPages).toBe(pages);
    const before = source.bytesRead;
    expect(parsed.memory.read(va + 0x10n, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(source.bytesRead - before).toBeLessThan(5 * 4096);
    expect(describeKernelDump(parsed).some((l) => l.includes('2097152 pages present'))).toBe(true);
  });
});
