// Checks the synthetic kernel-dump writer's bytes directly (no parser), so round-trip tests rest on a known writer.
import { describe, expect, it } from 'vitest';
import { buildKernelDump, encodeKdbgBlock, toBytes } from '../synth/kernel-dump-writer';

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length);

describe('kernel-dump writer', () => {
  it('writes DUMP_HEADER64 fields at Microsoft offsets', () => {
    const b = toBytes(buildKernelDump({ machine: 'x64', dumpType: 'full', build: 19041, processors: 3, bugcheck: { code: 0x3b, args: [1n, 2n, 3n, 4n] }, presentRanges: [[0x10, 2]] }));
    const v = view(b);
    expect(ascii(b, 0, 8)).toBe('PAGEDU64');
    expect(v.getUint32(0x0c, true)).toBe(19041);
    expect(v.getUint32(0x30, true)).toBe(0x8664);
    expect(v.getUint32(0x34, true)).toBe(3);
    expect(v.getUint32(0x38, true)).toBe(0x3b);
    expect(v.getBigUint64(0x58, true)).toBe(4n);
    expect(v.getUint32(0xf98, true)).toBe(1);
    // one run of two pages after the 0x2000-byte header
    expect(v.getUint32(0x88, true)).toBe(1);
    expect(v.getBigUint64(0x98, true)).toBe(0x10n);
    expect(v.getBigUint64(0xa0, true)).toBe(2n);
    expect(b.length).toBe(0x2000 + 2 * 0x1000);
  });

  it('writes the bitmap header and bitmap after the dump header', () => {
    const d = buildKernelDump({ machine: 'x64', dumpType: 'bitmap', presentRanges: [[3, 2], [9, 1]], bitmapPages: 64 });
    const b = toBytes(d);
    const v = view(b);
    expect(ascii(b, 0x2000, 8)).toBe('FDMPDUMP');
    expect(v.getBigUint64(0x2020, true)).toBe(0x3000n); // first page
    expect(v.getBigUint64(0x2028, true)).toBe(3n); // present pages
    expect(v.getBigUint64(0x2030, true)).toBe(64n); // bits
    expect(b[0x2038]).toBe(0b00011000);
    expect(b[0x2039]).toBe(0b00000010);
    expect(d.size).toBe(0x3000 + 3 * 0x1000);
  });

  it('writes DUMP_HEADER32 and a triage block with its driver list', () => {
    const b = toBytes(buildKernelDump({
      machine: 'x86',
      dumpType: 'triage',
      triage: { topOfStack: 0xf7a20000n, stack: new Uint8Array(16), drivers: [{ name: 'a.sys', base: 0x80000000n, size: 0x1000 }] },
    }));
    const v = view(b);
    expect(ascii(b, 0, 8)).toBe('PAGEDUMP');
    expect(v.getUint32(0xf88, true)).toBe(4);
    expect(v.getUint32(0x1000 + 0x48, true)).toBe(0xf7a20000); // TopOfStack
    const list = v.getUint32(0x1000 + 0x30, true);
    const name = v.getUint32(list, true);
    expect(v.getUint32(name, true)).toBe(5);
    expect(String.fromCharCode(...Array.from({ length: 5 }, (_, i) => v.getUint16(name + 4 + i * 2, true)))).toBe('a.sys');
    expect(v.getUint32(list + 4 + 0x18, true)).toBe(0x80000000);
  });

  it('builds x64 page tables from DirectoryTableBase', () => {
    const b = toBytes(buildKernelDump({ machine: 'x64', dumpType: 'full', mappings: [{ va: 0xfffff80000001000n, pfn: 0x42 }], tablePfnBase: 0x100 }));
    const v = view(b);
    const dtb = v.getBigUint64(0x10, true);
    expect(dtb).toBe(0x100000n);
    // pages are stored in run order: find the PML4 page's file offset from the runs
    const runs = v.getUint32(0x88, true);
    const fileOf = (pfn: bigint) => {
      let idx = 0n;
      for (let i = 0; i < runs; i++) {
        const base = v.getBigUint64(0x98 + i * 16, true);
        const count = v.getBigUint64(0xa0 + i * 16, true);
        if (pfn >= base && pfn < base + count) return Number(0x2000n + (idx + pfn - base) * 0x1000n);
        idx += count;
      }
      throw new Error('absent');
    };
    const pml4e = v.getBigUint64(fileOf(dtb >> 12n) + 0x1f0 * 8, true);
    expect(pml4e & 1n).toBe(1n);
  });
});

describe('kernel-dump writer: encoded KDDEBUGGER_DATA64', () => {
  // KdCopyDataBlock's decoding, written here from Volatility's description rather than imported from the reader.
  const M = (1n << 64n) - 1n;
  const rotl = (v: bigint, n: bigint) => (n & 63n) === 0n ? v : ((v << (n & 63n)) | (v >> (64n - (n & 63n)))) & M;
  const bswap = (v: bigint) => BigInt('0x' + v.toString(16).padStart(16, '0').match(/../g)!.reverse().join(''));
  const keys = { kiWaitNever: 0x6b1e3a9c2f5d4e17n, kiWaitAlways: 0x93c4e1f0a7b2d586n, kdpDataBlockEncodedVa: 0xfffff80003007008n };

  it('encodes every word so that KdCopyDataBlock decodes it back', () => {
    const plain = Uint8Array.from({ length: 0x40 }, (_, i) => i * 13 + 1);
    const enc = view(encodeKdbgBlock(plain, keys));
    const pv = view(plain);
    for (let i = 0; i < 0x40; i += 8) {
      const w = enc.getBigUint64(i, true);
      const decoded = bswap(rotl(w ^ keys.kiWaitNever, keys.kiWaitNever & 0xffn) ^ (keys.kdpDataBlockEncodedVa | 0xffff000000000000n)) ^ keys.kiWaitAlways;
      expect(decoded).toBe(pv.getBigUint64(i, true));
    }
  });

  it('writes KdCopyDataBlock with RIP-relative operands naming the flag, the block and both keys', () => {
    const DATA = 0xfffff80003000000n;
    const CODE = 0xfffff80002a00000n;
    const d = buildKernelDump({
      machine: 'x64', dumpType: 'full', kdDebuggerDataBlock: DATA + 0x1000n,
      mappings: [{ va: CODE, pfn: 0x700 }, { va: DATA, pfn: 0x800, size: '2m' }],
      encodedKdbg: { block: new Uint8Array(0x360), ...keys, kiWaitNeverVa: DATA + 0x7010n, kiWaitAlwaysVa: DATA + 0x7020n, kdCopyDataBlockVa: CODE + 0x10n },
    });
    // pfn 0x700 is the first present page of the code mapping; find its chunk.
    const code = d.chunks.map((c) => c.bytes).find((b) => b[0x10] === 0x80 && b[0x11] === 0x3d)!;
    const v = view(code);
    const target = (at: number, end: number) => CODE + 0x10n + BigInt(end) + BigInt(v.getInt32(0x10 + at, true));
    expect(target(2, 7)).toBe(keys.kdpDataBlockEncodedVa);
    expect([code[0x10 + 12], code[0x10 + 13]]).toEqual([0x48, 0x8d]);
    expect(target(15, 19)).toBe(DATA + 0x1000n);
    expect(v.getUint32(0x10 + 20, true)).toBe(0x360 / 8);
    expect(target(27, 31)).toBe(DATA + 0x7010n);
    expect(target(34, 38)).toBe(DATA + 0x7020n);
  });
});
