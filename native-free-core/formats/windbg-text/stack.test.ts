import { describe, expect, it } from 'vitest';
import { parseWinDbgText } from './index';
import { parseSymbol } from './symbol';
import type { WinDbgTextExtra } from './types';

const stackOf = (text: string) => parseWinDbgText(text, 't.txt').report;
const sym = (f: { module?: string; function?: string; offset?: string }) => `${f.module ?? ''}!${f.function ?? ''}${f.offset ? '+' + f.offset : ''}`;

describe('parseSymbol', () => {
  it('splits module, function and offset in all the notations WinDbg prints', () => {
    expect(parseSymbol('fltmgr!TreeUnlinkMulti+0x51')).toEqual({ module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51' });
    expect(parseSymbol('fltmgr!TreeUnlinkMulti+51')).toEqual({ module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51' });
    expect(parseSymbol("nt! ?? ::FNODOBFM::`string'+0x40edb")).toEqual({ module: 'nt', function: "?? ::FNODOBFM::`string'", offset: '0x40edb' });
    expect(parseSymbol('MyApp!FatalErrorBox+0x55 [D:\\src\\util.c @ 541]')).toEqual({ module: 'MyApp', function: 'FatalErrorBox', offset: '0x55', file: 'D:\\src\\util.c', line: 541 });
    expect(parseSymbol('MyDriver+0x1234')).toEqual({ module: 'MyDriver', offset: '0x1234' });
    expect(parseSymbol('0x77320eba')).toEqual({ address: '0x77320eba' });
    expect(parseSymbol('0x00007ff6`3be1154e')).toEqual({ address: '0x7ff63be1154e' });
    expect(parseSymbol('MyApp!Foo(int a = 0n5, char * b = 0x00000000`00000000 "")+0x12')).toEqual({ module: 'MyApp', function: 'Foo', offset: '0x12' });
    expect(parseSymbol('MyApp!Lambda::operator()+0x8')).toEqual({ module: 'MyApp', function: 'Lambda::operator()', offset: '0x8' });
    expect(parseSymbol('NT!_KiTrap0E+0x256 (FPO: [0,0] TrapFrame @ 8013eee8)')).toEqual({ module: 'NT', function: '_KiTrap0E', offset: '0x256' });
    expect(parseSymbol('ntdll!PropertyLengthAsVariant+0x00000073')).toEqual({ module: 'ntdll', function: 'PropertyLengthAsVariant', offset: '0x73' });
    expect(parseSymbol('nt!KeBugCheckEx')).toEqual({ module: 'nt', function: 'KeBugCheckEx' });
  });
});

describe('stack listings', () => {
  it('reads kn with frame numbers, an inline frame, source lines and a raw-address frame', () => {
    const r = stackOf(`0:000> kn
 # Child-SP          RetAddr               Call Site
00 00000063\`2036f7e0 00007ff6\`3be110b8     MyApp!MyFunction+0x44 [c:\\myapp\\myapp.cpp @ 7]
01 (Inline Function) --------\`--------     MyApp!Inlined+0x5 [c:\\myapp\\a.h @ 3]
02 00000063\`2036f800 00007ff6\`3be1141d     MyApp!main+0x38
03 00000063\`2036f840 00000000\`00000000     0x00007ff6\`3be1141d
`);
    expect(r.stack.map(sym)).toEqual(['MyApp!MyFunction+0x44', 'MyApp!Inlined+0x5', 'MyApp!main+0x38', '!']);
    expect(r.stack[1]).toMatchObject({ inline: true, address: '0x7ff63be110b8', file: 'c:\\myapp\\a.h', line: 3 });
    expect(r.stack[1]!.sp).toBeUndefined();
    expect(r.stack[2]!.address).toBe('0x7ff63be110b8');
    expect(r.stack[3]!.address).toBe('0x7ff63be1141d');
    expect(r.stack[0]!.sp).toBe('0x632036f7e0');
    expect(r.warnings).toEqual([]);
  });

  it('reads x64 kb with the Args columns and kv trap-frame notes', () => {
    const r = stackOf(`3: kd> kv
Child-SP          RetAddr           : Args to Child                                                           : Call Site
fffff880\`06678208 fffff800\`02afcb19 : 00000000\`00000050 ffffffff\`00000090 00000000\`00000000 fffff880\`06678370 : nt!KeBugCheckEx
fffff880\`06678370 fffff800\`02a624ae : 00000000\`00000000 00000000\`00000000 00000000\`00000000 00000000\`00000000 : nt!KiPageFault+0x16e (TrapFrame @ fffff880\`06678370)
`);
    expect(r.stack).toHaveLength(2);
    expect(r.stack[0]!.args).toEqual(['0x50', '0xffffffff00000090', '0x0', '0xfffff88006678370']);
    expect(sym(r.stack[1]!)).toBe('nt!KiPageFault+0x16e');
    expect(r.stack[1]!.address).toBe('0xfffff80002afcb19');
  });

  it('reads kp parameter lists and kc bare call sites', () => {
    const kp = stackOf(`kd> kp
Child-SP          RetAddr           Call Site
fffff880\`06678208 fffff800\`02afcb19 nt!KeBugCheckEx(unsigned long BugCheckCode = 0x3b, unsigned int64 P1 = 0xc0000005)
fffff880\`06678210 fffff800\`02a7cfee nt!KiPageFault(void)+0x16e
`);
    expect(kp.stack.map(sym)).toEqual(['nt!KeBugCheckEx', 'nt!KiPageFault+0x16e']);
    const kc = stackOf(`0:000> kc
 # Call Site
00 ntdll!NtWaitForSingleObject
01 KERNELBASE!WaitForSingleObjectEx+0x9a
02 MyApp!main
`);
    expect(kc.stack.map(sym)).toEqual(['ntdll!NtWaitForSingleObject', 'KERNELBASE!WaitForSingleObjectEx+0x9a', 'MyApp!main']);
    expect(kc.stack.every((f) => f.address === '0x0')).toBe(true);
  });

  it('reads x86 k without arguments and x86 kb with arguments', () => {
    const r = stackOf(`0:000> k
ChildEBP RetAddr
0012f8d4 7c90e9c0 ntdll!KiFastSystemCallRet
0012f8d8 7c8025db ntdll!ZwWaitForSingleObject+0xc
`);
    expect(r.stack.map(sym)).toEqual(['ntdll!KiFastSystemCallRet', 'ntdll!ZwWaitForSingleObject+0xc']);
    expect(r.stack[1]).toMatchObject({ address: '0x7c90e9c0', sp: '0x12f8d8', returnAddress: '0x7c8025db' });
    expect(r.stack[1]!.args).toBeUndefined();
    expect(r.system.arch).toBe('x86');
  });

  it('joins a STACK_TEXT row wrapped inside its arguments and a kb row whose call site wrapped', () => {
    const r = stackOf(`kd> !analyze -v
STACK_TEXT:
fffff880\`05f46330 fffff880\`0106c460 : fffffa80\`07a96920 fffffa80\`07e5b550
 fffffa80\`07a96920 00000000\`00000000 : fltmgr!TreeUnlinkMulti+0x51
fffff880\`05f46380 fffff880\`0106cbe9 : fffff880\`05f48000 00000000\`00000002 00000000\`00000000 00000000\`00000000 : fltmgr!FltpPerformPreCallbacks+0x730

kd> kb
ChildEBP RetAddr  Args to Child
8013ef74 fe5620d2 fe5620da ff690268 80404690
NDIS!_EthFilterIndicateReceiveComplete+0x31
8013ef64 00000246 fe551aa1 ff690268 00000002 elnkii!_ElnkiiRcvInterruptDpc+0x1d0
`);
    const stacks = (r.extra as unknown as WinDbgTextExtra).stacks;
    expect(stacks[0]!.frames.map(sym)).toEqual(['fltmgr!TreeUnlinkMulti+0x51', 'fltmgr!FltpPerformPreCallbacks+0x730']);
    expect(stacks[0]!.frames[0]!.args).toHaveLength(4);
    expect(stacks[1]!.frames.map(sym)).toEqual(['NDIS!_EthFilterIndicateReceiveComplete+0x31', 'elnkii!_ElnkiiRcvInterruptDpc+0x1d0']);
    expect(stacks[1]!.frames[0]!.provenance!.lines).toEqual([9, 10]);
  });

  it('warns about lines in a stack listing it cannot read, and keeps the frames', () => {
    const r = stackOf(`0:000> k
ChildEBP RetAddr
WARNING: Stack unwind information not available. Following frames may be wrong.
0012f8d4 7c90e9c0 ntdll!KiFastSystemCallRet
`);
    expect(r.stack).toHaveLength(1);
    expect(r.warnings).toEqual(['line 3: the debugger warned: WARNING: Stack unwind information not available. Following frames may be wrong.']);
  });

  it('prefers the stack listed after .cxr over the bug check stack', () => {
    const r = stackOf(`kd> kb
ChildEBP RetAddr  Args to Child
8013ed5c 801263ba 00000000 00000000 fe40cb00 NT!_DbgBreakPoint
kd> .cxr fe40cbc4
eax=00087000 ebx=00000000 ecx=03ff0000 edx=ff63d000 esi=0362cfff edi=036b3fff
eip=8013cd0a esp=fe40ce50 ebp=fe40cef8 iopl=0         nv dn ei pl nz ac po cy
kd> kb
ChildEBP RetAddr  Args to Child
fe40ce54 80402e09 ff6c4000 ff63d000 03ff0000 NT!_RtlMoveMemory@12+0x3e
fe40ce68 80403c18 ffbc0c28 ff6ce008 ff6c4000 HAL!_HalpCopyBufferMap@20+0x49
`);
    expect(sym(r.stack[0]!)).toBe('NT!_RtlMoveMemory@12+0x3e');
    expect(r.stack[0]!.address).toBe('0x8013cd0a');
    expect(r.context!.provenance!.detail).toBe('.cxr');
  });

  it('splits ~*k into threads and takes the exception thread\'s stack', () => {
    const r = stackOf(`0:000> ~*k

   0  Id: 1450.1424 Suspend: 1 Teb: 00000063\`2014b000 Unfrozen
 # Child-SP          RetAddr           Call Site
00 00000063\`2036f7e0 00007ff6\`3be110b8 ntdll!NtWaitForSingleObject+0x14
01 00000063\`2036f800 00007ff6\`3be1141d KERNELBASE!WaitForSingleObjectEx+0x8e

#  1  Id: 1450.1a2c Suspend: 1 Teb: 00000063\`2014d000 Unfrozen
 # Child-SP          RetAddr           Call Site
00 00000063\`2046f7e0 00007ff6\`3be110b8 MyApp!Crash+0x10
01 00000063\`2046f800 00007ffc\`b1cf16ad MyApp!Worker+0x20
02 00000063\`2046f840 00000000\`00000000 KERNEL32!BaseThreadInitThunk+0x14
`);
    expect(r.threads.map((t) => [t.id, t.frames!.length, t.crashed])).toEqual([[0x1424, 2, undefined], [0x1a2c, 3, true]]);
    expect(r.stack.map(sym)).toEqual(['MyApp!Crash+0x10', 'MyApp!Worker+0x20', 'KERNEL32!BaseThreadInitThunk+0x14']);
    expect(r.crashingThreadId).toBe(0x1a2c);
    expect(r.processId).toBe(0x1450);
    expect(r.warnings).toEqual([]);
  });

  it('starts a STACK_TEXT at the CONTEXT pc when STACK_COMMAND says .cxr', () => {
    const r = stackOf(`kd> !analyze -v
CONTEXT:  fffff88005f45960 -- (.cxr 0xfffff88005f45960)
rax=fffffaf7072f96b0 rbx=0000000000000000 rcx=fffffa8008e13318
rip=fffff8800106f141 rsp=fffff88005f46330 rbp=fffffa8008e13318

STACK_TEXT:
fffff880\`05f46330 fffff880\`0106c460 : fffffa80\`07a96920 fffffa80\`07e5b550 fffffa80\`07a96920 00000000\`00000000 : fltmgr!SomethingElse+0x51

STACK_COMMAND:  .cxr 0xfffff88005f45960 ; kb
`);
    expect(r.stack[0]!.address).toBe('0xfffff8800106f141');
    expect(r.context!.provenance!.detail).toBe('!analyze CONTEXT');
  });

  it('attaches !thread output to its thread', () => {
    const r = stackOf(`2: kd> !thread
THREAD fffffa8007a96920  Cid 0abc.0def  Teb: 000007fffffd8000 Win32Thread: 0000000000000000 RUNNING on processor 2
Not impersonating
Child-SP          RetAddr           : Args to Child                                                           : Call Site
fffff880\`05f46330 fffff880\`0106c460 : fffffa80\`07a96920 fffffa80\`07e5b550 fffffa80\`07a96920 00000000\`00000000 : fltmgr!TreeUnlinkMulti+0x51
fffff880\`05f46380 fffff880\`0106cbe9 : fffff880\`05f48000 00000000\`00000002 00000000\`00000000 00000000\`00000000 : fltmgr!FltpPerformPreCallbacks+0x730
`);
    expect(r.threads.map((t) => [t.id, t.frames!.length])).toEqual([[0xdef, 2]]);
    expect(r.stack).toHaveLength(2);
  });
});
