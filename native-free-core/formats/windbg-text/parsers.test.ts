import { describe, expect, it } from 'vitest';
import { parseWinDbgText } from './index';
import { splitCommands, splitComment, matchPrompt } from './commands';
import { splitLines } from './text-lines';
import { parseRegisterLine } from './registers';
import { parseInstructionLine } from './disassembly';
import { parseMemoryDump, TranscriptMemory } from './memory';
import { debugTimeToIso } from './misc';
import type { WinDbgTextExtra } from './types';

const parse = (text: string) => parseWinDbgText(text, 't.txt');
const extraOf = (text: string) => parse(text).report.extra as unknown as WinDbgTextExtra;

describe('prompts and commands', () => {
  it('recognises kernel, user-mode and indented prompts', () => {
    expect(matchPrompt('2: kd> !analyze -v')).toEqual({ prompt: '2: kd>', text: '!analyze -v' });
    expect(matchPrompt('kd>!analyze -v')).toEqual({ prompt: 'kd>', text: '!analyze -v' });
    expect(matchPrompt('0:000> kb')).toEqual({ prompt: '0:000>', text: 'kb' });
    expect(matchPrompt('0:000:x86> r')).toEqual({ prompt: '0:000:x86>', text: 'r' });
    expect(matchPrompt('    0: kd> dt nt!_TRIAGE_9F_POWER x')?.prompt).toBe('0: kd>');
    expect(matchPrompt('1: lkd> lm')?.prompt).toBe('1: lkd>');
    expect(matchPrompt('KD> KB')).toEqual({ prompt: 'KD>', text: 'KB' });
    expect(matchPrompt('Child-SP RetAddr Call Site')).toBeNull();
  });
  it('separates the comments the docs put after commands', () => {
    expect(splitComment('.bugcheck                 get the bug check data')).toEqual({ command: '.bugcheck', comment: 'get the bug check data' });
    expect(splitComment('kb [Lists the stack trace.]')).toEqual({ command: 'kb', comment: 'Lists the stack trace.' });
    expect(splitComment('dt _X @rcx-8 /b')).toEqual({ command: 'dt _X @rcx-8 /b' });
    expect(splitComment('dt     _POOL_HEADER')).toEqual({ command: 'dt     _POOL_HEADER' });
    expect(splitComment('dd fe40caf8 L2            dump EXCEPTION_POINTERS structure')).toEqual({ command: 'dd fe40caf8 L2', comment: 'dump EXCEPTION_POINTERS structure' });
  });
  it('classifies mixed-case commands', () => {
    const blocks = splitCommands(splitLines('KD> KB\nkd> !Analyze -V\nkd> U rip\nkd> DQ @rcx\nkd> LMV m nt\nkd> .CXR 0x1\nkd> !foo\n'));
    expect(blocks.map((b) => b.kind)).toEqual(['stack', 'analyze', 'disassembly', 'memory', 'modules', 'registers', 'raw']);
  });
});

describe('registers', () => {
  it('reads x64 and x86 register lines, flags and segments', () => {
    expect(parseRegisterLine(' r8=ffffffffffffffff  r9=0000000000000000 r10=7ffffffffffffffc')!.registers).toEqual([['r8', '0xffffffffffffffff'], ['r9', '0x0'], ['r10', '0x7ffffffffffffffc']]);
    expect(parseRegisterLine('iopl=0         nv up ei ng nz na pe nc')).toEqual({ registers: [['iopl', '0x0']], flagsText: 'nv up ei ng nz na pe nc' });
    expect(parseRegisterLine('cs=0008  ss=0010  ds=0023  es=0023  fs=0030  gs=0000             efl=00010202')!.registers).toHaveLength(7);
    expect(parseRegisterLine('eip=f832035c esp=f8950e70 ebp=f8950e90 iopl=0         nv up ei pl nz ac po nc')!.flagsText).toBe('nv up ei pl nz ac po nc');
    expect(parseRegisterLine('the value x=1 is wrong')).toBeNull();
    expect(parseRegisterLine('RAX=0000000000000001 RBX=0000000000000002')!.registers[0]).toEqual(['rax', '0x1']);
  });
  it('takes the .trap register block as the context and keeps r as another block', () => {
    const x = parse(`kd> r
eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 esi=00000005 edi=00000006
eip=80000000 esp=8013ef5c ebp=8013ef64 iopl=0         nv up ei pl nz na pe nc
kd> .trap 8013eee8
ErrCode = 00000000
eax=dec80201 ebx=ffdff420 ecx=8013c71c edx=000003f8 esi=00000000 edi=87038e10
eip=f832035c esp=8013ef5c ebp=8013ef64 iopl=0         nv up ei pl nz na pe nc
cs=0008  ss=0010  ds=0023  es=0023  fs=0030  gs=0000             efl=00010202
USBPORT!USBPORT_BadRequestFlush+7c:
f832035c 894204           mov     [edx+0x4],eax     ds:0023:00000004=????????
`);
    const r = x.report;
    expect(r.context!.provenance!.detail).toBe('.trap');
    expect(r.context!.registers['eip']).toBe('0xf832035c');
    expect(r.system.arch).toBe('x86');
    const ex = r.extra as unknown as WinDbgTextExtra;
    expect(ex.registerBlocks.map((b) => [b.source, b.address])).toEqual([['r', undefined], ['.trap', '0x8013eee8']]);
    expect(ex.registerBlocks[1]!.symbol).toBe('USBPORT!USBPORT_BadRequestFlush+7c');
    expect(r.disassembly![0]!.annotation).toBe('ds:0023:00000004=????????');
  });
});

describe('disassembly', () => {
  it('reads address, bytes, mnemonic and operands, and labels from uf', () => {
    expect(parseInstructionLine('fffff880`0106f11e 488b31          mov     rsi,qword ptr [rcx]', 7)!.line).toEqual({ address: '0xfffff8800106f11e', bytes: '488b31', text: 'mov rsi,qword ptr [rcx]', provenance: { source: 'transcript', lines: [7, 7] } });
    expect(parseInstructionLine('0x8013cd0a  f3a4             rep movsb', 1)!.line.text).toBe('rep movsb');
    expect(parseInstructionLine('00000000 ???????????????    [The current instruction pointer is NULL.]', 1)).toBeNull();
    const r = parse(`0:000> uf MyApp!f
MyApp!f:
00007ff6\`3be11000 4883ec28        sub     rsp,28h
00007ff6\`3be11004 85c9            test    ecx,ecx
00007ff6\`3be11006 7405            je      MyApp!f+0xd (00007ff6\`3be1100d)

MyApp!f+0x8:
00007ff6\`3be11008 e803000000      call    MyApp!g (00007ff6\`3be11010)

MyApp!f+0xd:
00007ff6\`3be1100d c3              ret
`).report;
    expect(r.disassembly!.map((d) => [d.address, d.symbol])).toEqual([
      ['0x7ff63be11000', 'MyApp!f'], ['0x7ff63be11004', undefined], ['0x7ff63be11006', undefined], ['0x7ff63be11008', 'MyApp!f+0x8'], ['0x7ff63be1100d', 'MyApp!f+0xd'],
    ]);
    // The instruction bytes become memory: contiguous runs merge.
    expect(r.knownMemory!.map((k) => [k.address, k.bytes])).toEqual([['0x7ff63be11000', '4883ec2885c97405e803000000c3']]);
    expect(r.warnings).toEqual([]);
  });
});

describe('memory dumps', () => {
  const L = (s: string) => splitLines(s);
  it('reads db with the dash, ?? as unreadable', () => {
    const m = parseMemoryDump('db', L('00000000`0012ff00  01 02 03 04 05 06 07 08-09 0a 0b 0c 0d 0e 0f 10  ................\nffffffff`00000090  ?? ?? ?? ?? ?? ?? ?? ??-?? ?? ?? ?? ?? ?? ?? ??  ????????????????'));
    expect(m.chunks).toHaveLength(1);
    expect(Array.from(m.chunks[0]!.bytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(m.unreadable).toEqual([{ address: 0xffffffff00000090n, size: 16, line: 2 }]);
  });
  it('does not read the ASCII column of a short db line as bytes', () => {
    const m = parseMemoryDump('db', L('00000000`0012ff00  61 62 20 63 64                                   ab cd'));
    expect(Array.from(m.chunks[0]!.bytes)).toEqual([0x61, 0x62, 0x20, 0x63, 0x64]);
  });
  it('reads dd (uppercase 0x address and trailing ASCII), dq across lines, dps with symbols and dw', () => {
    const dd = parseMemoryDump('dd', L('0xFE40CAF8  fe40cd88 fe40cbc4                   ..@...@.'));
    expect(Array.from(dd.chunks[0]!.bytes)).toEqual([0x88, 0xcd, 0x40, 0xfe, 0xc4, 0xcb, 0x40, 0xfe]);
    const dq = parseMemoryDump('dq', L('fffffa80`08e13300  00000000`00000001 fffff8a0`0d106d58\nfffffa80`08e13310  00000000`00000002 ????????`????????'));
    expect(dq.chunks).toHaveLength(1);
    expect(dq.chunks[0]!.bytes.length).toBe(24);
    expect(dq.unreadable).toEqual([{ address: 0xfffffa8008e13318n, size: 8, line: 2 }]);
    const dps = parseMemoryDump('dps', L('fffff880`05f46330  fffff880`0106c460 fltmgr!FltpPerformPreCallbacks+0x730\nfffff880`05f46338  00000000`00000000'));
    expect(dps.chunks[0]!.bytes.length).toBe(16);
    const dw = parseMemoryDump('dw', L('0012ff00  0102 0304'));
    expect(Array.from(dw.chunks[0]!.bytes)).toEqual([2, 1, 4, 3]);
  });
  it('answers reads from what the text showed, and nothing else', () => {
    const mem = new TranscriptMemory(8, [
      { address: 0x1000n, bytes: Uint8Array.from([1, 2, 3, 4]) },
      { address: 0x1004n, bytes: Uint8Array.from([5, 6]) },
      { address: 0x2000n, bytes: Uint8Array.from([9]) },
    ]);
    expect(Array.from(mem.read(0x1002n, 4)!)).toEqual([3, 4, 5, 6]);
    expect(mem.read(0x1002n, 5)).toBeNull();
    expect(mem.read(0x3000n, 1)).toBeNull();
    expect(Array.from(mem.readPartial(0x1004n, 10))).toEqual([5, 6]);
    expect([...mem.ranges()].map((r) => [r.address, r.size])).toEqual([[0x1000n, 6], [0x2000n, 1]]);
  });
});

describe('!pool, dt, lm, vertarget, .lastevent', () => {
  it('reads a modern !pool line with process billing', () => {
    const ex = extraOf(`0: kd> !pool ffffe000123450a0
Pool page ffffe000123450a0 region is Nonpaged pool
*ffffe00012345000 size:  1f0 previous size:    0  (Allocated) *Irp  Process: ffffe0000fa3d080
		Pooltag Irp  : Io, IRP packets
 ffffe000123451f0 size:   10 previous size:  1f0  (Free)       Free
`);
    expect(ex.pools[0]!.markedBlock).toMatchObject({ tag: 'Irp', note: 'Process: ffffe0000fa3d080', marked: true });
    expect(ex.pools[0]!.tagDescription).toMatchObject({ tag: 'Irp', description: 'Io, IRP packets' });
    expect(ex.pools[0]!.blocks[1]).toMatchObject({ allocated: false, tag: 'Free' });
  });
  it('reads dt layouts with arrays, static fields and nested /b output', () => {
    const ex = extraOf(`kd> dt nt!_KTHREAD
   +0x000 Header           : _DISPATCHER_HEADER
   +0x018 CycleTime        : Uint8B
   +0x1b8 WaitBlock        : [4] _KWAIT_BLOCK
   =fffff800\`02c60e90 KiStatic : Ptr64 Void
kd> dt _UNICODE_STRING 0x1000 -b
fltmgr!_UNICODE_STRING
   +0x000 Length           : 0xa4
   +0x008 Buffer           : 0xfffff8a0\`0d106e10  "\\Device"
`);
    const [layout, value] = ex.types;
    expect(layout!.typeName).toBe('_KTHREAD');
    expect(layout!.fields.map((f) => [f.offset, f.name, f.type])).toEqual([
      ['0x000', 'Header', '_DISPATCHER_HEADER'], ['0x018', 'CycleTime', 'Uint8B'], ['0x1b8', 'WaitBlock', '[4] _KWAIT_BLOCK'], ['fffff800`02c60e90', 'KiStatic', 'Ptr64 Void'],
    ]);
    expect(value).toMatchObject({ typeName: '_UNICODE_STRING', module: 'fltmgr', expanded: true, address: '0x1000' });
    expect(value!.fields[1]).toMatchObject({ numeric: '0xfffff8a00d106e10', address: '0x1008', value: '0xfffff8a0`0d106e10  "\\Device"' });
    const proc = extraOf(`kd> dt nt!_EPROCESS ffffe000\`12345678 ImageFileName
   +0x450 ImageFileName    : [15]  "System"
`).types[0]!;
    expect(proc.fields[0]).toMatchObject({ type: '[15]', value: '"System"', address: '0xffffe00012345ac8' });
  });
  it('reads lm and lmv with the unloaded list', () => {
    const r = parse(`kd> lmv m fltmgr
start             end                 module name
fffff880\`01062000 fffff880\`010ae000   fltmgr     (pdb symbols)          c:\\symbols\\fltmgr.pdb\\1234\\fltmgr.pdb
    Loaded symbol image file: fltmgr.sys
    Image path: \\SystemRoot\\system32\\drivers\\fltmgr.sys
    Image name: fltmgr.sys
    Timestamp:        Tue Jul 14 01:19:59 2009 (4A5BC11F)
    CheckSum:         00051D6C
    ImageSize:        0004C000
    File version:     6.1.7600.16385
kd> lm
start    end        module name
804d7000 806eb100   nt         (pdb symbols)
Unloaded modules:
f8c2e000 f8c3b000   crashdmp.sys
`).report;
    expect(r.modules).toHaveLength(3);
    expect(r.modules[0]).toMatchObject({ name: 'fltmgr.sys', base: '0xfffff88001062000', size: '0x4c000', version: '6.1.7600.16385', timestamp: 0x4a5bc11f, checksum: '0x51d6c', debugFile: 'fltmgr.pdb', path: '\\SystemRoot\\system32\\drivers\\fltmgr.sys' });
    expect(r.modules[1]).toMatchObject({ name: 'nt', base: '0x804d7000', size: '0x214100' });
    expect(r.modules[2]).toMatchObject({ name: 'crashdmp.sys', unloaded: true });
    expect(r.warnings).toEqual([]);
  });
  it('reads vertarget and .lastevent', () => {
    const r = parse(`0: kd> vertarget
Windows 7 Kernel Version 7601 (Service Pack 1) MP (4 procs) Free x64
Product: WinNt, suite: TerminalServer SingleUserTS
Built by: 7601.17514.amd64fre.win7sp1_rtm.101119-1850
Machine Name:
Kernel base = 0xfffff800\`02a1b000 PsLoadedModuleList = 0xfffff800\`02c60e90
Debug session time: Thu Aug  4 15:25:05.813 2011 (UTC - 4:00)
System Uptime: 0 days 2:11:02.281
0: kd> .lastevent
Last event: 1450.1424: Integer divide-by-zero - code c0000094 (first chance)
  debugger time: Thu Aug  4 15:30:00.000 2011 (UTC - 4:00)
`).report;
    expect(r.system).toMatchObject({ arch: 'x64', osBuild: 7601, processors: 4, buildString: '7601.17514.amd64fre.win7sp1_rtm.101119-1850' });
    expect(r.crashTime).toBe('2011-08-04T19:25:05.813Z');
    expect(r.uptimeSeconds).toBe(2 * 3600 + 11 * 60 + 2);
    const ex = r.extra as unknown as WinDbgTextExtra;
    expect(ex.vertarget!.kernelBase).toBe('0xfffff80002a1b000');
    expect(ex.lastEvent).toMatchObject({ processId: 0x1450, threadId: 0x1424, code: '0xc0000094', firstChance: true });
    expect(debugTimeToIso('nonsense')).toBeUndefined();
  });
  it('reads OSBUILD and Win10 BUGCHECK_CODE keys', () => {
    const r = parse(`2: kd> !analyze -v
BUGCHECK_CODE:  3b

BUGCHECK_P1: c0000005

BUGCHECK_P2: fffff80123456789

BUGCHECK_P3: ffffe00011112222

BUGCHECK_P4: 0

OSBUILD:  19041

PROCESS_NAME:  System
`).report;
    expect(r.bugcheck).toEqual({ code: '0x3b', args: ['0xc0000005', '0xfffff80123456789', '0xffffe00011112222', '0x0'] });
    expect(r.exception).toMatchObject({ code: '0xc0000005', address: '0xfffff80123456789' });
    expect(r.system.osBuild).toBe(19041);
  });
});

describe('robustness', () => {
  const seedLike = `2: kd> !analyze -v
SYSTEM_SERVICE_EXCEPTION (3b)
Arguments:
Arg1: 00000000c0000005, Exception code that caused the bugcheck
Arg2: fffff8800106f141, Address of the instruction

FAILURE_BUCKET_ID:  X64_0x3B_fltmgr!TreeUnlinkMulti+51

2: kd> dq @rcx l1
fffffa80\`08e13318  fffff8a0\`0d106d58
`;
  it('reads CRLF, tabs and mixed case the same', () => {
    const base = parse(seedLike).report;
    const crlf = parse(seedLike.replace(/\n/g, '\r\n')).report;
    const tabs = parse(seedLike.replace(/ {2}/g, '\t')).report;
    const upper = parse(seedLike.replace('!analyze -v', '!ANALYZE -V').replace('dq @rcx', 'DQ @RCX').replace('08e13318', '08E13318')).report;
    for (const r of [crlf, tabs, upper]) {
      expect(r.bugcheck).toEqual(base.bugcheck);
      expect(r.bucket).toBe('X64_0x3B_fltmgr!TreeUnlinkMulti+51');
      expect(r.knownMemory![0]!.bytes).toBe('586d100da0f8ffff');
    }
  });
  it('reads pasted fragments: a lone STACK_TEXT, a headerless k listing inside prose, Windows 10 Key/Value pairs', () => {
    const stackText = parse(`STACK_TEXT:
fffff880\`05f46330 fffff880\`0106c460 : fffffa80\`07a96920 fffffa80\`07e5b550 fffffa80\`07a96920 00000000\`00000000 : fltmgr!TreeUnlinkMulti+0x51
fffff880\`05f46380 fffff880\`0106cbe9 : fffff880\`05f48000 00000000\`00000002 00000000\`00000000 00000000\`00000000 : fltmgr!FltpPerformPreCallbacks+0x730
`).report;
    expect(stackText.stack).toHaveLength(2);
    expect(stackText.warnings).toEqual([]);
    const forum = parse(`Here is my crash, any idea?
fffff880\`06678208 fffff800\`02afcb19 nt!KeBugCheckEx
fffff880\`06678210 fffff800\`02a7cfee nt! ?? ::FNODOBFM::\`string'+0x40edb
fffff880\`06678370 fffff800\`02a624ae nt!KiPageFault+0x16e
thanks
`).report;
    expect(forum.stack.map((f) => f.function)).toEqual(['KeBugCheckEx', "?? ::FNODOBFM::`string'", 'KiPageFault']);
    expect(forum.warnings).toHaveLength(1);
    const win10 = extraOf(`0: kd> !analyze -v
KEY_VALUES_STRING: 1

    Key  : Analysis.CPU.mSec
    Value: 2375

BUGCHECK_CODE:  3b
`);
    expect(win10.analyze).toMatchObject({ KEY_VALUES_STRING: '1', 'Analysis.CPU.mSec': '2375', BUGCHECK_CODE: '3b' });
  });
  it('turns text that is not a transcript into a warning, not an exception', () => {
    const r = parse('hello world\nthis is not a debugger log\n').report;
    expect(r.warnings.some((w) => w.includes('no WinDbg output'))).toBe(true);
    expect(parse('').report.warnings.length).toBeGreaterThan(0);
  });
  it('reads a truncated transcript: the bug check without its Arguments', () => {
    const r = parse('kd> !analyze -v\nSYSTEM_SERVICE_EXCEPTION (3b)\nAn exception happened').report;
    expect(r.bugcheck).toEqual({ code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: [] });
  });
});
