import { describe, expect, it } from 'vitest';
import { parseWinDbgText } from './index';
import type { WinDbgTextExtra } from './types';

// The layout of a Windows 10 `!analyze -v` (KEY_VALUES_STRING, BUGCHECK_P1.., EXCEPTION_RECORD,
// CONTEXT, STACK_TEXT with padded colons), written for this test.
const WIN10 = `0: kd> !analyze -v
*******************************************************************************
*                                                                             *
*                        Bugcheck Analysis                                    *
*                                                                             *
*******************************************************************************

SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (7e)
This is a very common BugCheck.  Usually the exception address pinpoints
the driver/function that caused the problem.
Arguments:
Arg1: ffffffffc0000005, The exception code that was not handled
Arg2: fffff8064b8e1234, The address that the exception occurred at
Arg3: ffffd80c3b8e7a58, Exception Record Address
Arg4: ffffd80c3b8e7290, Context Record Address

Debugging Details:
------------------

KEY_VALUES_STRING: 1

    Key  : AV.Type
    Value: Read

BUGCHECK_CODE:  7e

BUGCHECK_P1: ffffffffc0000005

EXCEPTION_RECORD:  ffffd80c3b8e7a58 -- (.exr 0xffffd80c3b8e7a58)
ExceptionAddress: fffff8064b8e1234 (mydrv+0x0000000000001234)
   ExceptionCode: c0000005 (Access violation)
  ExceptionFlags: 00000000
NumberParameters: 2
   Parameter[0]: 0000000000000000
   Parameter[1]: 0000000000000010
Attempt to read from address 0000000000000010

CONTEXT:  ffffd80c3b8e7290 -- (.cxr 0xffffd80c3b8e7290)
rax=0000000000000000 rbx=ffffa50f3c2e4080 rcx=0000000000000000
rdx=0000000000000000 rsi=0000000000000000 rdi=ffffa50f3c2e4180
rip=fffff8064b8e1234 rsp=ffffd80c3b8e7c90 rbp=ffffd80c3b8e7d00
 r8=0000000000000000  r9=0000000000000000 r10=0000000000000000
r11=0000000000000000 r12=0000000000000000 r13=0000000000000000
r14=0000000000000000 r15=0000000000000000
iopl=0         nv up ei pl zr na po nc
cs=0010  ss=0018  ds=002b  es=002b  fs=0053  gs=002b             efl=00050246
mydrv+0x1234:
fffff806\`4b8e1234 488b4010        mov     rax,qword ptr [rax+10h] ds:002b:00000000\`00000010=????????????????
Resetting default scope

PROCESS_NAME:  System

READ_ADDRESS:  0000000000000010

STACK_TEXT:
ffffd80c\`3b8e7c90 fffff806\`3a8a5a35     : ffffa50f\`3c2e4080 ffffa50f\`3c2e4080 fffff806\`4b8e1200 00000000\`00000000 : mydrv+0x1234
ffffd80c\`3b8e7d00 fffff806\`3a9ff5a8     : ffffa50f\`3c2e4080 00000000\`00000080 fffff806\`4b8e1200 00000000\`00000000 : nt!PspSystemThreadStartup+0x55
ffffd80c\`3b8e7d50 00000000\`00000000     : ffffd80c\`3b8e8000 ffffd80c\`3b8e1000 00000000\`00000000 00000000\`00000000 : nt!KiStartSystemThread+0x28


SYMBOL_NAME:  mydrv+1234

MODULE_NAME: mydrv

IMAGE_NAME:  mydrv.sys

STACK_COMMAND:  .cxr 0xffffd80c3b8e7290 ; kb

FAILURE_BUCKET_ID:  AV_mydrv!unknown_function

OS_VERSION:  10.0.19041.1

OSPLATFORM_TYPE:  x64

Followup:     MachineOwner
---------
`;

describe('Windows 10 !analyze -v layout', () => {
  const r = parseWinDbgText(WIN10, 'win10.txt').report;
  it('reads bug check, exception record, context and stack', () => {
    expect(r.bugcheck).toEqual({ code: '0x7e', name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED', args: ['0xffffffffc0000005', '0xfffff8064b8e1234', '0xffffd80c3b8e7a58', '0xffffd80c3b8e7290'] });
    expect(r.exception).toMatchObject({ code: '0xc0000005', address: '0xfffff8064b8e1234', accessType: 'read', accessAddress: '0x10', name: 'STATUS_ACCESS_VIOLATION' });
    expect(r.context!.registers['rip']).toBe('0xfffff8064b8e1234');
    expect(r.stack.map((f) => [f.module, f.function, f.offset, f.address])).toEqual([
      ['mydrv', undefined, '0x1234', '0xfffff8064b8e1234'],
      ['nt', 'PspSystemThreadStartup', '0x55', '0xfffff8063a8a5a35'],
      ['nt', 'KiStartSystemThread', '0x28', '0xfffff8063a9ff5a8'],
    ]);
    expect(r.system).toMatchObject({ arch: 'x64', osBuild: 19041 });
    expect(r.process).toBe('System');
    expect(r.bucket).toBe('AV_mydrv!unknown_function');
    const ex = r.extra as unknown as WinDbgTextExtra;
    expect(ex.analyze['AV.Type']).toBe('Read');
    expect(ex.analyze['READ_ADDRESS']).toBe('0000000000000010');
    expect(r.disassembly![0]).toMatchObject({ symbol: 'mydrv+0x1234', annotation: 'ds:002b:00000000`00000010=????????????????' });
    expect(r.warnings).toEqual([]);
  });
});
