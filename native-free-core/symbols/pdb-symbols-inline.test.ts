import { describe, expect, it } from 'vitest';
import { parsePdb } from '../formats/pdb/pdb-file';
import { buildPdb, leaf, symbolRecord } from '../formats/pdb/synthetic/build-pdb';
import { BufferByteSource } from '../io/byte-source';
import { emptyReport } from '../model/report';
import { toReportFrames } from '../unwind/frame';
import { formatWinDbgStack } from '../unwind/format';
import { RangeAddressSpace } from '../unwind/range-memory';
import { walkStack } from '../unwind/walk';
import { InMemorySymbolProvider } from './in-memory-provider';
import { PdbModuleSymbols } from './pdb-symbols';

const S_INLINESITE = 0x114d, S_INLINESITE2 = 0x115d, S_INLINESITE_END = 0x114e;
const site = (kind: number, inlinee: number, annotations: number[]) =>
  symbolRecord(kind, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, inlinee & 0xff, inlinee >> 8, 0, 0, ...(kind === S_INLINESITE2 ? [1, 0, 0, 0] : []), ...annotations]));
const end = symbolRecord(S_INLINESITE_END, new Uint8Array(0));

/**
 * The same sites as tests/fixtures/pdb/inline.yaml, with section headers so
 * they have RVAs: main (rva 0x1010) inlines Widget::poke at 0x10-0x20 and
 * 0x30-0x38, which inlines ns::store at 0x16-0x1c; Leaf is a plain function.
 * Checksum table: a.cpp at 0, inline.h at 8.
 */
function symbols(): PdbModuleSymbols {
  const bytes = buildPdb({
    guid: new Uint8Array(16),
    age: 1,
    machine: 0x14c,
    sections: [{ name: '.text', rva: 0x1000, size: 0x1000, characteristics: 0x60000020 }],
    publics: [],
    modules: [
      {
        name: 'a.obj',
        procs: [
          {
            name: 'main', segment: 1, offset: 0x10, size: 0x60,
            inner: [
              site(S_INLINESITE, 0x1002, [0x03, 0x10, 0x0b, 0x24, 0x04, 0x0c, 0x06, 0x06, 0x0c, 0x08, 0x10]),
              site(S_INLINESITE2, 0x1001, [0x03, 0x16, 0x05, 0x00, 0x0b, 0x32, 0x04, 0x04]),
              end,
              end,
            ],
          },
          { name: 'Leaf', segment: 1, offset: 0x100, size: 0x20 },
        ],
        lines: [{ file: 'c:\\src\\a.cpp', segment: 1, offset: 0x10, length: 0x60, entries: [[0, 10], [0x10, 12], [0x30, 14], [0x40, 15]] }],
        inlinees: [
          { inlinee: 0x1002, file: 'c:\\src\\inline.h', line: 20 },
          { inlinee: 0x1001, file: 'c:\\src\\inline.h', line: 40 },
        ],
      },
      {
        // A second module: its sites, files and inlinee lines are its own.
        name: 'b.obj',
        procs: [{ name: 'other', segment: 1, offset: 0x200, size: 0x20, inner: [site(S_INLINESITE, 0x1001, [0x03, 0x04, 0x04, 0x08]), end] }],
        inlinees: [{ inlinee: 0x1001, file: 'c:\\src\\b.h', line: 7 }],
      },
    ],
    types: [leaf.structure('Widget', 0, 0, 0, true)],
    ids: [leaf.stringId('ns'), leaf.funcId('store', 0x1000), leaf.memberFuncId('poke', 0x1000)],
  });
  return new PdbModuleSymbols(parsePdb(new BufferByteSource('app.pdb', bytes)));
}

describe('PdbModuleSymbols.inlineSites', () => {
  const s = symbols();

  it('gives the chain outermost first: the procedure line as the outer call site, each site line as the next one in', () => {
    expect(s.inlineSites(0x1027)).toEqual([
      { function: 'Widget::poke', rangeStart: 0x1020, lineStart: 0x1024, file: 'c:\\src\\inline.h', line: 21, callFile: 'c:\\src\\a.cpp', callLine: 12 },
      { function: 'ns::store', rangeStart: 0x1026, lineStart: 0x1026, file: 'c:\\src\\inline.h', line: 40, callFile: 'c:\\src\\inline.h', callLine: 21 },
    ]);
    expect(s.inlineSites(0x1029)![1]).toMatchObject({ rangeStart: 0x1026, lineStart: 0x1028, file: 'c:\\src\\a.cpp', line: 39 });
    expect(s.inlineSites(0x1045)).toEqual([{ function: 'Widget::poke', rangeStart: 0x1040, lineStart: 0x1040, file: 'c:\\src\\inline.h', line: 24, callFile: 'c:\\src\\a.cpp', callLine: 14 }]);
  });

  it("reads each module's sites with that module's inlinee lines", () => {
    expect(s.inlineSites(0x1206)).toEqual([{ function: 'ns::store', rangeStart: 0x1204, lineStart: 0x1204, file: 'c:\\src\\b.h', line: 7 }]);
    expect(s.inlineSites(0x120c)).toBeUndefined();
  });

  it('has none outside the inlined ranges or outside any procedure', () => {
    expect(s.inlineSites(0x1010)).toBeUndefined();
    expect(s.inlineSites(0x1030)).toBeUndefined();
    expect(s.inlineSites(0x1105)).toBeUndefined();
    expect(s.inlineSites(0x5000)).toBeUndefined();
  });

  it('expands a walked caller frame into its inlined calls (looked up at the return address - 1)', () => {
    const stack = new Uint8Array(0x100);
    const v = new DataView(stack.buffer);
    const S = 0x20000;
    v.setUint32(0x10, S + 0x40, true); // Leaf's saved ebp
    v.setUint32(0x14, 0x401028, true); // return into main, 0x401027 is inside ns::store
    const r = emptyReport('minidump', 'minidump');
    r.modules = [{ name: 'app.exe', base: '0x400000', size: '0x2000' }];
    r.context = { arch: 'x86', registers: { eip: '0x401105', esp: '0x' + S.toString(16), ebp: '0x' + (S + 0x10).toString(16) } };
    const frames = walkStack({ report: r, memory: new RangeAddressSpace(4).add(BigInt(S), stack) }, new InMemorySymbolProvider().add('app.exe', s), { scan: false });
    expect(toReportFrames(frames).map((f) => [f.index, f.function, f.offset, f.line, f.inline, f.trust])).toEqual([
      [0, 'Leaf', '0x5', undefined, undefined, 'context'],
      [1, 'ns::store', '0x2', 40, true, 'frame-pointer'],
      [2, 'Widget::poke', '0x8', 21, true, 'frame-pointer'],
      [3, 'main', '0x18', 12, undefined, 'frame-pointer'],
    ]);
    expect(formatWinDbgStack(frames, 'x86').slice(3, 5)).toEqual([
      '(Inline) -------- app!Widget::poke+0x8 [c:\\src\\inline.h @ 21]',
      '00020040 00000000 app!main+0x18 [c:\\src\\a.cpp @ 12]',
    ]);
  });
});
