import { describe, expect, it } from 'vitest';
import { allBugchecks, describeBugcheckArgs, lookupBugcheck } from './bugchecks';
import { lookupFastFail, lookupNtStatus, ntStatusCount } from './ntstatus';
import { defaultPoolTags, lookupPoolTag, parsePoolTagText } from './pool-tags';

describe('bug check catalog', () => {
  it('names the seed and corpus codes', () => {
    expect(lookupBugcheck('0x3b')?.name).toBe('SYSTEM_SERVICE_EXCEPTION');
    expect(lookupBugcheck(0x50)?.name).toBe('PAGE_FAULT_IN_NONPAGED_AREA');
    expect(lookupBugcheck('0xd1')?.name).toBe('DRIVER_IRQL_NOT_LESS_OR_EQUAL');
    expect(lookupBugcheck('0xc4')?.name).toBe('DRIVER_VERIFIER_DETECTED_VIOLATION');
    expect(lookupBugcheck('0x9f')?.name).toBe('DRIVER_POWER_STATE_FAILURE');
    expect(lookupBugcheck('0xa')?.name).toBe('IRQL_NOT_LESS_OR_EQUAL');
    expect(lookupBugcheck('0x1e')?.name).toBe('KMODE_EXCEPTION_NOT_HANDLED');
  });

  it('resolves the 0x1000_00xx aliases with the base meanings', () => {
    const e = lookupBugcheck('0x1000007e')!;
    expect(e).toMatchObject({ code: '0x1000007e', name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M', aliasOf: '0x7e' });
    expect(e.details?.contextRecordArg).toBe(3);
    expect(lookupBugcheck('0x1000000a')?.name).toBe('IRQL_NOT_LESS_OR_EQUAL_M');
  });

  it('has unique codes and describes each argument of common codes', () => {
    const all = allBugchecks();
    expect(all.length).toBeGreaterThan(350);
    expect(new Set(all.map((b) => b.code)).size).toBe(all.length);
    const d = describeBugcheckArgs('0x3b', ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0']);
    expect(d[0]!.meaning).toMatch(/exception code/i);
    expect(d[2]!.meaning).toMatch(/context record/i);
    expect(describeBugcheckArgs('0x12345', ['0x1'])[0]!.meaning).toBeUndefined();
    expect(lookupBugcheck('not hex')).toBeUndefined();
  });
});

describe('NTSTATUS catalog', () => {
  it('names common codes, sign-extended or not', () => {
    expect(ntStatusCount()).toBeGreaterThan(200);
    expect(lookupNtStatus('0xc0000005')?.name).toBe('STATUS_ACCESS_VIOLATION');
    expect(lookupNtStatus('0xffffffffc0000005')?.name).toBe('STATUS_ACCESS_VIOLATION');
    expect(lookupNtStatus('0xc0000409')?.name).toBe('STATUS_STACK_BUFFER_OVERRUN');
    expect(lookupNtStatus('0xc000001d')?.name).toBe('STATUS_ILLEGAL_INSTRUCTION');
    expect(lookupNtStatus('0xc0000374')?.name).toBe('STATUS_HEAP_CORRUPTION');
    expect(lookupNtStatus('0x80000003')?.name).toBe('STATUS_BREAKPOINT');
    expect(lookupNtStatus('0xc0000094')?.name).toBe('STATUS_INTEGER_DIVIDE_BY_ZERO');
    expect(lookupNtStatus('0x12300000005')).toBeUndefined();
  });

  it('names fail-fast subcodes', () => {
    expect(lookupFastFail(3)?.name).toBe('FAST_FAIL_CORRUPT_LIST_ENTRY');
    expect(lookupFastFail('0x7')?.name).toBe('FAST_FAIL_FATAL_APP_EXIT');
  });
});

describe('pool tags', () => {
  it('parses pooltag.txt lines, comments and short tags', () => {
    const t = parsePoolTagText('rem comment\n// another\nFMsl - fltmgr.sys - STREAM_LIST_CTRL structure\nIo   - nt!io - general IO allocations\r\nbad line\n');
    expect(t.size).toBe(2);
    expect(t.get('FMsl')).toEqual({ tag: 'FMsl', binary: 'fltmgr.sys', description: 'STREAM_LIST_CTRL structure' });
    expect(lookupPoolTag(t, 'Io')?.binary).toBe('nt!io');
  });

  it('knows the seed tags', () => {
    expect(lookupPoolTag(defaultPoolTags(), 'FMsl')?.description).toBe('STREAM_LIST_CTRL structure');
    expect(lookupPoolTag(defaultPoolTags(), 'FMfn')?.description).toBe('NAME_CACHE_NODE structure');
  });
});
