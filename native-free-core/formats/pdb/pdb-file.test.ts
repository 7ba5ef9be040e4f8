import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../io/byte-source';
import { isParseError } from '../../io/parse-error';
import { PdbModuleSymbols } from '../../symbols/pdb-symbols';
import { parsePdb } from './pdb-file';
import { buildPdb, leaf, type SyntheticPdb } from './synthetic/build-pdb';
import { exampleDtLines } from './synthetic/example-dt';
import { formatDt } from './type-layout';

const GUID = Uint8Array.from([0xe5, 0x32, 0x98, 0x5a, 0x72, 0x28, 0xc1, 0x41, 0x83, 0x8e, 0xd9, 0x89, 0x14, 0xe9, 0xb7, 0xff]);

export function samplePdb(blockSize = 4096): SyntheticPdb {
  return {
    blockSize,
    guid: GUID,
    age: 3,
    sections: [
      { name: '.text', rva: 0x1000, size: 0x1000, characteristics: 0x60000020 },
      { name: '.data', rva: 0x3000, size: 0x200, characteristics: 0xc0000040 },
    ],
    publics: [
      { name: 'main', segment: 1, offset: 0x10 },
      { name: '_helper@8', segment: 1, offset: 0x80 },
      { name: '?Decorated@@YAXXZ', segment: 1, offset: 0x200 },
      { name: 'g_counter', segment: 2, offset: 0x8, flags: 0 },
    ],
    modules: [
      {
        name: 'c:\\src\\test.obj',
        procs: [{ name: 'main', segment: 1, offset: 0x10, size: 0x40 }, { name: 'helper', segment: 1, offset: 0x80, size: 0x30, global: false }],
        lines: [{ file: 'c:\\src\\test.cpp', segment: 1, offset: 0x10, length: 0x40, entries: [[0, 10], [0x8, 11], [0x20, 14]] }],
      },
    ],
    types: [
      leaf.structure('_LIST_ENTRY', 0, 0, 0, true), // 0x1000
      leaf.pointer(0x1000), // 0x1001
      { kind: 0x1203, data: leaf.fieldList([leaf.member('Flink', 0x1001, 0), leaf.member('Blink', 0x1001, 8)]) }, // 0x1002
      leaf.structure('_LIST_ENTRY', 0x1002, 16, 2), // 0x1003
      leaf.bitfield(0x75, 3, 0), // 0x1004
      leaf.bitfield(0x75, 29, 3), // 0x1005
      leaf.array(0x20, 16), // 0x1006
      { kind: 0x1203, data: leaf.fieldList([leaf.enumerate('Red', 0), leaf.enumerate('Green', 1)]) }, // 0x1007
      leaf.enumType('_COLOR', 0x74, 0x1007, 2), // 0x1008
      leaf.array(0x20, 4), // 0x1009
      { kind: 0x1203, data: leaf.fieldList([leaf.member('AsULong', 0x22, 0), leaf.member('AsBytes', 0x1009, 0)]) }, // 0x100a
      leaf.structure('<unnamed-tag>', 0x100a, 4, 2, false, 'union'), // 0x100b
      leaf.modifier(0x23), // 0x100c
      {
        kind: 0x1203,
        data: leaf.fieldList([
          leaf.member('Links', 0x1003, 0),
          leaf.member('Kind', 0x1004, 0x10),
          leaf.member('Count', 0x1005, 0x10),
          leaf.member('Name', 0x1006, 0x14),
          leaf.member('Color', 0x1008, 0x24),
          leaf.member('U', 0x100b, 0x28),
          leaf.member('Stamp', 0x100c, 0x30),
          leaf.member('Handler', 0x603, 0x38),
          leaf.member('AllocatorBackTraceIndex', 0x21, 0x40),
        ]),
      }, // 0x100d
      leaf.structure('_EXAMPLE', 0x100d, 0x48, 9), // 0x100e
      leaf.procedure(0x74), // 0x100f
    ],
  };
}

describe.each([1024, 4096])('PDB with %i-byte blocks', (blockSize) => {
  const bytes = buildPdb(samplePdb(blockSize));
  const pdb = parsePdb(new BufferByteSource('test.pdb', bytes));

  it('reads the MSF superblock and the info stream (GUID, age)', () => {
    expect(pdb.msf.superBlock.BlockSize).toBe(blockSize);
    expect(pdb.info.guid).toBe('5A9832E5287241C1838ED98914E9B7FF');
    expect(pdb.info.Age).toBe(3);
    expect(pdb.info.namedStreams.get('/names')).toBe(7);
    expect(pdb.debugId).toBe('5A9832E5287241C1838ED98914E9B7FF3');
  });

  it('reads the DBI header, module info, section map and section headers', () => {
    const dbi = pdb.dbi()!;
    expect(dbi.header.Machine).toBe(0x8664);
    expect(dbi.modules.map((m) => m.ModuleName)).toEqual(['c:\\src\\test.obj']);
    expect(dbi.sectionMap).toHaveLength(2);
    expect(pdb.sections().map((s) => [s.Name, s.VirtualAddress])).toEqual([['.text', 0x1000], ['.data', 0x3000]]);
    expect(pdb.rva(2, 8)).toBe(0x3008);
  });

  it('reads public symbols and procedures and resolves addresses (procedures first)', () => {
    expect(pdb.globals().publics.map((p) => p.name)).toEqual(['main', '_helper@8', '?Decorated@@YAXXZ', 'g_counter']);
    expect(pdb.procedures().map((p) => [p.name, p.global])).toEqual([['main', true], ['helper', false]]);
    const s = new PdbModuleSymbols(pdb);
    expect(s.lookup(0x1020)).toMatchObject({ function: 'main', offset: 0x10, functionSize: 0x40, source: 'pdb', file: 'c:\\src\\test.cpp', line: 11, lineStart: 0x1018 });
    expect(s.lookup(0x1035)).toMatchObject({ line: 14, lineStart: 0x1030 });
    expect(s.lookup(0x1085)!.line).toBeUndefined();
    expect(pdb.lines().map((l) => l.line)).toEqual([10, 11, 14]);
    // x64 names have no C decoration: the public's name is shown as it is.
    expect(s.lookup(0x10b5)).toMatchObject({ function: '_helper@8', offset: 0x35 - 0x0, source: 'pdb' });
    const x86 = new PdbModuleSymbols(parsePdb(new BufferByteSource('x86.pdb', buildPdb({ ...samplePdb(), machine: 0x14c }))));
    expect(x86.lookup(0x10c0)).toMatchObject({ function: 'helper', decoratedName: '_helper@8', offset: 0x40 });
    expect(s.lookup(0x1210)).toMatchObject({ function: 'Decorated', decoratedName: '?Decorated@@YAXXZ', offset: 0x10 });
    expect(s.functionRange(0x1085)).toEqual({ start: 0x1080, end: 0x10b0, source: 'pdb' });
    expect(s.lookup(0xfff)).toBeUndefined();
  });

  it('lays out structures as dt does: pointers, bitfields, arrays, enums, unions, modifiers, forward references', () => {
    const layouts = pdb.layouts()!;
    expect(formatDt(layouts.layout('_EXAMPLE')!, 'test')).toEqual(exampleDtLines('test'));
    expect(formatDt(layouts.layout('nt!_LIST_ENTRY')!, 'nt')).toEqual(['nt!_LIST_ENTRY', '   +0x000 Flink            : Ptr64 _LIST_ENTRY', '   +0x008 Blink            : Ptr64 _LIST_ENTRY']);
    const e = layouts.layout('_COLOR')!;
    expect(e.kind).toBe('enum');
    expect(e.size).toBe(4);
    expect(e.enumerators).toEqual([{ name: 'Red', value: 0n }, { name: 'Green', value: 1n }]);
    expect(layouts.layout(0x1003)!.size).toBe(16);
    expect(layouts.sizeOf(0x100b)).toBe(4);
    expect(layouts.layout('_MISSING')).toBeUndefined();
  });

  it('rejects a file that is not an MSF 7.00 PDB, naming the structure', () => {
    const bad = bytes.slice();
    bad[0] = 0x4e;
    expect(() => parsePdb(new BufferByteSource('bad.pdb', bad))).toThrowError(/bad\.pdb: MSF_SUPERBLOCK\.FileMagic at offset 0x0/);
  });
});

describe('PDB parser robustness', () => {
  it('never throws anything but ParseError on mutated PDBs', () => {
    const base = buildPdb(samplePdb(1024));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }), fc.nat({ max: base.length }), (edits, cut) => {
        const m = base.slice(0, Math.max(cut, 64));
        for (const [at, v] of edits) if (at < m.length) m[at] = v;
        try {
          const pdb = parsePdb(new BufferByteSource('fuzz.pdb', m));
          const s = new PdbModuleSymbols(pdb);
          s.lookup(0x1020);
          const l = pdb.layouts();
          if (l) {
            for (const name of ['_EXAMPLE', '_LIST_ENTRY', '_COLOR']) {
              const lay = l.layout(name);
              if (lay) formatDt(lay);
            }
          }
        } catch (e) {
          if (!isParseError(e)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
  });
});
