import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { llvmPdbutil } from '../../../tests/fixtures/pdb/llvm-pdbutil';
import { BufferByteSource } from '../../io/byte-source';
import { parsePdb } from './pdb-file';
import { exampleDtLines } from './synthetic/example-dt';
import { LF_STRUCTURE, LF_UNION } from './tpi-stream';
import { formatDt, readStructHeader } from './type-layout';

// sample.pdb was written by LLVM's own PDB writer (llvm-pdbutil yaml2pdb, see sample.yaml):
// an independent producer for the reader.
const FIXTURE = path.resolve(__dirname, '../../../tests/fixtures/pdb/sample.pdb');
const pdb = parsePdb(new BufferByteSource('sample.pdb', readFileSync(FIXTURE)));

describe('sample.pdb written by llvm-pdbutil yaml2pdb', () => {
  it('reads the info stream and the DBI modules', () => {
    expect(pdb.info.guid).toBe('5A9832E5287241C1838ED98914E9B7FF');
    expect(pdb.info.Age).toBe(2);
    expect(pdb.debugId).toBe('5A9832E5287241C1838ED98914E9B7FF2');
    expect(pdb.dbi()!.modules.map((m) => m.ModuleName)).toEqual(['c:\\src\\sample.obj', 'c:\\src\\other.obj']);
  });

  it('reads S_GPROC32 and S_LPROC32 from the module streams', () => {
    expect(pdb.procedures().map((p) => [p.name, p.segment, p.offset, p.codeSize, p.global, p.module])).toEqual([
      ['main', 1, 16, 64, true, 0],
      ['helper', 1, 128, 48, false, 0],
      ['Other::Method', 1, 512, 32, true, 1],
    ]);
  });

  it('lays out the TPI types as dt does', () => {
    const l = pdb.layouts()!;
    expect(formatDt(l.layout('_EXAMPLE')!, 'sample')).toEqual(exampleDtLines('sample'));
    expect(formatDt(l.layout('_LIST_ENTRY')!)[1]).toBe('   +0x000 Flink            : Ptr64 _LIST_ENTRY');
    expect(l.layout('_COLOR')!.enumerators).toEqual([
      { name: 'Red', value: 0n },
      { name: 'Green', value: 1n },
      { name: 'Far', value: 40000n },
    ]);
  });

  const tool = llvmPdbutil();
  it.skipIf(!tool)('agrees with llvm-pdbutil dump -types on every structure, union and member', () => {
    const text = execFileSync(tool!, ['dump', '-types', FIXTURE], { encoding: 'utf8' });
    const records = [...text.matchAll(/0x([0-9A-F]{4}) \| LF_(STRUCTURE|UNION) \[size = \d+\] `([^`]*)`[\s\S]*?sizeof (\d+)/g)];
    expect(records.length).toBe(5);
    const types = pdb.types()!;
    for (const [, idx, , name, size] of records) {
      const rec = types.get(parseInt(idx!, 16))!;
      expect([LF_STRUCTURE, LF_UNION]).toContain(rec.kind);
      const h = readStructHeader(types, rec)!;
      expect([h.name, h.size]).toEqual([name, Number(size)]);
    }
    const members = [...text.matchAll(/LF_MEMBER \[name = `(\w+)`, Type = 0x[0-9A-F]+(?: \([^)]*\))?, offset = (\d+)/g)].map((m) => [m[1], Number(m[2])]);
    const ours = ['_LIST_ENTRY', '<unnamed-tag>', '_EXAMPLE', '_VALUES'].flatMap((n) => pdb.layouts()!.layout(n)!.members.map((m) => [m.name, m.offset]));
    expect(ours.sort()).toEqual(members.sort());
  });
});
