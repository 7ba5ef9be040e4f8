import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPdb } from '../../native-free-core/formats/pdb/synthetic/build-pdb';
import { sampleImage } from '../../native-free-core/formats/pe/synthetic/sample-image';
import type { ModuleInfo } from '../../native-free-core/model/report';
import { parseSymbolPath, resolveSymbols, symbolPathFrom } from './symbol-path';

const CORPUS_SYMBOLS = path.resolve(__dirname, '../../../shared/corpus/minidump/breakpad/symbols');
const TEST_APP: ModuleInfo = { name: 'c:\\test_app.exe', base: '0x400000', size: '0x2d000', debugFile: 'test_app.pdb', debugId: '5A9832E5287241C1838ED98914E9B7FF1' };
const KERNEL32: ModuleInfo = { name: 'C:\\WINDOWS\\system32\\kernel32.dll', base: '0x7c800000', size: '0xf4000', debugFile: 'kernel32.pdb', debugId: 'BCE8785C57B44245A669896B6A19B9542' };
const NTDLL: ModuleInfo = { name: 'C:\\WINDOWS\\system32\\ntdll.dll', base: '0x7c900000', size: '0xb0000', debugFile: 'ntdll.pdb', debugId: '36515FB5D04345E491F672FA2E2878C02' };

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'crashbench-sym-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('parseSymbolPath', () => {
  it('keeps local folders of srv*/cache*/symsrv* elements and drops network locations', () => {
    expect(parseSymbolPath('C:\\sym;srv*C:\\cache*https://msdl.example/download/symbols; cache*D:\\c ;symsrv*symsrv.dll*E:\\s*http://x;;/home/me/syms')).toEqual([
      'C:\\sym',
      'C:\\cache',
      'D:\\c',
      'E:\\s',
      '/home/me/syms',
    ]);
    expect(parseSymbolPath('srv*https://only.example')).toEqual([]);
  });

  it('orders --symbols, settings, then _NT_SYMBOL_PATH and _NT_ALT_SYMBOL_PATH without duplicates', () => {
    expect(symbolPathFrom({ cli: ['/a'], settings: ['/b;/a'], env: { _NT_SYMBOL_PATH: 'srv*/c*https://x', _NT_ALT_SYMBOL_PATH: '/d' } })).toEqual(['/a', '/b', '/c', '/d']);
  });
});

describe('resolveSymbols', () => {
  it("finds Breakpad's name.pdb/<ID>/name.sym and says which modules have none", () => {
    const r = resolveSymbols([TEST_APP, KERNEL32, NTDLL], [CORPUS_SYMBOLS]);
    expect(r.provider.lookup(TEST_APP, 0x429e)).toMatchObject({ function: "`anonymous namespace'::CrashFunction", line: 58 });
    expect(r.provider.lookup(KERNEL32, 0x16fd6)).toMatchObject({ function: 'BaseProcessStart', offset: 0x22 });
    expect(r.loaded.get(TEST_APP.name)![0]).toMatch(/test_app\.sym$/);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatch(/^symbols not found for ntdll\.dll \(ntdll\.pdb 36515FB5D04345E491F672FA2E2878C02\) \(looked in .*ntdll\.pdb.36515FB5D04345E491F672FA2E2878C02.ntdll\.pdb, .*ntdll\.sym/);
  });

  it('reads a symbol store (name.pdb/<GUID><age>/name.pdb), prefers the PDB, and skips files whose id disagrees', () => {
    const dir = tempDir();
    const pdbBytes = buildPdb({
      guid: Uint8Array.from([0xe5, 0x32, 0x98, 0x5a, 0x72, 0x28, 0xc1, 0x41, 0x83, 0x8e, 0xd9, 0x89, 0x14, 0xe9, 0xb7, 0xff]),
      age: 1,
      sections: [{ name: '.text', rva: 0x1000, size: 0x10000, characteristics: 0x60000020 }],
      publics: [],
      modules: [{ name: 'x.obj', procs: [{ name: 'FromPdb', segment: 1, offset: 0x3290, size: 0x100 }] }],
      types: [],
    });
    mkdirSync(path.join(dir, 'test_app.pdb', TEST_APP.debugId!), { recursive: true });
    writeFileSync(path.join(dir, 'test_app.pdb', TEST_APP.debugId!, 'test_app.pdb'), pdbBytes);
    copyFileSync(path.join(CORPUS_SYMBOLS, 'test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym'), path.join(dir, 'test_app.pdb', TEST_APP.debugId!, 'test_app.sym'));
    // flat folder with a kernel32.sym of another build
    writeFileSync(path.join(dir, 'kernel32.sym'), 'MODULE windows x86 00000000000000000000000000000000A kernel32.pdb\nPUBLIC 1000 0 Wrong\n');
    const r = resolveSymbols([TEST_APP, KERNEL32], [dir]);
    expect(r.provider.lookup(TEST_APP, 0x429e)).toMatchObject({ function: 'FromPdb', source: 'pdb' });
    expect(r.pdbs.get(TEST_APP.name)?.debugId).toBe(TEST_APP.debugId);
    expect(r.provider.windowsFrameInfo(TEST_APP, 0x429e)).toBeDefined(); // STACK WIN still comes from the .sym
    expect(r.provider.hasSymbols(KERNEL32)).toBe(false);
    expect(r.messages.some((m) => /ignored .*kernel32\.sym: MODULE id .* does not match/.test(m))).toBe(true);
    expect(r.messages.some((m) => m.startsWith('symbols not found for kernel32.dll'))).toBe(true);
  });

  it('finds image files (name/<TIMESTAMP><SIZE>/name, or flat, case-insensitively) for .pdata and exports', () => {
    const dir = tempDir();
    const image = sampleImage();
    writeFileSync(path.join(dir, 'SAMPLE.DLL'), image);
    const m: ModuleInfo = { name: 'sample.dll', base: '0x10000000', size: '0x5000', timestamp: 0x5f000000 };
    const r = resolveSymbols([m], [dir]);
    expect(r.provider.image?.(m)?.length).toBe(image.length);
    expect(r.provider.lookup(m, 0x1045)).toMatchObject({ function: 'Beta', source: 'export' });
    const stale: ModuleInfo = { ...m, timestamp: 1 };
    const other = resolveSymbols([stale], [dir]);
    expect(other.provider.image?.(stale)).toBeUndefined();
  });

  it('tries a flat PDB named after the image when the CodeView name differs (ntoskrnl.pdb for ntkrnlmp.pdb), id checked', () => {
    const guid = Uint8Array.from([0xe5, 0x32, 0x98, 0x5a, 0x72, 0x28, 0xc1, 0x41, 0x83, 0x8e, 0xd9, 0x89, 0x14, 0xe9, 0xb7, 0xff]);
    const pdb = (age: number) => buildPdb({ guid, age, sections: [{ name: '.text', rva: 0x1000, size: 0x10000, characteristics: 0x60000020 }], publics: [], modules: [{ name: 'k.obj', procs: [{ name: 'KeBugCheckEx', segment: 1, offset: 0x100, size: 0x40 }] }], types: [] });
    const nt: ModuleInfo = { name: '\\SystemRoot\\system32\\ntoskrnl.exe', base: '0xfffff80000000000', size: '0x1000000', debugFile: 'ntkrnlmp.pdb', debugId: '5A9832E5287241C1838ED98914E9B7FF1' };
    const good = tempDir();
    writeFileSync(path.join(good, 'ntoskrnl.pdb'), pdb(1));
    expect(resolveSymbols([nt], [good]).provider.lookup(nt, 0x1110)).toMatchObject({ function: 'KeBugCheckEx' });
    const wrong = tempDir();
    writeFileSync(path.join(wrong, 'ntoskrnl.pdb'), pdb(2));
    const r = resolveSymbols([nt], [wrong]);
    expect(r.provider.hasSymbols(nt)).toBe(false);
    expect(r.messages.some((m) => m.includes('does not match'))).toBe(true);
  });

  it('says where to put symbols when the path is empty', () => {
    expect(resolveSymbols([TEST_APP], []).messages[0]).toMatch(/no symbol folders/);
  });
});
