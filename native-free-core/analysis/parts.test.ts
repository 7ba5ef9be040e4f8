import { describe, expect, it } from 'vitest';
import { EMPTY_ADDRESS_SPACE } from '../model/address-space';
import { emptyReport, type StackFrame } from '../model/report';
import { differingByteLanes, hammingDistance, isCanonical, isUserAddress } from './addresses';
import { analyzeReport } from './analyze';
import { applyAnalysis } from './apply';
import { bucketId, groupingSignature } from './bucket';
import { memoryWithKnownBytes } from './known-memory';
import { fullRegisterName, registerValue } from './registers';
import { formatAnalyzeText, toAnalyzeJson } from './summary';
import { seedParsed } from './testdata/seed-report';
import { rangesSpace, syntheticCrash } from './testdata/synthetic';
import { instructionFromText } from './text-instruction';

describe('addresses and registers', () => {
  it('canonical / user ranges and bit distances', () => {
    expect(isCanonical(0xfffff8800106f141n, 'x64')).toBe(true);
    expect(isCanonical(0xfefefefefefefefen, 'x64')).toBe(false);
    expect(isUserAddress(0x9d00000020n, 'x64')).toBe(true);
    expect(isUserAddress(0x80001000n, 'x86')).toBe(false);
    expect(hammingDistance(0x9d00000000n, 0xfffff8a00d106d58n)).toBe(38);
    expect(differingByteLanes(0xfffff8890d106d58n, 0xfffff8a00d106d58n)).toEqual([4]);
  });

  it('reads sub-registers from full registers', () => {
    const regs = { rax: '0x1122334455667788', ecx: '0x80001000' };
    expect(registerValue(regs, 'eax', 'x64')).toBe(0x55667788n);
    expect(registerValue(regs, 'ah', 'x64')).toBe(0x77n);
    expect(registerValue(regs, 'cx', 'x86')).toBe(0x1000n);
    expect(registerValue(regs, 'rdx', 'x64')).toBeUndefined();
    expect(fullRegisterName('r9d', 'x64')).toBe('r9');
    expect(fullRegisterName('si', 'x86')).toBe('esi');
  });
});

describe('text disassembly reader', () => {
  it('reads WinDbg lines: operands, memory, flow, writes', () => {
    const j = instructionFromText({ address: '0xfffff8800106f124', bytes: '7518', text: 'jne     fltmgr!TreeUnlinkMulti+0x4e (fffff880`0106f13e)' }, 'x64')!;
    expect(j).toMatchObject({ mnemonic: 'jne', flow: 'conditional-branch', branchTarget: 0xfffff8800106f13en, length: 2 });
    const m = instructionFromText({ address: '0x1000', text: 'mov     rax,qword ptr [rsi+rcx*8-10h] ds:002b:00000000`00000020=????' }, 'x64')!;
    expect(m.memory).toEqual({ base: 'rsi', index: 'rcx', scale: 8, displacement: -0x10n, size: 8 });
    expect(m).toMatchObject({ registersWritten: ['rax'], readsMemory: true, writesMemory: false });
    const st = instructionFromText({ address: '0x1000', text: 'mov     dword ptr [ebp-8],eax' }, 'x86')!;
    expect(st).toMatchObject({ writesMemory: true, readsMemory: false, registersWritten: [] });
    expect(instructionFromText({ address: '0x1000', text: 'test    rsi,rsi' }, 'x64')!.registersWritten).toEqual([]);
    expect(instructionFromText({ address: '0x1000', text: 'xor     edi,edi' }, 'x64')!.registersWritten).toEqual(['rdi']);
    expect(instructionFromText({ address: '0x1000', text: 'call    qword ptr [rax]' }, 'x64')!.flow).toBe('indirect-call');
    expect(instructionFromText({ address: 'zz', text: 'ret' }, 'x64')).toBeUndefined();
  });
});

describe('memoryWithKnownBytes', () => {
  it('lays transcript bytes over dump memory', () => {
    const r = emptyReport('windbg-text', 'transcript');
    r.knownMemory = [{ address: '0x1004', bytes: 'aabb', provenance: { source: 'transcript' } }];
    const dump = rangesSpace([[0x1000n, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]]);
    const m = memoryWithKnownBytes(dump, r);
    expect([...m.read(0x1000n, 8)!]).toEqual([1, 2, 3, 4, 0xaa, 0xbb, 7, 8]);
    expect([...m.read(0x1004n, 2)!]).toEqual([0xaa, 0xbb]);
    expect(m.read(0x1006n, 4)).toBeNull();
    expect([...m.readPartial!(0x1006n, 4)]).toEqual([7, 8]);
    expect(memoryWithKnownBytes(EMPTY_ADDRESS_SPACE, emptyReport('minidump', 'minidump'))).toBe(EMPTY_ADDRESS_SPACE);
  });
});

describe('bucket ids and grouping', () => {
  const f = (index: number, module: string, fn: string, offset: string, address = '0x1000'): StackFrame => ({ index, module, function: fn, offset, address, trust: 'transcript' });

  it('x86 IRQL faults carry _W for writes and no arch prefix', () => {
    const r = emptyReport('windbg-text', 'transcript');
    r.system.arch = 'x86';
    r.bugcheck = { code: '0xd1', args: ['0x4', '0x2', '0x1', '0xf832035c'] };
    r.stack = [f(0, 'USBPORT', 'USBPORT_BadRequestFlush', '0x7c', '0xf832035c')];
    expect(bucketId(r)).toBe('0xD1_W_USBPORT!USBPORT_BadRequestFlush+7c');
  });

  it('user-mode exceptions use the code and skip dispatch frames', () => {
    const r = emptyReport('windbg-text', 'transcript');
    r.system.arch = 'x86';
    r.exception = { code: '0x80000003', address: '0x7c901230' };
    r.stack = [f(0, 'ntdll', 'KiUserExceptionDispatcher', '0x0'), f(1, 'MyApp.exe', 'FatalErrorBox', '0x55'), f(2, 'MyApp.exe', 'main', '0x10')];
    expect(bucketId(r)).toBe('80000003_MyApp!FatalErrorBox+55');
    expect(groupingSignature(r)).toBe('exception:80000003|myapp!fatalerrorbox|myapp!main');
  });

  it('falls back to module+offset without frames', () => {
    const parsed = syntheticCrash({ registers: { rip: 0xfffff8048b58334cn }, bugcheck: { code: 0x1000007e, args: [0xffffffffc0000005n, 0xfffff8048b58334cn, 0n, 0n] }, modules: [{ name: 'amdppm.sys', base: 0xfffff8048b580000n, size: 0x20000 }] });
    expect(bucketId(parsed.report)).toBe('X64_0x1000007E_amdppm+334c');
    expect(analyzeReport(parsed).summary).toBe('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M (1000007e): c0000005 access violation in amdppm+0x334c');
  });
});

describe('analyze text and JSON', () => {
  it('prints an !analyze-like text with arguments, fault and findings', () => {
    const parsed = seedParsed();
    const analysis = analyzeReport(parsed);
    const text = formatAnalyzeText(parsed.report, analysis).join('\n');
    expect(text).toContain('SYSTEM_SERVICE_EXCEPTION (3b)');
    expect(text).toMatch(/Arg1: 00000000c0000005, Exception code/);
    expect(text).toContain('fffff880`0106f141 488b4620 mov rax,qword ptr [rsi+20h]');
    expect(text).toContain('[high] register-memory-mismatch:');
    expect(text).toContain('BUCKET_ID:            X64_0x3B_fltmgr!TreeUnlinkMulti+51');
  });

  it("produces DESIGN.md's analyze --json shape", () => {
    const parsed = seedParsed();
    const analysis = analyzeReport(parsed);
    const report = { ...parsed.report, findings: analysis.findings, bucket: analysis.bucket };
    const json = toAnalyzeJson(report, { file: 'crash1-analyze.txt', sha256: 'ab'.repeat(32) });
    expect(Object.keys(json)).toEqual(['file', 'sha256', 'format', 'dumpType', 'system', 'bugcheck', 'process', 'registers', 'modules', 'stack', 'findings', 'bucket']);
    expect(json).toMatchObject({
      format: 'windbg-text', dumpType: 'transcript', system: { arch: 'x64' },
      bugcheck: { code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] },
      process: 'CarboniteServi', bucket: 'X64_0x3B_fltmgr!TreeUnlinkMulti+51',
    });
    expect((json.registers as Record<string, string>).rsi).toBe('0x9d00000000');
    expect((json.stack as unknown[])[0]).toEqual({ index: 0, module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51', address: '0xfffff8800106f141', trust: 'transcript' });
    expect((json.findings as { kind: string }[]).map((f) => f.kind)).toContain('byte-lane-corruption');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('applyAnalysis', () => {
  it('writes findings, bucket and catalog names into a copy', () => {
    const parsed = syntheticCrash({ registers: { rip: 0x401000n }, exception: { code: 0xc0000094 }, bugcheck: { code: 0x1e, args: [0xc0000094n, 0x401000n, 0n, 0n] } });
    const analysis = analyzeReport(parsed);
    const out = applyAnalysis(parsed.report, analysis);
    expect(out.bugcheck?.name).toBe('KMODE_EXCEPTION_NOT_HANDLED');
    expect(out.exception?.name).toBe('STATUS_INTEGER_DIVIDE_BY_ZERO');
    expect(out.findings).toBe(analysis.findings);
    expect(parsed.report.findings).toEqual([]);
    expect(parsed.report.bugcheck?.name).toBeUndefined();
  });
});
