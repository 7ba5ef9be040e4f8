import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../io/byte-source';
import { isParseError } from '../../io/parse-error';
import { RangeAddressSpace } from '../../unwind/range-memory';
import { findRuntimeFunction } from './pdata';
import { PeImage } from './pe-image';
import { buildPe, SCN_RDATA, u32le } from './synthetic/build-pe';
import { sampleImage } from './synthetic/sample-image';
import { UWOP_ALLOC_LARGE, UWOP_PUSH_MACHFRAME, UWOP_PUSH_NONVOL, UWOP_SAVE_NONVOL, UWOP_SAVE_NONVOL_FAR, UWOP_SAVE_XMM128, UWOP_SET_FPREG } from './unwind-info';

function check(img: PeImage) {
  expect(img.is64).toBe(true);
  expect(img.headers.Machine).toBe(0x8664);
  expect(img.headers.sections.map((s) => s.Name)).toEqual(['.text', '.rdata', '.pdata']);
  const ex = img.exports()!;
  expect(ex.dllName).toBe('sample.dll');
  expect(ex.exports).toEqual([
    { ordinal: 1, rva: 0x1000, name: 'Alpha' },
    { ordinal: 2, rva: 0x1040, name: 'Beta' },
    expect.objectContaining({ ordinal: 3, forwarder: 'other.Gamma' }),
  ]);
  const cv = img.codeView()!;
  expect(cv).toEqual({ format: 'RSDS', pdbName: 'c:\\build\\sample.pdb', guid: '5A9832E5287241C1838ED98914E9B7FF', age: 2, debugId: '5A9832E5287241C1838ED98914E9B7FF2' });
  const t = img.runtimeFunctions();
  expect(t.count).toBe(3);
  expect(t.complete).toBe(true);
  expect(findRuntimeFunction(t, 0x1045)).toMatchObject({ BeginAddress: 0x1040, EndAddress: 0x1100 });
  expect(findRuntimeFunction(t, 0x1120)).toBeUndefined();
  const u2 = img.unwindInfo(findRuntimeFunction(t, 0x1050)!.UnwindInfoAddress)!;
  expect(u2.FrameRegister).toBe(5);
  expect(u2.FrameOffset).toBe(2);
  expect(u2.codes.map((c) => [c.UnwindOp, c.OpInfo, c.operand])).toEqual([
    [UWOP_SAVE_XMM128, 6, 64],
    [UWOP_SAVE_NONVOL_FAR, 3, 0x10010],
    [UWOP_SAVE_NONVOL, 6, 64],
    [UWOP_SET_FPREG, 0, undefined],
    [UWOP_ALLOC_LARGE, 1, 0x2000],
    [UWOP_ALLOC_LARGE, 0, 0x80],
    [UWOP_PUSH_NONVOL, 3, undefined],
    [UWOP_PUSH_MACHFRAME, 1, undefined],
  ]);
  const u3 = img.unwindInfo(findRuntimeFunction(t, 0x1100)!.UnwindInfoAddress)!;
  expect(u3.chained).toEqual({ BeginAddress: 0x1000, EndAddress: 0x1040, UnwindInfoAddress: findRuntimeFunction(t, 0x1000)!.UnwindInfoAddress });
}

describe('PeImage', () => {
  const bytes = sampleImage();

  it('reads headers, exports, CodeView and unwind data from a file', () => {
    check(PeImage.fromFile(new BufferByteSource('sample.dll', bytes)));
  });

  it('reads the same from an image mapped in dump memory', () => {
    const space = new RangeAddressSpace().add(0x7ff600000000n, bytes);
    check(PeImage.fromMemory(space, 0x7ff600000000n, 'sample.dll'));
  });

  it('keeps what a partly captured image holds and marks .pdata incomplete', () => {
    const space = new RangeAddressSpace().add(0x10000n, bytes.subarray(0, 0x4000)).add(0x14000n, bytes.subarray(0x4000, 0x4000 + 12));
    const img = PeImage.fromMemory(space, 0x10000n, 'partial.dll');
    const t = img.runtimeFunctions();
    expect(t.count).toBe(1);
    expect(t.complete).toBe(false);
  });

  it('finds the entries of a 256-byte block of a large .pdata the dump holds only in part', () => {
    const N = 3000;
    const pdata = u32le(...Array.from({ length: N }, (_, i) => [0x1000 + i * 16, 0x1000 + i * 16 + 8, 0x2000]).flat());
    const big = buildPe({ sections: [{ name: '.pdata', rva: 0x10000, bytes: pdata, characteristics: SCN_RDATA }], directories: { 3: { rva: 0x10000, size: pdata.length } } });
    const blockAt = 0x10000 + 5003; // not entry-aligned, inside a 1024-entry chunk the dump lacks
    const space = new RangeAddressSpace().add(0x20000000n, big.subarray(0, 0x1000)).add(0x20000000n + BigInt(blockAt), big.subarray(blockAt, blockAt + 256));
    const t = PeImage.fromMemory(space, 0x20000000n, 'big.sys').runtimeFunctions();
    expect(t.complete).toBe(false);
    expect(t.count).toBe(21); // the whole 12-byte entries inside the block: bytes 5004..5256
    const first = Math.ceil((blockAt - 0x10000) / 12);
    expect(findRuntimeFunction(t, 0x1000 + first * 16)).toMatchObject({ BeginAddress: 0x1000 + first * 16 });
  });

  it('names structure and offset when headers are bad', () => {
    const broken = bytes.slice();
    broken[0x40] = 0x58;
    expect(() => PeImage.fromFile(new BufferByteSource('bad.dll', broken))).toThrowError(/bad\.dll: IMAGE_NT_HEADERS\.Signature at offset 0x40/);
    expect(() => PeImage.fromFile(new BufferByteSource('short.dll', bytes.subarray(0, 0x30)))).toThrowError(/IMAGE_DOS_HEADER/);
  });

  it('never throws anything but ParseError on mutated images', () => {
    const small = bytes.subarray(0, 0x5000);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: small.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }), fc.nat({ max: small.length }), (edits, cut) => {
        const m = small.slice(0, Math.max(cut, 0x100));
        for (const [at, v] of edits) if (at < m.length) m[at] = v;
        try {
          const img = PeImage.fromFile(new BufferByteSource('fuzz.dll', m));
          img.exports();
          img.codeView();
          const t = img.runtimeFunctions();
          for (let i = 0; i < Math.min(t.count, 8); i++) img.unwindInfo(t.entries[i * 3 + 2]!);
        } catch (e) {
          if (!isParseError(e)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
  });
});
