import { describe, expect, it } from 'vitest';
import { buildKernelDump, toBytes } from '../../../tests/synth/kernel-dump-writer';
import { BufferByteSource } from '../../io/byte-source';
import { parseKernelDump } from './index';
import { decodeKdbgWithSymbols, ntModule } from './kdbg-from-symbols';

const NT = 0xfffff80002a00000n;
const DATA = 0xfffff80003000000n;
const rvas = { KdpDataBlockEncoded: 0x607008, KiWaitNever: 0x607010, KiWaitAlways: 0x607020 };

/** A full dump with an encoded block; `withCode` puts KdCopyDataBlock's code in it, so the scan finds the keys first. */
function parsed(withCode: boolean) {
  const block = new Uint8Array(0x360);
  const v = new DataView(block.buffer);
  v.setUint32(0x10, 0x4742444b, true);
  v.setUint32(0x14, block.length, true);
  v.setBigUint64(0x18, NT, true);
  v.setBigUint64(0x48, DATA + 0x2000n, true);
  const bytes = toBytes(buildKernelDump({
    machine: 'x64', dumpType: 'full', build: 19041, majorVersion: 0xf, bugcheck: { code: 0xe2, args: [0n, 0n, 0n, 0n] },
    kdDebuggerDataBlock: DATA + 0x1000n, psLoadedModuleList: 0n, context: { rip: NT },
    mappings: [{ va: NT, pfn: 0x700 }, { va: DATA, pfn: 0x800, size: '2m' }],
    encodedKdbg: {
      block, kiWaitNever: 0x1234567890abcdefn, kiWaitAlways: 0x0fedcba987654321n,
      kiWaitNeverVa: NT + 0x607010n, kiWaitAlwaysVa: NT + 0x607020n, kdpDataBlockEncodedVa: NT + 0x607008n,
      ...(withCode ? { kdCopyDataBlockVa: NT + 0x3f1n } : {}),
    },
  }));
  return parseKernelDump(new BufferByteSource('synth.dmp', bytes));
}

describe('decodeKdbgWithSymbols', () => {
  it("nt's symbols take over from the KdCopyDataBlock scan; the keys agree, so no warning", () => {
    const p = parsed(true);
    expect((p.report.extra!['kdDebuggerData'] as any).decoded.keysFrom).toMatch(/^KdCopyDataBlock code/);
    expect(decodeKdbgWithSymbols(p, NT, { rvas, origin: 'ntkrnlmp.pdb' })).toBe(true);
    const d = (p.report.extra!['kdDebuggerData'] as any).decoded;
    expect(d.keysFrom).toBe("nt's symbols (ntkrnlmp.pdb): KiWaitNever at 0xfffff80003007010, KiWaitAlways at 0xfffff80003007020, KdpDataBlockEncoded at 0xfffff80003007008");
    expect(d.KiWaitNever).toBe('0x1234567890abcdef');
    expect(p.report.warnings.filter((w) => w.includes('KdDebuggerDataBlock'))).toEqual([]);
  });

  it('says which key is not in the dump, and decodes nothing for a plain or absent block', () => {
    const p = parsed(false);
    expect(decodeKdbgWithSymbols(p, NT, { rvas: { ...rvas, KiWaitAlways: 0x900000 }, origin: 'nt.pdb' })).toBe(false);
    expect(p.report.warnings).toContain("could not decode the encoded KdDebuggerDataBlock at 0xfffff80003001000 with nt's symbols (nt.pdb): KiWaitAlways at 0xfffff80003300000 is not in the dump");
    delete p.report.extra!['kdDebuggerData'];
    expect(decodeKdbgWithSymbols(p, NT, { rvas, origin: 'nt.pdb' })).toBe(false);
  });

  it('finds nt among the modules by its image names', () => {
    const m = (name: string, unloaded = false) => ({ name, base: '0x0', size: '0x0', ...(unloaded ? { unloaded } : {}) });
    expect(ntModule([m('hal.dll'), m('ntkrnlmp.exe')])?.name).toBe('ntkrnlmp.exe');
    expect(ntModule([m('NTOSKRNL.EXE', true), m('ntkrnlpa.exe')])?.name).toBe('ntkrnlpa.exe');
    expect(ntModule([m('ntfs.sys')])).toBeUndefined();
  });
});
