import { describe, expect, it } from 'vitest';
import { buildKernelDump, contextBytes, exceptionBytes, toBytes, type KernelDumpDescription } from '../../../tests/synth/kernel-dump-writer';
import { BufferByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { readU64 } from '../../model/address-space';
import { parseKernelDump } from './index';
import { openDump } from '../open';

const parse = (d: KernelDumpDescription) => parseKernelDump(new BufferByteSource('synth.dmp', toBytes(buildKernelDump(d))));
const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const u64le = (v: bigint) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); return b; };
const u32le = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b; };

// Windows x64 addresses used by the synthetic dumps.
const STACK = 0xfffff88005f40000n;
const CODE = 0xfffff80002a00000n;
const BIG = 0xfffff80040000000n; // 1 GiB page
const DATA = 0xfffff80003000000n; // 2 MiB page
const FILETIME_2021 = 132583451029870000n; // 2021-02-21T01:38:22.987Z

function x64Full(extra: Partial<KernelDumpDescription> = {}): KernelDumpDescription {
  const ctx = contextBytes('x64', { rip: CODE + 0x141n, rsp: STACK + 0x960n, rsi: 0x9d00000000n, cs: 0x10n, ss: 0x18n, eflags: 0x10246n });
  return {
    machine: 'x64',
    dumpType: 'full',
    build: 7601,
    majorVersion: 0xf,
    processors: 8,
    bugcheck: { code: 0x3b, args: [0xc0000005n, CODE + 0x141n, STACK + 0x100n, 0n] },
    systemTime: FILETIME_2021,
    systemUpTime: 36000000000n,
    comment: 'synthetic full dump',
    requiredDumpSpace: 0x123456n,
    kdDebuggerDataBlock: DATA + 0x1000n,
    psLoadedModuleList: DATA + 0x2000n,
    psActiveProcessHead: DATA + 0x3000n,
    context: { rip: 0xfffff80002cd4f00n, rsp: STACK + 0x20n, rcx: 0x3bn, cs: 0x10n },
    exception: { code: 0x80000003, address: 0xfffff80002cd4f00n },
    mappings: [
      { va: STACK, pfn: 0x500 },
      { va: STACK + 0x1000n, pfn: 0x501 },
      { va: STACK + 0x2000n, pfn: 0x600, present: false },
      { va: CODE, pfn: 0x700 },
      { va: DATA, pfn: 0x800, size: '2m' },
      { va: BIG, pfn: 0x40000, size: '1g' },
    ],
    presentRanges: [[0x800, 512]],
    virtualWrites: [
      { va: STACK + 0x100n, bytes: ctx },
      { va: CODE + 0x100n, bytes: pattern(0x100, 1) },
      { va: DATA + 0x1010n, bytes: u32le(0x4742444b) },
    ],
    ...extra,
  };
}

describe('full dump (DUMP_HEADER64, DumpType 1)', () => {
  const parsed = parse(x64Full());
  const r = parsed.report;

  it('reads every header field', () => {
    expect(r.format).toBe('kernel-dump');
    expect(r.dumpType).toBe('full');
    expect(r.system).toMatchObject({ arch: 'x64', osBuild: 7601, osVersion: '6.1.7601', processors: 8, osProduct: 'WinNt' });
    expect(r.bugcheck).toEqual({ code: '0x3b', args: ['0xc0000005', '0xfffff80002a00141', '0xfffff88005f40100', '0x0'] });
    expect(r.crashTime).toBe('2021-02-21T01:38:22.987Z');
    expect(r.uptimeSeconds).toBe(3600);
    const h = r.extra!['header'] as Record<string, any>;
    expect(h).toMatchObject({
      MajorVersion: '0xf', MinorVersion: '0x1db1', MachineImageType: '0x8664', NumberProcessors: '0x8', BugCheckCode: '0x3b',
      KdDebuggerDataBlock: '0xfffff80003001000', PsLoadedModuleList: '0xfffff80003002000', PsActiveProcessHead: '0xfffff80003003000',
      PfnDataBase: '0xfffffa8000000000', DumpType: '0x1', RequiredDumpSpace: '0x123456', Comment: 'synthetic full dump',
      SystemUpTime: '0x861c46800', ProductType: '0x1', SuiteMask: '0x110',
    });
    expect(h['Exception']).toMatchObject({ ExceptionCode: '0x80000003', ExceptionAddress: '0xfffff80002cd4f00' });
    expect(h['PhysicalMemoryBlock'].NumberOfRuns).not.toBe('0x0');
    expect(r.provenance['bugcheck.code']).toEqual({ source: 'header', detail: 'DUMP_HEADER64.BugCheckCode' });
    expect((r.extra!['kdDebuggerData'] as any).state).toBe('plain');
  });

  it('translates 4 KiB, 2 MiB and 1 GiB pages and says "not in dump" for the rest', () => {
    const m = parsed.memory;
    expect(m.read(CODE + 0x100n, 0x100)).toEqual(pattern(0x100, 1));
    expect(m.read(DATA + 0x1010n, 4)).toEqual(u32le(0x4742444b));
    expect(m.read(STACK + 0x2000n, 1)).toBeNull(); // transition PTE
    expect(m.read(STACK + 0xff8n, 16)).toBeNull(); // page 2 maps pfn 0x501, which the dump does not hold
    expect(m.readPartial!(STACK + 0xff8n, 16).length).toBe(8);
    expect(m.read(0xfffff80100000000n, 8)).toBeNull(); // no PML4E/PDPTE
    expect(m.read(0x0000800000000000n, 8)).toBeNull(); // non-canonical
    // 1 GiB page: pfn 0x40000 is mapped but not present in the file
    expect(m.read(BIG + 0x1234n, 8)).toBeNull();
  });

  it('takes the 0x3B fault context from BugCheckParameter3', () => {
    expect(r.context?.registers['rip']).toBe('0xfffff80002a00141');
    expect(r.context?.registers['rsi']).toBe('0x9d00000000');
    expect(r.provenance['context']?.detail).toContain('BugCheckParameter3');
    expect(r.exception).toMatchObject({ code: '0xc0000005', address: '0xfffff80002a00141' });
    expect(r.threads[0]?.context?.registers['rip']).toBe('0xfffff80002cd4f00');
  });

  it('falls back to the header context when the argument does not point into the dump', () => {
    const p = parse(x64Full({ bugcheck: { code: 0x3b, args: [0xc0000005n, 1n, 0xfffff8ffff000000n, 0n] } })).report;
    expect(p.context?.registers['rip']).toBe('0xfffff80002cd4f00');
    expect(p.provenance['context']?.detail).toBe('DUMP_HEADER64.ContextRecord');
    expect(p.warnings.some((w) => w.includes('not in the dump'))).toBe(true);
  });

  function moduleListWrites(head: bigint) {
    const e1 = DATA + 0x4000n;
    const e2 = DATA + 0x5000n;
    const str = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));
    const entry = (next: bigint, base: bigint, size: number, nameVa: bigint, name: string) => {
      const b = new Uint8Array(0xa0);
      const v = new DataView(b.buffer);
      v.setBigUint64(0, next, true);
      v.setBigUint64(0x30, base, true);
      v.setUint32(0x40, size, true);
      v.setUint16(0x58, name.length * 2, true);
      v.setBigUint64(0x60, nameVa, true);
      return b;
    };
    return [
      { va: head, bytes: u64le(e1) },
      { va: e1, bytes: entry(e2, 0xfffff80002a00000n, 0x5e5000, DATA + 0x6000n, 'ntoskrnl.exe') },
      { va: e2, bytes: entry(head, 0xfffff88000c00000n, 0x40000, DATA + 0x6100n, 'fltmgr.sys') },
      { va: DATA + 0x6000n, bytes: str('ntoskrnl.exe') },
      { va: DATA + 0x6100n, bytes: str('fltmgr.sys') },
    ];
  }
  const expectModules = (p: { modules: { name: string; base: string; size: string }[] }) =>
    expect(p.modules.map((m) => [m.name, m.base, m.size])).toEqual([
      ['ntoskrnl.exe', '0xfffff80002a00000', '0x5e5000'],
      ['fltmgr.sys', '0xfffff88000c00000', '0x40000'],
    ]);

  it('walks PsLoadedModuleList', () => {
    expectModules(parse(x64Full({ virtualWrites: moduleListWrites(DATA + 0x2000n) })).report);
  });

  it('falls back to KDDEBUGGER_DATA64.PsLoadedModuleList when the header has none', () => {
    const kdbg = new Uint8Array(0x80);
    const v = new DataView(kdbg.buffer);
    v.setUint32(0x10, 0x4742444b, true);
    v.setBigUint64(0x18, 0xfffff80002a00000n, true);
    v.setBigUint64(0x48, DATA + 0x2000n, true);
    const r = parse(x64Full({ psLoadedModuleList: 0n, virtualWrites: [...moduleListWrites(DATA + 0x2000n), { va: DATA + 0x1000n, bytes: kdbg }] })).report;
    expectModules(r);
    expect(r.provenance['modules']?.detail).toBe('KDDEBUGGER_DATA64.PsLoadedModuleList walk');
    expect(r.extra!['kdDebuggerData']).toEqual({ address: '0xfffff80003001000', state: 'plain', KernBase: '0xfffff80002a00000', PsLoadedModuleList: '0xfffff80003002000' });
  });


  describe('encoded KDDEBUGGER_DATA64 (x64 Windows 8 and later)', () => {
    const kdbg = new Uint8Array(0x360);
    const kv = new DataView(kdbg.buffer);
    kv.setUint32(0x10, 0x4742444b, true);
    kv.setUint32(0x14, kdbg.length, true);
    kv.setBigUint64(0x18, 0xfffff80002a00000n, true);
    kv.setBigUint64(0x48, DATA + 0x2000n, true);
    const keys = { kiWaitNever: 0x6b1e3a9c2f5d4e17n, kiWaitAlways: 0x93c4e1f0a7b2d586n, kdpDataBlockEncoded: DATA + 0x7008n };
    const encoded = (withCode: boolean, codeLayout: 'windows8-mov' | 'windows8-xor' | 'windows10' = 'windows8-mov') => x64Full({
      psLoadedModuleList: 0n,
      virtualWrites: moduleListWrites(DATA + 0x2000n),
      encodedKdbg: {
        block: kdbg, kiWaitNever: keys.kiWaitNever, kiWaitAlways: keys.kiWaitAlways,
        kiWaitNeverVa: DATA + 0x7010n, kiWaitAlwaysVa: DATA + 0x7020n, kdpDataBlockEncodedVa: keys.kdpDataBlockEncoded,
        ...(withCode ? { kdCopyDataBlockVa: CODE + 0x3f1n } : {}), codeLayout,
      },
    });

    it.each([
      ['windows8-mov', '0xfffff80002a003f1'],
      ['windows8-xor', '0xfffff80002a003f1'],
      ['windows10', '0xfffff80002a003fb'],
    ] as const)('finds the keys in KdCopyDataBlock (%s layout) and walks the decoded PsLoadedModuleList', (layout, flagTest) => {
      const r = parse(encoded(true, layout)).report;
      const from = `KdCopyDataBlock code (KdpDataBlockEncoded test at ${flagTest})`;
      expectModules(r);
      const k = r.extra!['kdDebuggerData'] as Record<string, any>;
      expect(k).toMatchObject({ state: 'encoded', KernBase: '0xfffff80002a00000', PsLoadedModuleList: '0xfffff80003002000' });
      expect(k['decoded']).toEqual({ keysFrom: from, KiWaitNever: '0x6b1e3a9c2f5d4e17', KiWaitAlways: '0x93c4e1f0a7b2d586', KdpDataBlockEncoded: '0xfffff80003007008', Size: '0x360' });
      expect(r.provenance['modules']?.detail).toBe(`decoded KDDEBUGGER_DATA64.PsLoadedModuleList walk (keys: ${from})`);
      expect(r.warnings.filter((w) => w.includes('decode'))).toEqual([]);
    });

    it('decodes with keys the caller gives when the code is not in the dump', () => {
      const r = parseKernelDump(new BufferByteSource('synth.dmp', toBytes(buildKernelDump(encoded(false)))), { kdbgKeys: keys }).report;
      expectModules(r);
      expect((r.extra!['kdDebuggerData'] as any).decoded.keysFrom).toBe('given');
    });

    it('says it could not decode, and lists no modules, with wrong keys', () => {
      const wrong = { ...keys, kiWaitAlways: keys.kiWaitAlways ^ 1n };
      const r = parseKernelDump(new BufferByteSource('synth.dmp', toBytes(buildKernelDump(encoded(false)))), { kdbgKeys: wrong }).report;
      expect(r.modules).toEqual([]);
      expect(r.extra!['kdDebuggerData']).toEqual({ address: '0xfffff80003001000', state: 'encoded' });
      expect(r.warnings.some((w) => w.startsWith('could not decode the encoded KdDebuggerDataBlock at 0xfffff80003001000 with the given'))).toBe(true);
    });

    it('falls back to the scan when the given keys are wrong', () => {
      const r = parseKernelDump(new BufferByteSource('synth.dmp', toBytes(buildKernelDump(encoded(true)))), { kdbgKeys: { ...keys, kiWaitNever: 5n } }).report;
      expectModules(r);
      expect(r.warnings.some((w) => w.includes('with the given'))).toBe(true);
    });

    it('says what to pass when neither keys nor KdCopyDataBlock are at hand', () => {
      const r = parse(encoded(false)).report;
      expect(r.modules).toEqual([]);
      expect(r.warnings.some((w) => w.includes("KdCopyDataBlock's code, which names the keys, is not in the dump"))).toBe(true);
    });
  });

  it('finds a KTRAP_FRAME on the stack for 0xD1', () => {
    const trap = new Uint8Array(0x190);
    const v = new DataView(trap.buffer);
    v.setBigUint64(0x168, CODE + 0x7cn, true); // Rip
    v.setUint16(0x170, 0x10, true); // SegCs
    v.setBigUint64(0x180, STACK + 0x800n, true); // Rsp
    v.setBigUint64(0x30, 0x1234n, true); // Rax
    const p = parse(x64Full({
      bugcheck: { code: 0xd1, args: [0x10n, 2n, 0n, CODE + 0x7cn] },
      context: { rip: 0xfffff80002cd4f00n, rsp: STACK + 0x20n },
      virtualWrites: [{ va: STACK + 0x400n, bytes: trap }],
    })).report;
    expect(p.context?.registers).toMatchObject({ rip: '0xfffff80002a0007c', rsp: '0xfffff88005f40800', rax: '0x1234' });
    expect(p.provenance['context']?.detail).toContain('KTRAP_FRAME at 0xfffff88005f40400');
    expect(p.memory[0]).toMatchObject({ address: '0xfffff88005f40020', source: 'stack' });
  });
});

describe('bitmap dumps (DumpType 5, 2, 6)', () => {
  for (const dumpType of ['bitmap', 'summary', 'live-kernel'] as const) {
    it(`reads ${dumpType} dumps through the bitmap`, () => {
      const p = parse(x64Full({ dumpType, presentRanges: [[0x800, 512], [0x20, 3]], bitmapPages: 0x2000 }));
      expect(p.report.dumpType).toBe(dumpType);
      expect(p.memory.read(CODE + 0x100n, 0x100)).toEqual(pattern(0x100, 1));
      expect(p.report.context?.registers['rsi']).toBe('0x9d00000000');
      const b = p.report.extra!['bitmap'] as Record<string, string>;
      expect(b['Signature']).toBe(dumpType === 'bitmap' ? 'FDMP' : 'SDMP');
      expect(b['layout']).toBe('current');
      expect(b['Pages']).toBe('0x2000');
      expect(p.report.warnings).toEqual([]);
    });
  }
});

describe('legacy SUMMARY_DUMP bitmap layout', () => {
  for (const machine of ['x64', 'x86'] as const) {
    it(`${machine}: reads a summary dump whose bitmap header uses the WDK layout`, () => {
      const va = machine === 'x64' ? CODE : 0x8054a000n;
      const p = parse({
        machine,
        dumpType: 'summary',
        bitmapLayout: 'legacy',
        presentRanges: [[0x20, 5]],
        bitmapPages: 0x3000,
        mappings: [{ va, pfn: 0x900 }],
        virtualWrites: [{ va: va + 0x20n, bytes: pattern(64, 4) }],
      });
      expect((p.report.extra!['bitmap'] as any).layout).toBe('legacy');
      expect(p.memory.read(va + 0x20n, 64)).toEqual(pattern(64, 4));
      expect(p.report.warnings).toEqual([]);
    });
  }
});

describe('x86 dumps (DUMP_HEADER32)', () => {
  const CODE32 = 0x8054a000n;
  const STACK32 = 0xf7a20000n;
  for (const machine of ['x86', 'x86-pae'] as const) {
    for (const dumpType of ['full', 'bitmap'] as const) {
      it(`${machine} ${dumpType}: header, paging and the 0x8E context`, () => {
        const ctx = contextBytes('x86', { eip: CODE32 + 0x10n, esp: STACK32 + 0x500n, ebp: STACK32 + 0x520n });
        const exr = exceptionBytes(32, { code: 0xc0000005, address: CODE32 + 0x10n, params: [0n, 0x41414141n] });
        const p = parse({
          machine,
          dumpType,
          build: 2600,
          processors: 2,
          bugcheck: { code: 0x1000008e, args: [0xc0000005n, CODE32 + 0x10n, STACK32 + 0x200n, STACK32 + 0x300n] },
          systemTime: FILETIME_2021,
          context: { eip: 0x804f9f43n, esp: STACK32 + 0x100n },
          mappings: [
            { va: STACK32, pfn: 0x300 },
            { va: CODE32 & ~0x3fffffn, pfn: 0x400, size: machine === 'x86' ? '4m' : '2m' },
          ],
          virtualWrites: [
            { va: STACK32 + 0x200n, bytes: exr },
            { va: STACK32 + 0x300n, bytes: ctx },
            { va: CODE32 + 0x10n, bytes: pattern(32, 5) },
          ],
        });
        const r = p.report;
        expect(r.system).toMatchObject({ arch: 'x86', osBuild: 2600, osVersion: '5.1.2600', processors: 2 });
        expect(r.bugcheck?.args).toEqual(['0xc0000005', '0x8054a010', '0xf7a20200', '0xf7a20300']);
        expect((r.extra!['header'] as any).PaeEnabled).toBe(machine === 'x86-pae' ? '0x1' : '0x0');
        expect(p.memory.pointerSize).toBe(4);
        expect(p.memory.read(CODE32 + 0x10n, 32)).toEqual(pattern(32, 5));
        expect(r.context?.registers['eip']).toBe('0x8054a010');
        expect(r.exception).toMatchObject({ code: '0xc0000005', accessType: 'read', accessAddress: '0x41414141' });
        expect(r.threads[0]?.context?.registers['eip']).toBe('0x804f9f43');
        expect(r.crashTime).toBe('2021-02-21T01:38:22.987Z');
      });
    }
  }
});

describe('triage dumps (DumpType 4)', () => {
  const TOP = 0xffff850429890ee8n;
  const ctxVa = TOP + 0x838n;
  const exrVa = TOP + 0x1000n;
  function triageDesc(bits: 64 | 32): KernelDumpDescription {
    const machine = bits === 64 ? 'x64' : 'x86';
    const top = bits === 64 ? TOP : 0xf7a20000n;
    const stack = new Uint8Array(0x2118);
    const faultCtx = bits === 64 ? contextBytes('x64', { rip: 0xfffff8048b58334cn, rsp: TOP + 0x1238n }) : contextBytes('x86', { eip: 0x8054a010n, esp: Number(top) + 0x1238 > 0 ? top + 0x1238n : 0n });
    stack.set(faultCtx, 0x838);
    stack.set(exceptionBytes(bits, { code: 0xc0000005, address: bits === 64 ? 0xfffff8048b58334cn : 0x8054a010n, params: [1n, 0xffffffffffffffffn] }), 0x1000);
    const bugCtx = bits === 64 ? contextBytes('x64', { rip: 0xfffff8047bdf5a80n, rsp: TOP, rcx: 0x7en }) : contextBytes('x86', { eip: 0x804f9f43n, esp: top });
    const blockVa = bits === 64 ? 0xffff9b00021ff340n : 0x80552340n;
    return {
      machine,
      dumpType: 'triage',
      build: 19041,
      processors: 16,
      bugcheck: { code: 0x1000007e, args: [0xffffffffc0000005n, 0xfffff8048b58334cn, top + 0x1000n, top + 0x838n] },
      systemTime: FILETIME_2021,
      systemUpTime: 37470697n,
      kdDebuggerDataBlock: bits === 64 ? 0xfffff8047c600b20n : 0x8054c000n,
      context: bits === 64 ? { rip: 0xfffff8048b58334cn } : { eip: 0x8054a010n },
      triage: {
        topOfStack: top,
        stack,
        servicePackBuild: 0x1234,
        drivers: [
          { name: '\\SystemRoot\\system32\\ntoskrnl.exe', base: bits === 64 ? 0xfffff8047ba00000n : 0x80400000n, size: 0x1046000, timestamp: 0xd8333e6, checksum: 0xa5938c },
          { name: '\\SystemRoot\\System32\\drivers\\amdppm.sys', base: bits === 64 ? 0xfffff8048b580000n : 0x90000000n, size: 0x2c000, timestamp: 0x5f8f5b1d, checksum: 0x3a1b2 },
        ],
        dataBlocks: [
          { va: blockVa, bytes: bugCtx },
          { va: blockVa + 0x10000n, bytes: pattern(0x40, 9) },
        ],
        prcbSize: 0x9000,
        prcbContextPointerAt: 0x85c0,
        unloadedDrivers: [{ name: 'WdBoot.sys', start: bits === 64 ? 0xfffff80479d30000n : 0x91000000n, end: bits === 64 ? 0xfffff80479d42000n : 0x91012000n }],
        debuggerData: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x4b, 0x44, 0x42, 0x47]),
      },
    };
  }

  for (const bits of [64, 32] as const) {
    it(`TRIAGE_DUMP${bits}: fields, drivers, stack, data blocks and contexts`, () => {
      const desc = triageDesc(bits);
      const p = parse(desc);
      const r = p.report;
      const t = r.extra!['triage'] as Record<string, string>;
      expect(r.dumpType).toBe('triage');
      expect(t['ServicePackBuild']).toBe('0x1234');
      expect(t['SizeOfCallStack']).toBe('0x2118');
      expect(t['TopOfStack']).toBe('0x' + desc.triage!.topOfStack.toString(16));
      expect(t['DriverCount']).toBe('0x2');
      expect(t['DataBlocksCount']).toBe('0x2');
      expect(t['TriageOptions']).toBe('0xffffffff');
      expect(r.modules.map((m) => m.name)).toEqual(['ntoskrnl.exe', 'amdppm.sys', 'WdBoot.sys']);
      expect(r.modules[2]).toMatchObject({ unloaded: true, size: '0x12000' });
      expect(r.modules[1]).toMatchObject({ path: '\\SystemRoot\\System32\\drivers\\amdppm.sys', size: '0x2c000', timestamp: 0x5f8f5b1d, checksum: '0x3a1b2' });
      // stack memory through the AddressSpace
      const top = desc.triage!.topOfStack;
      expect(p.memory.read(top + 0x838n, 8)).toEqual(desc.triage!.stack.subarray(0x838, 0x840));
      expect(p.memory.read(top + 0x2110n, 16)).toBeNull();
      expect(r.memory.find((m) => m.source === 'stack')).toMatchObject({ address: '0x' + top.toString(16), size: 0x2118 });
      expect(r.threads[0]).toMatchObject({ stackBase: '0x' + (top + 0x2118n).toString(16), stackSize: 0x2118, crashed: true });
      // data blocks
      const blockVa = desc.triage!.dataBlocks![1]!.va;
      expect(p.memory.read(blockVa, 0x40)).toEqual(pattern(0x40, 9));
      expect((r.extra!['kdDebuggerData'] as any).state).toBe('plain');
      // contexts: fault from BugCheckParameter4, thread from the KPRCB-referenced data block
      expect(r.provenance['context']?.detail).toContain('BugCheckParameter4');
      expect(r.exception).toMatchObject({ code: '0xc0000005', accessType: 'write' });
      expect(r.threads[0]?.context?.provenance?.detail).toContain('KPRCB+0x85c0');
      if (bits === 64) {
        expect(r.context?.registers['rip']).toBe('0xfffff8048b58334c');
        expect(r.threads[0]?.context?.registers).toMatchObject({ rip: '0xfffff8047bdf5a80', rcx: '0x7e' });
      } else {
        expect(r.context?.registers['eip']).toBe('0x8054a010');
        expect(r.threads[0]?.context?.registers['eip']).toBe('0x804f9f43');
      }
    });
  }
});

describe('triage process and thread', () => {
  const base = (cidPid?: number): KernelDumpDescription => ({
    machine: 'x64',
    dumpType: 'triage',
    build: 19044,
    triage: { topOfStack: 0xffff850429890000n, stack: new Uint8Array(64), drivers: [], process: { name: 'CarboniteServi', pid: 0x1234, tid: 0x5678, cidPid } },
  });
  it('reads the process name, pid and thread id for a known build', () => {
    const r = parse(base()).report;
    expect(r).toMatchObject({ process: 'CarboniteServi', processId: 0x1234, crashingThreadId: 0x5678 });
    expect(r.threads[0]!.id).toBe(0x5678);
  });
  it('leaves them out when the copies disagree or the build is unknown', () => {
    const r = parse(base(0x999)).report;
    expect(r.process).toBeUndefined();
    expect(r.crashingThreadId).toBe(0);
    expect(parse({ ...base(), build: 26100 }).report.process).toBeUndefined();
  });
});

describe('dump types and errors', () => {
  it('rejects dump types it does not read with a clear message', () => {
    for (const t of [0, 3, 7, 8, 0x77]) {
      const bytes = toBytes(buildKernelDump({ ...x64Full(), dumpType: t }));
      try {
        parseKernelDump(new BufferByteSource('t.dmp', bytes));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        expect((e as ParseError).message).toContain(`unsupported dump type ${t}`);
        expect((e as ParseError).structure).toBe('DUMP_HEADER64.DumpType');
        expect((e as ParseError).offset).toBe(0xf98);
      }
    }
  });

  it('is reached through openDump', () => {
    const p = openDump(new BufferByteSource('t.dmp', toBytes(buildKernelDump(x64Full()))));
    expect(p.report.format).toBe('kernel-dump');
    expect(readU64(p.memory, CODE + 0x100n)).not.toBeNull();
  });

  it('reports a truncated full dump as missing memory, not as a crash', () => {
    const bytes = toBytes(buildKernelDump(x64Full()));
    const p = parseKernelDump(new BufferByteSource('t.dmp', bytes.subarray(0, 0x2000 + 0x1000 * 4)));
    expect(p.report.warnings.some((w) => w.includes('not in dump'))).toBe(true);
    expect(p.memory.read(CODE + 0x100n, 8)).toBeNull();
  });
});

describe('arm64 dumps', () => {
  const KVA = 0xfffff80512340000n;
  it('full dump: 4-level translation with blocks and pages, CONTEXT from BugCheckParameter3 (0x3B)', () => {
    const ctx = contextBytes('arm64', { pc: KVA + 0x44n, sp: KVA + 0x900n, lr: KVA + 0x10n, x0: 0x1234n, fp: KVA + 0x950n });
    const p = parse({
      machine: 'arm64',
      dumpType: 'full',
      build: 22621,
      bugcheck: { code: 0x3b, args: [0xc0000005n, KVA + 0x44n, KVA + 0x200n, 0n] },
      context: { pc: 0xfffff80500001000n, sp: KVA + 0x100n },
      mappings: [
        { va: KVA, pfn: 0x900 },
        { va: KVA + 0x1000n, pfn: 0x901, present: false },
        { va: 0xfffff80600000000n, pfn: 0xa00, size: '2m' },
      ],
      virtualWrites: [{ va: KVA + 0x200n, bytes: ctx }, { va: 0xfffff80600001230n, bytes: pattern(16, 3) }],
    });
    const r = p.report;
    expect(r.system).toMatchObject({ arch: 'arm64', osVersion: '10.0.22621' });
    expect(r.context?.registers).toMatchObject({ pc: '0xfffff80512340044', sp: '0xfffff80512340900', lr: '0xfffff80512340010', x0: '0x1234' });
    expect(r.threads[0]?.context?.registers['pc']).toBe('0xfffff80500001000');
    expect(p.memory.read(0xfffff80600001230n, 16)).toEqual(pattern(16, 3));
    expect(p.memory.read(KVA + 0x1000n, 8)).toBeNull();
    expect((r.extra!['physicalMemory'] as any).pagingMode).toContain('arm64');
  });

  it('triage dump: driver list, stack and the KPRCB context', () => {
    const top = 0xffff9a0e1c2a0000n;
    const stack = new Uint8Array(0x3000);
    stack.set(contextBytes('arm64', { pc: 0xfffff80537201000n, sp: top + 0x2000n }), 0x800);
    const p = parse({
      machine: 'arm64',
      dumpType: 'triage',
      bugcheck: { code: 0x1000007e, args: [0xffffffffc0000005n, 0xfffff80537201000n, 0n, top + 0x800n] },
      context: { pc: 0xfffff80537201000n },
      triage: {
        topOfStack: top,
        stack,
        drivers: [{ name: '\\SystemRoot\\system32\\ntoskrnl.exe', base: 0xfffff80536a00000n, size: 0x1500000 }],
        dataBlocks: [{ va: 0xffffe0010a000000n, bytes: contextBytes('arm64', { pc: 0xfffff80536d01234n, sp: top + 0x10n }) }],
        prcbSize: 0x1000,
        prcbContextPointerAt: 0x140,
      },
    });
    const r = p.report;
    expect(r.modules[0]?.name).toBe('ntoskrnl.exe');
    expect(r.context?.registers['pc']).toBe('0xfffff80537201000');
    expect(r.provenance['context']?.detail).toContain('BugCheckParameter4');
    expect(r.threads[0]?.context?.registers['pc']).toBe('0xfffff80536d01234');
    expect(p.memory.read(top, 0x3000)).toEqual(stack);
  });
});

describe('x86 trap frame', () => {
  it('finds the KTRAP_FRAME of a 0xA on an x86 stack', () => {
    const STACK32 = 0xf7a20000n;
    const trap = new Uint8Array(0x8c);
    const v = new DataView(trap.buffer);
    v.setUint32(0x68, 0x8054a07c, true); // Eip
    v.setUint32(0x6c, 0x8, true); // SegCs
    v.setUint32(0x44, 0xdeadbeef, true); // Eax
    v.setUint32(0x60, 0xf7a20700, true); // Ebp
    const p = parse({
      machine: 'x86',
      dumpType: 'full',
      bugcheck: { code: 0xa, args: [0x1cn, 2n, 0n, 0x8054a07cn] },
      context: { eip: 0x804f9f43n, esp: STACK32 + 0x100n },
      mappings: [{ va: STACK32, pfn: 0x300 }],
      virtualWrites: [{ va: STACK32 + 0x400n, bytes: trap }],
    }).report;
    expect(p.context?.registers).toMatchObject({ eip: '0x8054a07c', eax: '0xdeadbeef', ebp: '0xf7a20700', esp: '0xf7a20474', cs: '0x8' });
    expect(p.provenance['context']?.detail).toBe('KTRAP_FRAME at 0xf7a20400 on the stack (Eip = DUMP_HEADER32.BugCheckParameter4)');
  });
});
