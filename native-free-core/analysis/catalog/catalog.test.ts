import { describe, expect, it } from 'vitest';
import { BUGCHECK_DETAILS, type BugcheckDetails } from './bugcheck-args';
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

describe('bug check argument details', () => {
  const entries = Object.entries(BUGCHECK_DETAILS);
  const indexFields = ['exceptionCodeArg', 'faultAddressArg', 'exceptionRecordArg', 'contextRecordArg', 'trapFrameArg', 'memoryArg'] as const;
  const details = (code: string): BugcheckDetails => lookupBugcheck(code)!.details!;

  it('covers the documented codes with a description and four argument texts each', () => {
    expect(entries.length).toBeGreaterThan(250);
    for (const [key, d] of entries) {
      expect(d.description.trim(), key).not.toBe('');
      expect(d.args, key).toHaveLength(4);
      for (const a of d.args) expect(a.trim(), key).not.toBe('');
    }
  });

  it('keys are lower-case hex codes that the name table knows (not aliases)', () => {
    for (const [key, d] of entries) {
      expect(key, key).toMatch(/^[1-9a-f][0-9a-f]*$/);
      const e = lookupBugcheck('0x' + key);
      expect(e?.code, key).toBe('0x' + key);
      expect(e?.aliasOf, key).toBeUndefined();
      expect(e?.details, key).toBe(d);
    }
  });

  it('index fields are 0-3 and point at an argument that says what they claim', () => {
    const says: Record<(typeof indexFields)[number], RegExp> = {
      exceptionCodeArg: /exception code/i,
      faultAddressArg: /address|program counter/i,
      exceptionRecordArg: /exception record/i,
      contextRecordArg: /context record/i,
      trapFrameArg: /trap frame/i,
      memoryArg: /address|memory/i,
    };
    for (const [key, d] of entries) {
      for (const f of indexFields) {
        const i = d[f];
        if (i === undefined) continue;
        expect([0, 1, 2, 3], `${key}.${f}`).toContain(i);
        expect(d.args[i], `${key}.${f}`).toMatch(says[f]);
      }
    }
  });

  it('matches the reference for the well-known codes', () => {
    expect(details('0x9f').args[0]).toMatch(/subtype/i);
    expect(details('0x9f').args[3]).toMatch(/IRP/);
    expect(details('0xc4').args[0]).toMatch(/type of violation/i);
    expect(details('0xc4').args[1]).toMatch(/depends/i);
    expect(details('0xd1')).toMatchObject({ memoryArg: 0, faultAddressArg: 3 });
    expect(details('0xd1').args[1]).toMatch(/IRQL/);
    expect(details('0x50')).toMatchObject({ memoryArg: 0, faultAddressArg: 2 });
    expect(details('0x139')).toMatchObject({ trapFrameArg: 1, exceptionRecordArg: 2 });
    expect(details('0x139').args[0]).toMatch(/type of corruption/i);
    expect(details('0x133').args[0]).toMatch(/DPC/);
    expect(details('0xef').args[0]).toMatch(/process object/i);
    expect(details('0x1e')).toMatchObject({ exceptionCodeArg: 0, faultAddressArg: 1 });
    expect(details('0x1e').contextRecordArg).toBeUndefined();
    expect(details('0x7e')).toMatchObject({ exceptionCodeArg: 0, faultAddressArg: 1, exceptionRecordArg: 2, contextRecordArg: 3 });
    expect(details('0x3b')).toMatchObject({ exceptionCodeArg: 0, faultAddressArg: 1, contextRecordArg: 2 });
    expect(details('0x3b').exceptionRecordArg).toBeUndefined();
    expect(details('0x124').args[1]).toMatch(/WHEA_ERROR_RECORD/);
    expect(details('0x8e')).toMatchObject({ exceptionCodeArg: 0, trapFrameArg: 2 });
  });

  it('describes codes that had no details before, including the type-dependent ones', () => {
    expect(details('0x10f')).toMatchObject({ exceptionRecordArg: 0, contextRecordArg: 1 });
    expect(details('0x149')).toMatchObject({ exceptionRecordArg: 1, contextRecordArg: 2, faultAddressArg: 3 });
    expect(details('0x23')).toMatchObject({ exceptionRecordArg: 1, contextRecordArg: 2 });
    expect(details('0x2e').args[1]).toMatch(/physical address/i);
    expect(details('0xa5').args.slice(1).every((a) => /depends on arg1/i.test(a))).toBe(true);
    expect(details('0xea').args[0]).toMatch(/stuck thread/i);
    expect(details('0x1000008e').trapFrameArg).toBe(2);
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
