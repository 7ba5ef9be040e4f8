import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKernelDump, toBytes, type KernelDumpDescription } from '../../tests/synth/kernel-dump-writer';
import { guidToHex } from '../../native-free-core/formats/pe/codeview';
import { buildPe, cstring, SCN_RDATA, SectionBuilder, u32le } from '../../native-free-core/formats/pe/synthetic/build-pe';
import { buildPdb, type SyntheticPdb } from '../../native-free-core/formats/pdb/synthetic/build-pdb';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { openAndWalk } from '../pipeline/walk';
import { decodeKdbgWithNtPdb } from './kdbg-from-pdb';
import { openDump } from '../../native-free-core/formats/open';

// x64 Windows addresses: nt's image at NT, its data (the keys, the block, the module list) in a 2 MiB page at DATA.
const NT = 0xfffff80002a00000n;
const DATA = 0xfffff80003000000n;
const DATA_RVA = Number(DATA - NT);
const BLOCK = DATA + 0x1000n;
const KEYS = { kiWaitNever: 0x6b1e3a9c2f5d4e17n, kiWaitAlways: 0x93c4e1f0a7b2d586n };
const AT = { KdpDataBlockEncoded: 0x7008, KiWaitNever: 0x7010, KiWaitAlways: 0x7020 };
const GUID = Uint8Array.from([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x01]);
const DEBUG_ID = guidToHex(GUID) + '1';

const u64le = (v: bigint) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); return b; };
const utf16 = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));

/** nt's headers with an RSDS record naming ntkrnlmp.pdb (what a module listed as ntoskrnl.exe carries on MP systems). */
function ntHeaders(): Uint8Array {
  const rdata = new SectionBuilder(0x1000);
  const pdbName = 'ntkrnlmp.pdb';
  const cv = rdata.add(new Uint8Array([...cstring('RSDS').subarray(0, 4), ...GUID, ...u32le(1), ...cstring(pdbName)]));
  const dbg = rdata.add(u32le(0, 0, 0, 2, 24 + pdbName.length + 1, cv, cv));
  return buildPe({ sections: [{ name: '.rdata', rva: 0x1000, bytes: rdata.bytes(), characteristics: SCN_RDATA }], directories: { 6: { rva: dbg, size: 28 } } });
}

/** PsLoadedModuleList with one KLDR_DATA_TABLE_ENTRY: ntoskrnl.exe at NT. */
function moduleList(head: bigint) {
  const entry = DATA + 0x4000n;
  const e = new Uint8Array(0xa0);
  const v = new DataView(e.buffer);
  v.setBigUint64(0, head, true);
  v.setBigUint64(0x30, NT, true);
  v.setUint32(0x40, 0x1000000, true);
  v.setUint16(0x58, 24, true);
  v.setBigUint64(0x60, DATA + 0x6000n, true);
  return [{ va: head, bytes: u64le(entry) }, { va: entry, bytes: e }, { va: DATA + 0x6000n, bytes: utf16('ntoskrnl.exe') }];
}

function kdbgBlock(): Uint8Array {
  const b = new Uint8Array(0x360);
  const v = new DataView(b.buffer);
  v.setUint32(0x10, 0x4742444b, true);
  v.setUint32(0x14, b.length, true);
  v.setBigUint64(0x18, NT, true);
  v.setBigUint64(0x48, DATA + 0x2000n, true);
  return b;
}

/** A full dump whose KdDebuggerDataBlock is encoded and whose KdCopyDataBlock code is not in the dump. */
function dump(): BufferByteSource {
  const d: KernelDumpDescription = {
    machine: 'x64',
    dumpType: 'full',
    build: 19041,
    majorVersion: 0xf,
    bugcheck: { code: 0xe2, args: [0n, 0n, 0n, 0n] },
    kdDebuggerDataBlock: BLOCK,
    psLoadedModuleList: DATA + 0x2000n,
    context: { rip: NT + 0x1000n, rsp: DATA + 0x100000n },
    mappings: [{ va: NT, pfn: 0x700 }, { va: NT + 0x1000n, pfn: 0x701 }, { va: DATA, pfn: 0x800, size: '2m' }],
    virtualWrites: [{ va: NT, bytes: ntHeaders() }, ...moduleList(DATA + 0x2000n)],
    encodedKdbg: {
      block: kdbgBlock(), ...KEYS,
      kiWaitNeverVa: DATA + BigInt(AT.KiWaitNever), kiWaitAlwaysVa: DATA + BigInt(AT.KiWaitAlways), kdpDataBlockEncodedVa: DATA + BigInt(AT.KdpDataBlockEncoded),
    },
  };
  return new BufferByteSource('encoded-kdbg.dmp', toBytes(buildKernelDump(d)));
}

/** nt's PDB: one section at nt's data and the three publics (offsets in that section). */
function ntPdb(publics: Partial<typeof AT> = AT, guid = GUID): Uint8Array {
  const pdb: SyntheticPdb = {
    guid,
    age: 1,
    sections: [{ name: '.data', rva: DATA_RVA, size: 0x200000, characteristics: 0xc0000040 }],
    publics: Object.entries(publics).map(([name, offset]) => ({ name, segment: 1, offset, flags: 0 })),
    modules: [],
    types: [],
  };
  return buildPdb(pdb);
}

const dirs: string[] = [];
function symbolFolder(files: Record<string, Uint8Array>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-kdbg-'));
  dirs.push(dir);
  for (const [rel, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), bytes);
  }
  return dir;
}
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

const kd = (r: { extra?: Record<string, unknown> }) => r.extra!['kdDebuggerData'] as Record<string, any>;
const undecodable = (w: string) => w.startsWith('could not decode the encoded KdDebuggerDataBlock at 0xfffff80003001000');

describe('KdDebuggerDataBlock keys from nt\'s PDB', () => {
  it('without nt\'s PDB the block stays encoded and the report says so', () => {
    const r = openAndWalk(dump(), { symbolPath: [] }).report;
    expect(r.modules.map((m) => m.name)).toEqual(['ntoskrnl.exe']);
    expect(kd(r)).toEqual({ address: '0xfffff80003001000', state: 'encoded' });
    expect(r.warnings.some(undecodable)).toBe(true);
  });

  it('decodes with the publics of ntkrnlmp.pdb, found in a symbol store by the id in nt\'s CodeView record', () => {
    const store = symbolFolder({ [`ntkrnlmp.pdb/${DEBUG_ID}/ntkrnlmp.pdb`]: ntPdb() });
    const r = openAndWalk(dump(), { symbolPath: [store] }).report;
    const file = path.join(store, 'ntkrnlmp.pdb', DEBUG_ID, 'ntkrnlmp.pdb');
    const keysFrom = `nt's symbols (${file}): KiWaitNever at 0xfffff80003007010, KiWaitAlways at 0xfffff80003007020, KdpDataBlockEncoded at 0xfffff80003007008`;
    expect(kd(r)).toEqual({
      address: '0xfffff80003001000',
      state: 'encoded',
      decoded: { keysFrom, KiWaitNever: '0x6b1e3a9c2f5d4e17', KiWaitAlways: '0x93c4e1f0a7b2d586', KdpDataBlockEncoded: '0xfffff80003007008', Size: '0x360' },
      KernBase: '0xfffff80002a00000',
      PsLoadedModuleList: '0xfffff80003002000',
    });
    expect(r.provenance['kdDebuggerData']).toEqual({ source: 'derived', detail: `encoded KDDEBUGGER_DATA64 at 0xfffff80003001000 decoded with keys from ${keysFrom}` });
    expect(r.warnings.filter(undecodable)).toEqual([]);
  });

  it('uses a PDB named after the module in a flat folder, when the symbol lookup found it', () => {
    const flat = symbolFolder({ 'ntoskrnl.pdb': ntPdb() });
    const r = openAndWalk(dump(), { symbolPath: [flat] }).report;
    expect(kd(r)['decoded'].keysFrom).toContain(path.join(flat, 'ntoskrnl.pdb'));
  });

  it('ignores a PDB whose id does not match nt\'s, and says when the symbols do not decode the block', () => {
    const other = Uint8Array.from(GUID, (b, i) => (i === 0 ? b ^ 1 : b));
    const wrongId = symbolFolder({ 'ntkrnlmp.pdb': ntPdb(AT, other) });
    expect(kd(openAndWalk(dump(), { symbolPath: [wrongId] }).report)['decoded']).toBeUndefined();

    const wrongPlace = symbolFolder({ 'ntkrnlmp.pdb': ntPdb({ ...AT, KiWaitAlways: 0x7030 }) });
    const r = openAndWalk(dump(), { symbolPath: [wrongPlace] }).report;
    expect(kd(r)['decoded']).toBeUndefined();
    expect(r.warnings.some((w) => undecodable(w) && w.includes('no "KDBG" owner tag came out; the PDB may not match this nt'))).toBe(true);
  });

  it('says when nt\'s PDB lacks the publics, and leaves plain dumps alone', () => {
    const partial = symbolFolder({ 'ntkrnlmp.pdb': ntPdb({ KiWaitNever: AT.KiWaitNever }) });
    const parsed = openDump(dump());
    expect(decodeKdbgWithNtPdb(parsed, [partial])).toBe(false);
    expect(parsed.report.warnings.some((w) => w.endsWith('has no public symbols KiWaitNever, KiWaitAlways, KdpDataBlockEncoded; the encoded KdDebuggerDataBlock is not decoded with it'))).toBe(true);
    const triage = openDump(new BufferByteSource('t.dmp', new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../../../shared/corpus/kernel/triage_x64.dmp')))));
    expect(decodeKdbgWithNtPdb(triage, [partial])).toBe(false);
  });
});
