import { describe, expect, it } from 'vitest';
import { sampleImage } from '../formats/pe/synthetic/sample-image';
import { emptyReport, type ModuleInfo } from '../model/report';
import { RangeAddressSpace } from '../unwind/range-memory';
import { identifyModulesFromMemory } from './module-identity';

const BASE = 0xfffff80010000000n;

describe('identifyModulesFromMemory', () => {
  it("reads a driver's PDB name and id from the CodeView record of its image in dump memory", () => {
    const image = sampleImage();
    const report = emptyReport('kernel-dump', 'full');
    const inMemory: ModuleInfo = { name: '\\SystemRoot\\system32\\drivers\\sample.sys', base: `0x${BASE.toString(16)}`, size: `0x${image.length.toString(16)}` };
    const absent: ModuleInfo = { name: 'absent.sys', base: '0xfffff80020000000', size: '0x10000' };
    const known: ModuleInfo = { name: 'known.sys', base: `0x${BASE.toString(16)}`, size: '0x10000', debugFile: 'known.pdb', debugId: 'ABC1' };
    report.modules.push(inMemory, absent, known);
    const n = identifyModulesFromMemory({ report, memory: new RangeAddressSpace().add(BASE, image) });
    expect(n).toBe(1);
    expect(inMemory).toMatchObject({ debugFile: 'sample.pdb', debugId: '5A9832E5287241C1838ED98914E9B7FF2' });
    expect(absent.debugId).toBeUndefined();
    expect(known).toMatchObject({ debugFile: 'known.pdb', debugId: 'ABC1' });
  });
});
