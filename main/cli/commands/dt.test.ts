import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_AT, sampleDump, sampleSymbolStore, VALUES_AT } from '../../../tests/fixtures/pdb/sample-dump';
import { runCliCaptured as run } from '../run-captured';

const PDB = path.resolve(__dirname, '../../../tests/fixtures/pdb/sample.pdb');
let dir: string;
let dump: string;
let symbols: string;
/** an empty library, so the user's own settings never reach the test */
const lib = () => ['--library', path.join(dir, 'library')];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-dt-'));
  dump = path.join(dir, 'sample.dmp');
  fs.writeFileSync(dump, sampleDump());
  symbols = sampleSymbolStore(path.join(dir, 'symbols'));
  fs.mkdirSync(path.join(dir, 'empty'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('crashbench dt', () => {
  it('lays a type out from a PDB alone', async () => {
    const r = await run('dt', PDB, '_VALUES');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'sample!_VALUES',
      '   +0x000 Signed           : Int4B',
      '   +0x004 Letter           : Char',
      '   +0x005 Byte             : UChar',
      '   +0x008 Next             : Ptr64 _EXAMPLE',
      '   +0x010 Wide             : [4] Wchar',
      '   +0x018 Delta            : Int8B',
    ]);
  });

  it('reads field values from the dump, with the module PDB found in a symbol store', async () => {
    const r = await run('dt', dump, 'sample!_VALUES', `7ff6\`${(VALUES_AT & 0xffffffffn).toString(16)}`, '--symbols', symbols, ...lib());
    expect(r.err).toBe('');
    expect(r.out.split('\n')).toEqual([
      'sample!_VALUES at 0x7ff610000100',
      '   +0x000 Signed           : 0n-6',
      "   +0x004 Letter           : 0n65 'A'",
      "   +0x005 Byte             : 6 ''",
      '   +0x008 Next             : 0x00007ff6`10000000 _EXAMPLE',
      '   +0x010 Wide             : [4]  "Hi"',
      '   +0x018 Delta            : 0n-1',
    ]);
  });

  it('--json gives type, size and fields with offsets, bits and values; a type without module is searched in every PDB', async () => {
    const r = await run('dt', '--json', dump, '_EXAMPLE', `0x${EXAMPLE_AT.toString(16)}`, '--symbols', symbols, ...lib());
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ type: 'sample!_EXAMPLE', module: 'sample', kind: 'struct', size: 72, address: '0x7ff610000000', pdb: path.join(symbols, 'sample.pdb', '5A9832E5287241C1838ED98914E9B7FF2', 'sample.pdb') });
    expect(j.fields[1]).toEqual({ offset: 16, name: 'Kind', type: 'Pos 0, 3 Bits', bits: { position: 0, length: 3 }, address: '0x7ff610000010', value: '0y110', numeric: '0x6' });
    expect(j.fields.map((f: { value: string }) => f.value)).toContain('_LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]');
  });

  it('-r1 expands nested structures (WinDbg dt -r1), in --json as children', async () => {
    const r = await run('dt', '-r1', dump, 'sample!_EXAMPLE', '7ff610000000', '--symbols', symbols, ...lib());
    expect(r.out.split('\n').slice(1, 4)).toEqual([
      '   +0x000 Links            : _LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]',
      '      +0x000 Flink            : 0xfffffa80`07043c60 _LIST_ENTRY',
      '      +0x008 Blink            : 0xfffffa80`08e03390 _LIST_ENTRY',
    ]);
    const j = JSON.parse((await run('dt', PDB, '_EXAMPLE', '--recurse=1', '--json')).out);
    expect(j.fields[0].children).toEqual([
      { offset: 0, name: 'Flink', type: 'Ptr64 _LIST_ENTRY' },
      { offset: 8, name: 'Blink', type: 'Ptr64 _LIST_ENTRY' },
    ]);
  });

  it('says which PDB (name, GUID, age) it looked for, and where, when the symbol path lacks it', async () => {
    const r = await run('dt', dump, 'sample!_EXAMPLE', '7ff610000000', '--symbols', path.join(dir, 'empty'), ...lib());
    expect(r.code).toBe(1);
    expect(r.err).toContain('no PDB for sample.exe: looked for sample.pdb {5A9832E5-2872-41C1-838E-D98914E9B7FF} age 2');
    expect(r.err).toContain(path.join(dir, 'empty'));
    expect(r.err).toContain('--symbols PATH');
  });

  it('names a module the dump lacks, a type the PDB lacks, and memory the dump lacks', async () => {
    const noModule = await run('dt', dump, 'nt!_KTHREAD', '--symbols', symbols, ...lib());
    expect([noModule.code, noModule.err]).toEqual([1, "crashbench: the dump has no module 'nt' (modules: sample)"]);
    const noType = await run('dt', dump, 'sample!_KTHREAD', '--symbols', symbols, ...lib());
    expect(noType.err).toMatch(/sample\.pdb \(.*\) has no type _KTHREAD/);
    const absent = await run('dt', dump, 'sample!_EXAMPLE', '7ff620000000', '--symbols', symbols, ...lib());
    expect(absent.code).toBe(0);
    expect(absent.out.split('\n').slice(0, 3)).toEqual(['sample!_EXAMPLE at 0x7ff620000000', '   (the dump holds none of the 0x48 bytes at 0x7ff620000000)', '   +0x000 Links            : _LIST_ENTRY']);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run('dt', PDB)).code).toBe(2);
    expect((await run('dt', dump, '_EXAMPLE', 'zz', ...lib())).err).toMatch(/not an address: zz/);
    expect((await run('dt', PDB, '_EXAMPLE', '1000')).err).toMatch(/ADDRESS needs a dump/);
  });
});
