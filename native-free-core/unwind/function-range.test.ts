import { describe, expect, it } from 'vitest';
import { sampleImage } from '../formats/pe/synthetic/sample-image';
import { PeImage } from '../formats/pe/pe-image';
import { BufferByteSource } from '../io/byte-source';
import { emptyReport } from '../model/report';
import { ExportModuleSymbols } from '../symbols/export-symbols';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../symbols/in-memory-provider';
import { FunctionRangeFinder } from './function-range';
import { RangeAddressSpace } from './range-memory';

describe('FunctionRangeFinder', () => {
  const report = emptyReport('minidump', 'minidump');
  report.modules = [{ name: 'sample.dll', base: '0x10000000', size: '0x5000' }];

  it('finds function extents from .pdata in dump memory', () => {
    const f = new FunctionRangeFinder({ report, memory: new RangeAddressSpace().add(0x10000000n, sampleImage()) }, NO_SYMBOLS);
    expect(f.functionRange(report.modules[0]!, 0x1050)).toEqual({ start: 0x1040, end: 0x1100, source: 'pdata' });
    expect(f.at(0x10001110n)).toMatchObject({ start: 0x10001100n, end: 0x10001120n, source: 'pdata' });
    expect(f.at(0x20000000n)).toBeUndefined();
  });

  it('falls back to symbols, and exports name addresses without giving extents', () => {
    const exports = PeImage.fromFile(new BufferByteSource('sample.dll', sampleImage())).exports()!;
    const p = new InMemorySymbolProvider().add('sample.dll', new ExportModuleSymbols(exports, 'exports of sample.dll'));
    const f = new FunctionRangeFinder({ report, memory: new RangeAddressSpace() }, p);
    expect(f.functionRange(report.modules[0]!, 0x1050)).toBeUndefined();
    expect(p.lookup(report.modules[0]!, 0x1050)).toMatchObject({ function: 'Beta', offset: 0x10, source: 'export' });
    expect(p.lookup(report.modules[0]!, 0xfff)).toBeUndefined();
  });
});

describe('addExportsFromDump and walkAllThreads', () => {
  it('names addresses by the export table of an image in dump memory and walks every thread', async () => {
    const { addExportsFromDump } = await import('../symbols/image-exports');
    const { walkAllThreads } = await import('./walk');
    const report = emptyReport('minidump', 'minidump');
    report.modules = [{ name: 'sample.dll', base: '0x10000000', size: '0x5000' }, { name: 'absent.dll', base: '0x20000000', size: '0x1000' }];
    report.threads = [
      { id: 1, context: { arch: 'x64', registers: { rip: '0x10001045', rsp: '0x500000' } } },
      { id: 2 },
    ];
    const parsed = { report, memory: new RangeAddressSpace().add(0x10000000n, sampleImage()) };
    const p = new InMemorySymbolProvider();
    expect(addExportsFromDump(parsed, p)).toEqual(['sample.dll']);
    const all = walkAllThreads(parsed, p);
    expect([...all.keys()]).toEqual([1]);
    expect(all.get(1)![0]).toMatchObject({ module: 'sample', function: 'Beta', offset: '0x5' });
  });
});
