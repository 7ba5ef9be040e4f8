import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWinDbgText, describeTranscript } from './index';
import { openDump } from '../open';
import { BufferByteSource } from '../../io/byte-source';
import type { WinDbgTextExtra } from './types';
import type { CrashReport } from '../../model/report';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
const read = (rel: string) => readFileSync(path.join(CORPUS, rel), 'utf8');
const parse = (rel: string) => parseWinDbgText(read(rel), path.basename(rel));
const extraOf = (r: CrashReport) => r.extra as unknown as WinDbgTextExtra;
const sym = (f: { module?: string; function?: string; offset?: string }) => `${f.module}!${f.function}${f.offset ? '+' + f.offset : ''}`;

describe('seed crash1-analyze.txt (bug check 0x3B in fltmgr!TreeUnlinkMulti+0x51)', () => {
  const parsed = parse('seed/crash1-analyze.txt');
  const r = parsed.report;
  const extra = extraOf(r);

  it('reads the bug check, exception, process, arch and bucket', () => {
    expect(r.format).toBe('windbg-text');
    expect(r.dumpType).toBe('transcript');
    expect(r.bugcheck).toEqual({ code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] });
    expect(r.exception).toMatchObject({ code: '0xc0000005', address: '0xfffff8800106f141', name: 'STATUS_ACCESS_VIOLATION' });
    expect(r.process).toBe('CarboniteServi');
    expect(r.system.arch).toBe('x64');
    expect(r.bucket).toBe('X64_0x3B_fltmgr!TreeUnlinkMulti+51');
    expect(r.warnings).toEqual([]);
  });

  it('keeps Arg meanings and every KEY: value line', () => {
    const a = extra.analyses[0]!;
    expect(a.banner).toBe('Bugcheck Analysis');
    expect(a.args.map((x) => x.meaning)[0]).toBe('Exception code that caused the bugcheck');
    expect(extra.analyze['CURRENT_IRQL']).toBe('0');
    expect(extra.analyze['SYMBOL_NAME']).toBe('fltmgr!TreeUnlinkMulti+51');
    expect(extra.analyze['MODULE_NAME']).toBe('fltmgr');
    expect(extra.analyze['IMAGE_NAME']).toBe('fltmgr.sys');
    expect(extra.analyze['BUCKET_ID']).toBe('X64_0x3B_fltmgr!TreeUnlinkMulti+51');
    expect(extra.analyze['DEFAULT_BUCKET_ID']).toBe('VISTA_DRIVER_FAULT');
    expect(extra.analyze['DEBUG_FLR_IMAGE_TIMESTAMP']).toBe('4a5bc11f');
    expect(extra.analyze['EXCEPTION_CODE']).toContain('(NTSTATUS) 0xc0000005');
    expect(extra.analyze['EXCEPTION_CODE']).toContain('The memory could not be %s.');
    expect(extra.analyze['FAULTING_IP']).toContain('fffff880`0106f141 488b4620');
    expect(extra.analyzeLines['FAILURE_BUCKET_ID']).toEqual([97, 97]);
  });

  it('reads the whole CONTEXT register set', () => {
    const regs = r.context!.registers;
    expect(r.context!.arch).toBe('x64');
    expect(regs).toMatchObject({
      rax: '0xfffffaf7072f96b0', rbx: '0x0', rcx: '0xfffffa8008e13318', rdx: '0xfffffa8007e5b550', rsi: '0x9d00000000', rdi: '0x0',
      rip: '0xfffff8800106f141', rsp: '0xfffff88005f46330', rbp: '0xfffffa8008e13318', r8: '0xffffffffffffffff', r9: '0xffffffffffffffff',
      r10: '0xfffffffffffffe4a', r11: '0x1', r12: '0xfffffa8007e5b550', r13: '0xfffffa8007e34684', r14: '0x4000', r15: '0x0',
      cs: '0x10', ss: '0x18', ds: '0x2b', es: '0x2b', fs: '0x53', gs: '0x2b', efl: '0x10206',
    });
    expect(r.provenance['context.registers.rsi']!.lines).toEqual([31, 31]);
    const block = extra.registerBlocks.find((b) => b.source === '!analyze CONTEXT')!;
    expect(block.address).toBe('0xfffff88005f45960');
    expect(block.flagsText).toBe('nv up ei pl nz na po nc');
    expect(block.symbol).toBe('fltmgr!TreeUnlinkMulti+0x51');
  });

  it('reads all 12 STACK_TEXT frames, each wrapped over two lines', () => {
    expect(r.stack).toHaveLength(12);
    expect(r.stack.map(sym)).toEqual([
      'fltmgr!TreeUnlinkMulti+0x51', 'fltmgr!FltpPerformPreCallbacks+0x730', 'fltmgr!FltpPassThrough+0x2d9', 'fltmgr!FltpDispatch+0xb7',
      'nt!IopDeleteFile+0x11e', 'nt!ObfDereferenceObject+0xd4', 'nt!IopParseDevice+0xe86', 'nt!ObpLookupObjectName+0x585',
      'nt!ObOpenObjectByName+0x1cd', 'nt!NtQueryFullAttributesFile+0x14f', 'nt!KiSystemServiceCopyEnd+0x13', 'undefined!undefined',
    ]);
    expect(r.stack[0]).toMatchObject({ index: 0, address: '0xfffff8800106f141', sp: '0xfffff88005f46330', returnAddress: '0xfffff8800106c460', trust: 'transcript' });
    expect(r.stack[0]!.args).toEqual(['0xfffffa8007a96920', '0xfffffa8007e5b550', '0xfffffa8007a96920', '0x0']);
    expect(r.stack[0]!.provenance!.lines).toEqual([53, 54]);
    expect(r.stack[1]!.address).toBe('0xfffff8800106c460');
    expect(r.stack[11]).toMatchObject({ address: '0x77320eba', sp: '0x121e778' });
  });

  it('reads the disassembly of TreeUnlinkMulti and keeps the code bytes as memory', () => {
    const dis = r.disassembly!;
    const load = dis.find((d) => d.address === '0xfffff8800106f11e')!;
    expect(load).toMatchObject({ bytes: '488b31', text: 'mov rsi,qword ptr [rcx]' });
    expect(dis.find((d) => d.address === '0xfffff8800106f0f0')).toMatchObject({ symbol: 'fltmgr!TreeUnlinkMulti', text: 'push rbx', bytes: 'fff3' });
    expect(dis.find((d) => d.address === '0xfffff8800106f113')!.text).toBe("jne fltmgr! ?? ::FNODOBFM::`string'+0x504 (fffff880`01073704)");
    const fault = dis.find((d) => d.address === '0xfffff8800106f141')!;
    expect(fault).toMatchObject({ text: 'mov rax,qword ptr [rsi+20h]', annotation: 'ds:002b:0000009d`00000020=????????????????' });
    expect(dis.filter((d) => d.address >= '0xfffff8800106f0f0' && d.address <= '0xfffff8800106f13e')).toHaveLength(26);
    expect(parsed.memory.read(0xfffff8800106f11en, 3)).toEqual(Uint8Array.from([0x48, 0x8b, 0x31]));
    expect(parsed.memory.read(0xfffff8800106f141n, 4)).toEqual(Uint8Array.from([0x48, 0x8b, 0x46, 0x20]));
  });

  it('knows the memory at rcx from dq', () => {
    const km = r.knownMemory!.find((k) => k.address === '0xfffffa8008e13318')!;
    expect(km.bytes).toBe('586d100da0f8ffff');
    expect(km.provenance).toEqual({ source: 'transcript', detail: 'dq @rcx l1', lines: [133, 133] });
    const q = parsed.memory.read(0xfffffa8008e13318n, 8)!;
    expect(new DataView(q.buffer).getBigUint64(0, true)).toBe(0xfffff8a00d106d58n);
    expect(r.memory.some((m) => m.address === '0xfffffa8008e13318' && m.source === 'transcript')).toBe(true);
  });

  it('turns dt values at literal addresses into known memory (the corrupted _NAME_CACHE_NODE links)', () => {
    const q = (a: bigint) => {
      const b = parsed.memory.read(a, 8);
      return b ? new DataView(b.buffer, b.byteOffset).getBigUint64(0, true) : null;
    };
    expect(q(0xfffff8a00d106d58n)).toBe(0xfffff8890d106d58n); // Parent
    expect(q(0xfffff8a00d106d60n)).toBe(0x0000001d00000000n); // LeftChild
    expect(q(0xfffff8a00d106d48n)).toBe(0x0000008100000000n); // ProvidingInstance
    expect(q(0xfffff8a00d106d80n)).toBe(0n); // Key2 (null)
    expect(q(0xfffffa8008e132b0n)).toBe(0xfffffa8007043c60n); // VolumeLink.Flink
    // dt @rcx-8 is evaluated with the CONTEXT's rcx, which the text does not prove: it adds no memory.
    expect(r.knownMemory!.some((k) => k.provenance.detail?.startsWith('dt ') && k.provenance.detail.includes('@rcx'))).toBe(false);
    expect(r.knownMemory!.find((k) => k.address === '0xfffff8a00d106d48' && k.bytes.length > 32)!.provenance.detail).toBe('dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40');
  });

  it('reads both !pool outputs', () => {
    expect(extra.pools).toHaveLength(2);
    const [p1, p2] = extra.pools;
    expect(p1!.query).toBe('@rcx');
    expect(p1!.address).toBe('0xfffffa8008e13318');
    expect(p1!.region).toBe('Nonpaged pool');
    expect(p1!.blocks).toHaveLength(20);
    expect(p1!.markedBlock).toMatchObject({ address: '0xfffffa8008e13270', size: '0xc0', previousSize: '0x20', tag: 'FMsl', allocated: true, marked: true });
    expect(p1!.tagDescription).toMatchObject({ tag: 'FMsl', description: 'STREAM_LIST_CTRL structure', binary: 'fltmgr.sys' });
    expect(p1!.blocks[0]).toMatchObject({ tag: 'File', note: '(Protected)', allocated: true, marked: false });
    expect(p1!.blocks[4]).toMatchObject({ tag: 'Io', allocated: false });
    expect(p1!.blocks.filter((b) => b.marked)).toHaveLength(1);
    expect(p2!.region).toBe('Paged pool');
    expect(p2!.blocks).toHaveLength(14);
    expect(p2!.markedBlock).toMatchObject({ address: '0xfffff8a00d106d30', size: '0x190', tag: 'FMfn' });
    expect(p2!.tagDescription!.description).toBe('NAME_CACHE_NODE structure');
  });

  it('reads every dt output, with and without /b', () => {
    expect(extra.types.map((t) => t.typeName)).toEqual(['_POOL_HEADER', '_STREAM_LIST_CTRL', '_NAME_CACHE_LIST_CTRL', '_TREE_ROOT', '_NAME_CACHE_LIST_CTRL', '_NAME_CACHE_NODE', '_NAME_CACHE_NODE']);
    const ph = extra.types[0]!;
    expect(ph.module).toBe('nt');
    expect(ph.fields[1]).toMatchObject({ offset: '0x000', name: 'PoolIndex', bitfield: { position: 8, bits: 8 } });
    expect(ph.fields[6]).toMatchObject({ offset: '0x008', name: 'ProcessBilled', type: 'Ptr64 _EPROCESS' });
    const slc = extra.types[1]!;
    expect(slc.address).toBe('0xfffffa8008e13280');
    expect(slc.fields.find((f) => f.name === 'VolumeLink')).toMatchObject({ type: '_LIST_ENTRY', value: '[ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]' });
    expect(slc.fields.find((f) => f.name === 'UseCount')).toMatchObject({ numeric: '0x4', address: '0xfffffa8008e132c4' });
    const viaRcx = extra.types[4]!;
    expect(viaRcx).toMatchObject({ expanded: true, addressExpression: '@rcx-8', address: '0xfffffa8008e13310', addressFromRegisters: true });
    expect(viaRcx.fields[1]!.children![0]).toMatchObject({ name: 'Tree', numeric: '0xfffff8a00d106d58', address: '0xfffffa8008e13318' });
    const node = extra.types[6]!;
    expect(node.expanded).toBe(true);
    expect(node.address).toBe('0xfffff8a00d106d40');
    const link = node.fields.find((f) => f.name === 'TreeLink')!.children![0]!;
    expect(link.children!.map((f) => [f.name, f.numeric, f.address])).toEqual([
      ['Parent', '0xfffff8890d106d58', '0xfffff8a00d106d58'],
      ['LeftChild', '0x1d00000000', '0xfffff8a00d106d60'],
      ['RightChild', '0xfffff8350d17eb28', '0xfffff8a00d106d68'],
    ]);
    const creation = node.fields.find((f) => f.name === 'CreationTime')!;
    expect(creation.children!.find((f) => f.name === 'u')!.children).toHaveLength(2);
    expect(creation.children!.find((f) => f.name === 'QuadPart')!.numeric).toBe('0x3f00067e77');
    expect(node.fields.find((f) => f.name === 'ProvidingInstance')!.numeric).toBe('0x8100000000');
  });

  it('records the commands, the ? evaluation and line provenance', () => {
    expect(extra.commands.map((c) => c.kind)).toEqual(['analyze', 'memory', 'pool', 'type', 'type', 'expression', 'type', 'type', 'type', 'pool', 'type', 'type']);
    expect(extra.commands[0]).toMatchObject({ prompt: '2: kd>', command: '!analyze -v', firstLine: 1 });
    expect(extra.expressions).toEqual([{ expression: '@rcx-fffffa8008e13280', decimal: '152', value: '0x98', line: 188 }]);
    expect(r.provenance['bucket']!.lines).toEqual([97, 97]);
    expect(r.provenance['bugcheck.code']!.lines).toEqual([8, 8]);
    expect(r.provenance['process']!.lines).toEqual([46, 46]);
  });

  it('describes itself for crashbench info', () => {
    const lines = describeTranscript(parsed);
    expect(lines).toContain('Bug check:   0x3b SYSTEM_SERVICE_EXCEPTION (0xc0000005, 0xfffff8800106f141, 0xfffff88005f45960, 0x0)');
    expect(lines).toContain('Stack:       12 frames, top fltmgr!TreeUnlinkMulti+0x51');
    expect(lines).toContain('Warnings:    0');
  });
});

describe('seed crash2-stack.txt (k output of the similar crash)', () => {
  const r = parse('seed/crash2-stack.txt').report;
  it('reads its 20 frames', () => {
    expect(r.stack).toHaveLength(20);
    expect(r.stack.slice(0, 6).map(sym)).toEqual([
      'nt!KeBugCheckEx', "nt!?? ::FNODOBFM::`string'+0x40edb", 'nt!KiPageFault+0x16e', 'nt!RtlDeleteNoSplay+0x2a', 'fltmgr!TreeUnlinkNoBalance+0x13', 'fltmgr!TreeUnlinkMulti+0x148',
    ]);
    expect(sym(r.stack[19]!)).toBe('nt!KiSystemServiceCopyEnd+0x13');
    expect(r.stack[5]).toMatchObject({ address: '0xfffff880010f2238', sp: '0xfffff88006678560', returnAddress: '0xfffff8800111046f' });
    // frame 0's own address is not printed anywhere in a bare `k`.
    expect(r.stack[0]!.address).toBe('0x0');
    expect(r.stack[0]!.provenance!.detail).toContain('address not shown');
    expect(r.system.arch).toBe('x64');
    expect(r.bugcheck).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });
});

describe('the seed article itself (prose with the transcripts embedded, like a forum post)', () => {
  const parsed = parse('seed/debugging-race-conditions.txt');
  const r = parsed.report;
  it('imports the same crash, keeps both stacks, and turns the prose into warnings', () => {
    expect(r.bugcheck!.code).toBe('0x3b');
    expect(r.bucket).toBe('X64_0x3B_fltmgr!TreeUnlinkMulti+51');
    expect(r.context!.registers['rsi']).toBe('0x9d00000000');
    expect(r.stack).toHaveLength(12);
    const stacks = extraOf(r).stacks;
    expect(stacks.map((s) => [s.source, s.frames.length])).toEqual([['!analyze STACK_TEXT', 12], ['k', 20]]);
    expect(r.disassembly!.find((d) => d.address === '0xfffff8800106f11e')!.text).toBe('mov rsi,qword ptr [rcx]');
    expect(extraOf(r).pools).toHaveLength(2);
    expect(extraOf(r).types).toHaveLength(7);
    expect(r.warnings.length).toBeGreaterThan(5);
    expect(r.warnings.every((w) => /^line \d+: /.test(w))).toBe(true);
  });
});

interface Expectation {
  file: string;
  arch: 'x64' | 'x86';
  bugcheck?: { code: string; name?: string; args: string[] };
  exception?: { code: string; address: string };
  frames: number;
  top?: string;
  bucket?: string;
  process?: string;
  osBuild?: number;
  check?: (r: CrashReport) => void;
}

const EXPECTATIONS: Expectation[] = [
  {
    file: 'analyze-v-0xc4-ddi-compliance-x86.txt', arch: 'x86',
    bugcheck: { code: '0xc4', name: 'DRIVER_VERIFIER_DETECTED_VIOLATION', args: ['0x20004', '0x8481c118', '0x0', '0x0'] },
    frames: 13, top: 'nt!RtlpBreakWithStatusInstruction',
    check: (r) => {
      expect(r.stack.map(sym)).toContain('MyDriver!HandleISR+0x146');
      expect(r.bucket).toBeUndefined();
      const ex = extraOf(r);
      expect(ex.analyze['FOLLOWUP_IP']).toContain('MyDriver!HandleISR+0x140');
      expect(ex.analyze['RULE_NAME']).toBe('IrqlExAllocatePool');
      expect(ex.analyze['DV_RULE_INFO']).toBe('0x20004');
      expect(ex.analyze['CURRENT_IRQL']).toBe('10');
      expect(ex.analyses[0]!.args[0]!.meaning).toBe("ID of the 'IrqlExAllocatePool' rule that was violated.");
      expect(ex.commands.map((c) => c.command)).toEqual(['', '!ruleinfo 0x20004']);
    },
  },
  {
    file: 'analyze-v-0xc4-verifier-irqlexapclte1-x64.txt', arch: 'x64',
    bugcheck: { code: '0xc4', name: 'DRIVER_VERIFIER_DETECTED_VIOLATION', args: ['0x20005', '0xfffff88000e16f50', '0x0', '0x0'] },
    frames: 12, top: 'nt!DbgBreakPointWithStatus', bucket: '0xc4_IrqlExApcLte1_XDV_VRF_MyDriver!OnInterrupt', process: 'TiWorker.exe', osBuild: 9200,
    check: (r) => {
      const ex = extraOf(r);
      expect(ex.analyze['BUGCHECK_STR']).toBe('0xc4_IrqlExApcLte1_XDV');
      expect(ex.analyze['SYMBOL_NAME']).toBe('MyDriver!OnInterrupt+69');
      expect(ex.analyze['MODULE_NAME']).toBe('MyDriver');
      expect(ex.analyze['IMAGE_NAME']).toBe('MyDriver.sys');
      expect(r.stack[9]).toMatchObject({ module: 'MyDriver', function: 'OnInterrupt', offset: '0x69' });
      // address columns are elided: frame 0 comes from the break listing, frame 1 from LAST_CONTROL_TRANSFER.
      expect(r.stack[0]!.address).toBe('0xfffff802a40ef930');
      expect(r.stack[1]!.address).toBe('0xfffff802a41f00ea');
      expect(r.stack[2]!.address).toBe('0x0');
      expect(r.exception).toBeUndefined();
    },
  },
  {
    file: 'analyze-v-0xd1-usbport-x86.txt', arch: 'x86',
    bugcheck: { code: '0xd1', name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL', args: ['0x4', '0x2', '0x1', '0xf832035c'] },
    frames: 5, top: 'USBPORT!USBPORT_BadRequestFlush+0x7c', bucket: '0xD1_W_USBPORT!USBPORT_BadRequestFlush+7c',
    check: (r) => {
      expect(r.context).toMatchObject({ arch: 'x86', registers: { eip: '0xf832035c', edx: '0x0', efl: '0x10216' } });
      expect(r.context!.provenance!.detail).toBe('!analyze TRAP_FRAME');
      expect(r.stack[0]!.address).toBe('0xf832035c');
      expect(extraOf(r).analyze['IMAGE_NAME']).toBe('USBPORT.SYS');
      expect(r.disassembly![0]).toMatchObject({ address: '0xf832035c', bytes: '894204', text: 'mov [edx+0x4],eax', annotation: 'ds:0023:00000004=????????' });
    },
  },
  {
    file: 'analyze-v-user-80000003-x86.txt', arch: 'x86',
    exception: { code: '0x80000003', address: '0x77f97704' },
    frames: 12, top: 'ntdll!PropertyLengthAsVariant+0x73', bucket: '80000003_MyApp!FatalErrorBox+55', process: 'MyApp.exe',
    check: (r) => {
      expect(r.bugcheck).toBeUndefined();
      expect(r.stack[1]).toMatchObject({ function: 'FatalErrorBox', file: 'D:\\source_files\\MyApp\\util.c', line: 541 });
      expect(extraOf(r).analyses[0]!.banner).toBe('Exception Analysis');
      expect(r.exception!.parameters).toEqual(['0x0', '0x10101', '0xffffffff']);
    },
  },
  {
    file: 'bugcheck-0x1e-bugcheck-kb-exr-cxr-x86.txt', arch: 'x86',
    bugcheck: { code: '0x1e', args: ['0xc0000005', '0x8013cd0a', '0x0', '0x362cffff'] },
    exception: { code: '0xc0000005', address: '0x8013cd0a' },
    frames: 9, top: 'NT!_RtlMoveMemory@12+0x3e',
    check: (r) => {
      expect(r.exception).toMatchObject({ accessType: 'read', accessAddress: '0x362cfff' });
      expect(r.context!.registers).toMatchObject({ eip: '0x8013cd0a', esi: '0x362cfff', efl: '0x10617' });
      expect(r.stack[0]!.address).toBe('0x8013cd0a');
      const ex = extraOf(r);
      expect(ex.commands[0]).toMatchObject({ command: '.bugcheck', comment: 'get the bug check data', kind: 'bugcheck' });
      expect(ex.stacks).toHaveLength(2);
      expect(ex.stacks[0]!.frames).toHaveLength(6);
      expect(r.knownMemory!.find((k) => k.address === '0xfe40caf8')!.bytes).toBe('88cd40fec4cb40fe');
      expect(r.disassembly![0]).toMatchObject({ address: '0x8013cd0a', bytes: 'f3a4', text: 'rep movsb' });
    },
  },
  {
    file: 'bugcheck-0x3b-analyze-args-dx-error-x64.txt', arch: 'x64',
    bugcheck: { code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: ['0xc0000005', '0xfffff802328375b0', '0xffff9c0a746c2330', '0x0'] },
    exception: { code: '0xc0000005', address: '0xfffff802328375b0' },
    frames: 0,
    check: (r) => {
      const ex = extraOf(r);
      expect(ex.rawBlocks.map((b) => b.command)).toEqual(['dx KiBugCheckDriver', '!error 00000000c0000005']);
      expect(ex.rawBlocks[0]!.text).toContain('nvlddmkm.sys');
      expect(r.warnings.length).toBe(2);
    },
  },
  {
    file: 'bugcheck-0x50-analyze-trap-db-u-r-x64.txt', arch: 'x64',
    bugcheck: { code: '0x50', name: 'PAGE_FAULT_IN_NONPAGED_AREA', args: ['0xffffffff00000090', '0x0', '0xfffff80240d322f9', '0xc'] },
    frames: 0,
    check: (r) => {
      expect(r.exception).toBeUndefined();
      expect(r.context!.registers).toMatchObject({ rip: '0xfffff80240d322f9', rax: '0xffffffff00000080' });
      expect(r.context!.provenance!.detail).toBe('r');
      const ex = extraOf(r);
      expect(ex.analyses[0]!.args[2]!.meaning).toBe('If non-zero, the instruction address which referenced the bad memory address.');
      expect(ex.registerBlocks.find((b) => b.source === '!analyze TRAP_FRAME')!.address).toBe('0xfffff98112e8b3d0');
      expect(ex.unreadableMemory).toEqual([{ address: '0xffffffff00000090', size: 128, line: 23 }]);
      expect(r.disassembly!.filter((d) => d.provenance!.detail === 'u fffff80240d322f9')).toHaveLength(8);
      expect(r.disassembly![0]).toMatchObject({ address: '0xfffff80240d322f9', symbol: 'nt!RtlSubtreePredecessor+0x9', text: 'mov rcx,qword ptr [rax+10h]' });
    },
  },
  {
    file: 'bugcheck-0x9f-analyze-dt-irp-devstack.txt', arch: 'x64',
    bugcheck: { code: '0x9f', name: 'DRIVER_POWER_STATE_FAILURE', args: ['0x3', '0xfffffa8007b13440', '0xfffff8000386c3d8', '0xfffffa800ab61bd0'] },
    frames: 0,
    check: (r) => {
      const ex = extraOf(r);
      expect(ex.analyses).toHaveLength(2);
      expect(ex.analyses[1]).toMatchObject({ bugcheckCode: '0x9f' });
      expect(ex.analyses[1]!.args.map((a) => a.value)).toEqual(['0x4', '0x258', '0x84e01a70', '0x82931b24']);
      expect(ex.analyses[1]!.args[0]!.meaning).toBe('The power transition timed out waiting to synchronize with the Pnp subsystem.');
      expect(ex.commands[0]).toMatchObject({ prompt: 'kd>', command: '!analyze -v' });
      expect(ex.types.map((t) => [t.typeName, t.address])).toEqual([['_TRIAGE_9F_POWER', '0xfffff8000386c3d8'], ['_TRIAGE_9F_PNP', '0x82931b24']]);
      expect(ex.types[0]!.fields.find((f) => f.name === 'IrpList')).toMatchObject({ numeric: '0xfffff80001c78bd0', type: '_LIST_ENTRY' });
      expect(r.warnings.some((w) => w.includes('2 !analyze outputs'))).toBe(true);
      expect(Object.keys(ex.analyze)).not.toContain('IRP');
    },
  },
  {
    file: 'bugcheck-0xa-bugcheck-kb-kv-trap-x86.txt', arch: 'x86',
    bugcheck: { code: '0xa', args: ['0x0', '0x1c', '0x0', '0x0'] },
    frames: 3, top: 'NT!_DbgBreakPoint',
    check: (r) => {
      expect(r.context!.registers).toMatchObject({ eip: '0x0', esp: '0x8013ef5c' });
      expect(r.stack[1]).toMatchObject({ module: 'NDIS', function: '_EthFilterIndicateReceiveComplete', offset: '0x31' });
      expect(r.stack[1]!.provenance!.lines).toEqual([33, 34]);
      const ex = extraOf(r);
      expect(ex.stacks.map((s) => s.frames.length)).toEqual([5, 5, 3]);
      expect(ex.stacks[1]!.frames[2]).toMatchObject({ function: '_KiTrap0E', offset: '0x256' });
      expect(ex.commands[1]).toMatchObject({ command: 'kb', comment: 'Lists the stack trace.' });
    },
  },
  {
    file: 'user-divide-by-zero-analyze-x64.txt', arch: 'x64',
    exception: { code: '0xc0000094', address: '0x7ff63be11064' },
    frames: 6, top: 'MyApp!MyFunction+0x44',
    check: (r) => {
      expect(r.exception!.name).toBe('STATUS_INTEGER_DIVIDE_BY_ZERO');
      expect(r.stack[0]!.address).toBe('0x7ff63be11064');
      expect(r.bucket).toBeUndefined();
      expect(r.processId).toBe(0x1450);
      expect(r.crashingThreadId).toBe(0x1424);
      expect(extraOf(r).lastEvent).toMatchObject({ code: '0xc0000094', firstChance: true });
      expect(r.disassembly![0]).toMatchObject({ address: '0x7ff63be11064', bytes: 'f77c2428', text: 'idiv eax,dword ptr [rsp+28h]' });
    },
  },
];

describe('corpus/windbg-text transcripts', () => {
  it('has an expectation for every file', () => {
    const files = readFileSync(path.join(CORPUS, 'SHA256SUMS'), 'utf8').split('\n').map((l) => l.split(/\s+/)[1] ?? '').filter((f) => f.startsWith('windbg-text/')).map((f) => f.slice('windbg-text/'.length));
    expect(files.sort()).toEqual(EXPECTATIONS.map((e) => e.file).sort());
  });
  for (const e of EXPECTATIONS) {
    it(e.file, () => {
      const r = parse(`windbg-text/${e.file}`).report;
      expect(r.system.arch).toBe(e.arch);
      if (e.bugcheck) expect(r.bugcheck).toEqual(e.bugcheck.name ? e.bugcheck : { code: e.bugcheck.code, args: e.bugcheck.args });
      else expect(r.bugcheck).toBeUndefined();
      if (e.exception) expect(r.exception).toMatchObject(e.exception);
      expect(r.stack).toHaveLength(e.frames);
      if (e.top) expect(sym(r.stack[0]!).replace(/\+$/, '')).toBe(e.top);
      if (e.bucket) expect(r.bucket).toBe(e.bucket);
      if (e.process) expect(r.process).toBe(e.process);
      if (e.osBuild) expect(r.system.osBuild).toBe(e.osBuild);
      for (const f of r.stack) expect(f.trust).toBe('transcript');
      e.check?.(r);
    });
  }
});

describe('openDump on transcript files', () => {
  it('detects and imports every corpus transcript through the format dispatcher', () => {
    const files = ['seed/crash1-analyze.txt', 'seed/crash2-stack.txt', ...EXPECTATIONS.map((e) => `windbg-text/${e.file}`)];
    for (const f of files) {
      const bytes = readFileSync(path.join(CORPUS, f));
      const parsed = openDump(new BufferByteSource(path.basename(f), new Uint8Array(bytes)));
      expect(parsed.report.format).toBe('windbg-text');
      expect(parsed.report.dumpType).toBe('transcript');
    }
  });
});

describe('UTF-16 logs (.logopen /u)', () => {
  it('detects and imports a UTF-16LE transcript with its BOM', () => {
    const text = read('seed/crash1-analyze.txt');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const parsed = openDump(new BufferByteSource('crash1-u.log', bytes));
    expect(parsed.report.bucket).toBe('X64_0x3B_fltmgr!TreeUnlinkMulti+51');
    expect(parsed.report.stack).toHaveLength(12);
  });
});
