import { describe, expect, it } from 'vitest';
import { addr, frameName, parseAddressInput, pointerText, qwordText, stackText, toBigInt, windbgProse } from './format';

describe('WinDbg notation in the UI', () => {
  it('prints addresses with the backtick on x64 and plain on x86', () => {
    expect(addr('0xfffff8800106f141')).toBe('fffff880`0106f141');
    expect(addr('0x40429e', 32)).toBe('0040429e');
    expect(addr(undefined)).toBe('');
    expect(addr('garbage')).toBe('garbage');
  });

  it('names frames module!symbol+0x51, module+offset, or by address', () => {
    expect(frameName({ module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51', address: '0x1' })).toBe('fltmgr!TreeUnlinkMulti+0x51');
    expect(frameName({ module: 'test_app', offset: '0x429e', address: '0x40429e' })).toBe('test_app+0x429e');
    expect(frameName({ address: '0x77320eba' })).toBe('00000000`77320eba');
    expect(frameName({ module: 'nt', function: 'KeBugCheckEx', offset: '0x0', address: '0x1' })).toBe('nt!KeBugCheckEx');
  });

  it('copies a stack as kn-style text', () => {
    const text = stackText([
      { index: 0, address: '0xfffff8800106f141', sp: '0xfffff88005f46330', returnAddress: '0xfffff8800106c460', module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51', trust: 'transcript' },
      { index: 1, address: '0xfffff8800106c460', module: 'fltmgr', function: 'FltpPerformPreCallbacks', offset: '0x730', trust: 'transcript', file: 'c:\\src\\fltmgr\\callback.c', line: 12 },
    ]);
    expect(text.split('\n')).toEqual([
      '00 fffff880`05f46330 fffff880`0106c460 fltmgr!TreeUnlinkMulti+0x51',
      '01                                     fltmgr!FltpPerformPreCallbacks+0x730 [c:\\src\\fltmgr\\callback.c @ 12]',
    ]);
  });

  it('reads what people type as an address', () => {
    expect(parseAddressInput('fffff8a0`0d106d58')).toBe('0xfffff8a00d106d58');
    expect(parseAddressInput(' 0x7C90EB94 ')).toBe('0x7c90eb94');
    expect(parseAddressInput('rsi')).toBeUndefined();
    expect(parseAddressInput('12345678901234567')).toBeUndefined();
    expect(toBigInt('fffff880`0106f141')).toBe(0xfffff8800106f141n);
  });

  it('shows a qword, or question marks when the dump lacks a byte', () => {
    expect(qwordText([0x58, 0x6d, 0x10, 0x0d, 0xa0, 0xf8, 0xff, 0xff])).toBe('fffff8a0`0d106d58');
    expect(qwordText([0x58, null, 0, 0, 0, 0, 0, 0])).toBe('????????`????????');
  });

  it('writes 64-bit addresses inside prose with the backtick, leaving small numbers alone', () => {
    expect(windbgProse('CONTEXT at 0xffff850429891720 (DUMP_HEADER64.BugCheckParameter4)')).toBe('CONTEXT at ffff8504`29891720 (DUMP_HEADER64.BugCheckParameter4)');
    expect(windbgProse('offset 0x51 of 0x1000')).toBe('offset 0x51 of 0x1000');
    expect(windbgProse('at 0x7c90eb94', 32)).toBe('at 0x7c90eb94');
  });

  it('prints pointer-sized values the way dq (x64) and dd (x86) do', () => {
    expect(pointerText([0x58, 0x6d, 0x10, 0x0d, 0xa0, 0xf8, 0xff, 0xff], 64)).toBe('fffff8a0`0d106d58');
    expect(pointerText([0xb4, 0xb6, 0x22, 0x00], 32)).toBe('0022b6b4');
    expect(pointerText([0xb4, null, 0x22, 0x00], 32)).toBe('????????');
  });
});
