import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../io/byte-source';
import { RangeAddressSpace } from '../../unwind/range-memory';
import { parsePdb } from './pdb-file';
import { exampleDtLines } from './synthetic/example-dt';
import { dtValues, formatDtResult, windbgUnsigned } from './type-values';
import { exampleBytes, valuesBytes } from '../../../tests/fixtures/pdb/sample-memory';

// sample.pdb: written by llvm-pdbutil yaml2pdb from sample.yaml (see the comment at its top)
const FIXTURE = path.resolve(__dirname, '../../../tests/fixtures/pdb/sample.pdb');
const layouts = parsePdb(new BufferByteSource('sample.pdb', readFileSync(FIXTURE))).layouts()!;

const BASE = 0xfffffa8008e13280n;

describe('dt with values over sample.pdb types', () => {
  it('without an address prints the layout exactly as formatDt does', () => {
    const r = dtValues(layouts, layouts.layout('_EXAMPLE')!, { module: 'sample' });
    expect(formatDtResult(r)).toEqual(exampleDtLines('sample'));
    expect(r.fields.find((f) => f.name === 'Count')).toEqual({ offset: 0x10, name: 'Count', type: 'Pos 3, 29 Bits', bits: { position: 3, length: 29 } });
  });

  it('reads every kind of member from memory, WinDbg style', () => {
    const memory = new RangeAddressSpace(8).add(BASE, exampleBytes());
    const r = dtValues(layouts, layouts.layout('_EXAMPLE')!, { module: 'sample', memory, address: BASE });
    expect(formatDtResult(r)).toEqual([
      'sample!_EXAMPLE at 0xfffffa8008e13280',
      '   +0x000 Links            : _LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]',
      '   +0x010 Kind             : 0y110',
      '   +0x010 Count            : 0y00000000000000000001111101000 (0x3e8)',
      '   +0x014 Name             : [16]  "FMsl stream"',
      '   +0x024 Color            : 1 ( Green )',
      '   +0x028 U                : <unnamed-tag>',
      '   +0x030 Stamp            : 0x3f`00067e77',
      '   +0x038 Handler          : (null)',
      '   +0x040 AllocatorBackTraceIndex : 0x1234',
    ]);
    const count = r.fields.find((f) => f.name === 'Count')!;
    expect(count).toMatchObject({ numeric: '0x3e8', address: '0xfffffa8008e13290', bits: { position: 3, length: 29 } });
  });

  it('prints signed numbers in decimal, characters, wide strings and typed pointers', () => {
    const memory = new RangeAddressSpace(8).add(BASE, exampleBytes()).add(0xfffffa8008e14000n, valuesBytes(BASE));
    const r = dtValues(layouts, layouts.layout('_VALUES')!, { memory, address: 0xfffffa8008e14000n });
    expect(formatDtResult(r).slice(1)).toEqual([
      '   +0x000 Signed           : 0n-6',
      "   +0x004 Letter           : 0n65 'A'",
      "   +0x005 Byte             : 6 ''",
      '   +0x008 Next             : 0xfffffa80`08e13280 _EXAMPLE',
      '   +0x010 Wide             : [4]  "Hi"',
      '   +0x018 Delta            : 0n-1',
    ]);
    expect(r.fields[0]!.numeric).toBe('0xfffffffa');
  });

  it('expands nested structures and unions with depth, as dt -r does', () => {
    const memory = new RangeAddressSpace(8).add(BASE, exampleBytes());
    const r = dtValues(layouts, layouts.layout('_EXAMPLE')!, { module: 'sample', memory, address: BASE, depth: 1 });
    const lines = formatDtResult(r);
    expect(lines.slice(1, 4)).toEqual([
      '   +0x000 Links            : _LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]',
      '      +0x000 Flink            : 0xfffffa80`07043c60 _LIST_ENTRY',
      '      +0x008 Blink            : 0xfffffa80`08e03390 _LIST_ENTRY',
    ]);
    expect(lines).toContain('      +0x000 AsULong          : 0x11223344');
    expect(r.fields.find((f) => f.name === 'U')!.children!.map((c) => c.address)).toEqual(['0xfffffa8008e132a8', '0xfffffa8008e132a8']);
    // without an address the nested layout alone; depth 0 expands nothing
    const layoutOnly = formatDtResult(dtValues(layouts, layouts.layout('_EXAMPLE')!, { depth: 3 }));
    expect(layoutOnly.slice(1, 4)).toEqual(['   +0x000 Links            : _LIST_ENTRY', '      +0x000 Flink            : Ptr64 _LIST_ENTRY', '      +0x008 Blink            : Ptr64 _LIST_ENTRY']);
    expect(dtValues(layouts, layouts.layout('_EXAMPLE')!, { memory, address: BASE }).fields.some((f) => f.children)).toBe(false);
  });

  it('names enum values, and says when there is no matching name', () => {
    const bytes = exampleBytes();
    new DataView(bytes.buffer).setInt32(0x24, 40000, true);
    const far = dtValues(layouts, layouts.layout('_EXAMPLE')!, { memory: new RangeAddressSpace(8).add(BASE, bytes), address: BASE });
    expect(far.fields.find((f) => f.name === 'Color')!.value).toBe('0x9c40 ( Far )');
    new DataView(bytes.buffer).setInt32(0x24, 7, true);
    const none = dtValues(layouts, layouts.layout('_EXAMPLE')!, { memory: new RangeAddressSpace(8).add(BASE, bytes), address: BASE });
    expect(none.fields.find((f) => f.name === 'Color')!.value).toBe('7 (No matching name)');
  });

  it('marks the fields whose bytes the dump does not hold, and says so when it holds none', () => {
    const partial = new RangeAddressSpace(8).add(BASE, exampleBytes().subarray(0, 0x20));
    const r = dtValues(layouts, layouts.layout('_EXAMPLE')!, { memory: partial, address: BASE });
    expect(r.fields.filter((f) => f.unreadable).map((f) => f.name)).toEqual(['Name', 'Color', 'U', 'Stamp', 'Handler', 'AllocatorBackTraceIndex']);
    expect(r.note).toBeUndefined();
    expect(formatDtResult(r)).toContain('   +0x030 Stamp            : ?? (not in the dump at 0xfffffa8008e132b0)');

    const empty = dtValues(layouts, layouts.layout('_EXAMPLE')!, { memory: new RangeAddressSpace(8), address: BASE });
    expect(empty.note).toBe('the dump holds none of the 0x48 bytes at 0xfffffa8008e13280');
    expect(empty.fields.every((f) => f.unreadable && f.value === undefined)).toBe(true);
  });

  it('lists the enumerators of an enum', () => {
    const r = dtValues(layouts, layouts.layout('_COLOR')!, { module: 'sample' });
    expect(formatDtResult(r)).toEqual(['sample!_COLOR', '   Red = 0n0', '   Green = 0n1', '   Far = 0n40000']);
  });

  it('formats unsigned numbers as dt does', () => {
    expect([0n, 9n, 10n, 0x211n, 0xffffffffn, 0x100000000n].map(windbgUnsigned)).toEqual(['0', '9', '0xa', '0x211', '0xffffffff', '0x1`00000000']);
  });

  it('never throws on any memory the dump may hold, present or not, for every type of the PDB', () => {
    const names = ['_EXAMPLE', '_VALUES', '_LIST_ENTRY', '<unnamed-tag>', '_COLOR'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.uint8Array({ maxLength: 96 }), fc.nat({ max: 80 }), fc.constantFrom(4 as const, 8 as const), (name, bytes, skip, ptr) => {
        const memory = new RangeAddressSpace(ptr).add(BASE + BigInt(skip), bytes);
        const r = dtValues(layouts, layouts.layout(name)!, { memory, address: BASE });
        const lines = formatDtResult(r);
        expect(lines.length).toBe(1 + (r.note ? 1 : 0) + r.fields.length + (r.enumerators?.length ?? 0));
        for (const f of r.fields) expect(f.unreadable === true || typeof f.value === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
