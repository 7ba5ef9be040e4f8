import { describe, expect, it } from 'vitest';
import { argumentClass, codeSimilarity, normalizeBugcheckCode } from './crash-code';
import { CountedFrameStats, frameWeight } from './frame-stats';
import { similarity, stackSimilarity } from './similarity';
import { reportFromCallSites } from './test-reports';

describe('stackSimilarity', () => {
  it('is 1 for identical stacks and 0 without a shared frame', () => {
    expect(stackSimilarity(['a!f', 'a!g', 'nt!h'], ['a!f', 'a!g', 'nt!h'])).toBeCloseTo(1, 12);
    expect(stackSimilarity(['a!f', 'a!g'], ['b!f', 'b!g'])).toBe(0);
    expect(stackSimilarity([], ['a!f'])).toBeNull();
  });

  it('is symmetric', () => {
    const a = ['a!f', 'x!y', 'a!g', 'nt!h', 'nt!k'];
    const b = ['a!g', 'a!f', 'nt!h', 'q!r'];
    expect(stackSimilarity(a, b)).toBeCloseTo(stackSimilarity(b, a)!, 12);
  });

  it('weighs frames near the top more', () => {
    const base = ['a!f', 'a!g', 'a!h', 'nt!x', 'nt!y'];
    const sameTop = ['a!f', 'a!g', 'a!h', 'b!p', 'b!q'];
    const sameBottom = ['c!p', 'c!q', 'c!r', 'nt!x', 'nt!y'];
    expect(stackSimilarity(base, sameTop)!).toBeGreaterThan(stackSimilarity(base, sameBottom)!);
  });

  it('keeps order: a crossed match counts once', () => {
    expect(stackSimilarity(['a!f', 'a!g'], ['a!g', 'a!f'])!).toBeLessThan(0.7);
  });

  it('weighs frames common across the library less (IDF)', () => {
    const stats = new CountedFrameStats([
      ['nt!KiSystemServiceCopyEnd', 'a!f'], ['nt!KiSystemServiceCopyEnd', 'b!f'], ['nt!KiSystemServiceCopyEnd', 'c!f'], ['nt!KiSystemServiceCopyEnd', 'd!rare'],
    ]);
    expect(frameWeight(stats, 'nt!KiSystemServiceCopyEnd')).toBeLessThan(frameWeight(stats, 'd!rare'));
    expect(frameWeight(stats, 'd!rare')).toBe(1);
    const q = ['x!top', 'd!rare', 'nt!KiSystemServiceCopyEnd'];
    const sharesRare = ['y!top', 'd!rare', 'z!other'];
    const sharesCommon = ['y!top', 'z!other', 'nt!KiSystemServiceCopyEnd'];
    expect(stackSimilarity(q, sharesRare, stats)!).toBeGreaterThan(stackSimilarity(q, sharesCommon, stats)!);
    // without stats the common frame, lower in the stack, weighs less only by position
    expect(stackSimilarity(q, sharesRare)!).toBeGreaterThan(stackSimilarity(q, sharesCommon)!);
  });
});

describe('code similarity', () => {
  it('treats 0x1000007e as 0x7e', () => {
    expect(normalizeBugcheckCode('0x1000007E')).toBe('0x7e');
    expect(normalizeBugcheckCode('0x3b')).toBe('0x3b');
  });

  it('classes bugcheck arguments', () => {
    expect(argumentClass('0xc0000005', 'x64')).toBe('status:c0000005');
    expect(argumentClass('0xffffffffc0000005', 'x64')).toBe('status:c0000005');
    expect(argumentClass('0xfffff8800106f141', 'x64')).toBe('kernel-address');
    expect(argumentClass('0x0000009d00000000', 'x64')).toBe('user-address');
    expect(argumentClass('0xfefefefefefefefe', 'x64')).toBe('non-canonical');
    expect(argumentClass('0x0')).toBe('zero');
    expect(argumentClass('0x2')).toBe('small:2');
    expect(argumentClass('0x8054a2c0', 'x86')).toBe('kernel-address');
  });

  it('scores the same stop with the same argument classes highest', () => {
    const mk = (code: string, args: string[]) => ({ bugcheck: { code, family: undefined, argClasses: args } });
    const a = { bugcheck: { code: '0x3b', family: 'unhandled-exception', argClasses: ['status:c0000005', 'kernel-address', 'kernel-address', 'zero'] } };
    const b = { bugcheck: { code: '0x3b', family: 'unhandled-exception', argClasses: ['status:c0000005', 'kernel-address', 'kernel-address', 'zero'] } };
    const c = { bugcheck: { code: '0x3b', family: 'unhandled-exception', argClasses: ['status:c0000096', 'kernel-address', 'kernel-address', 'zero'] } };
    const d = { bugcheck: { code: '0x7e', family: 'unhandled-exception', argClasses: [] } };
    expect(codeSimilarity(a, b)).toBe(1);
    expect(codeSimilarity(a, c)).toBeCloseTo(0.9);
    expect(codeSimilarity(a, d)).toBe(0.3);
    expect(codeSimilarity(mk('0x50', []), mk('0x9f', []))).toBe(0);
    expect(codeSimilarity(a, {})).toBeNull();
    expect(codeSimilarity(a, { exception: { code: '0xc0000005' } })).toBe(0);
    expect(codeSimilarity({ exception: { code: '0xc0000005', access: 'read' } }, { exception: { code: '0xc0000005', access: 'write' } })).toBe(0.7);
  });
});

describe('similarity of reports', () => {
  const frames = ['drv!Work+0x10', 'drv!Dispatch+0x20', 'nt!IofCallDriver+0x5', 'nt!KiSystemServiceCopyEnd+0x13'];

  it('combines the parts both reports have', () => {
    const a = reportFromCallSites(frames, { bugcheck: { code: '0x3b', args: ['0xc0000005', '0xfffff88001000000', '0xfffff88005f45960', '0x0'] } });
    const b = reportFromCallSites(frames, { bugcheck: { code: '0x3b', args: ['0xc0000005', '0xfffff88001000010', '0xfffff88005f40000', '0x0'] } });
    const r = similarity(a, b);
    expect(r.parts).toEqual({ stack: 1, code: 1, module: 1, findings: null });
    expect(r.score).toBe(1);
    const noCode = similarity(a, reportFromCallSites(frames));
    expect(noCode.parts.code).toBeNull();
    expect(noCode.score).toBe(1);
  });

  it('lowers the score for another stop and another faulting module', () => {
    const a = reportFromCallSites(frames, { bugcheck: { code: '0x3b', args: [] } });
    const b = reportFromCallSites(['other!Work+0x10', ...frames.slice(2)], { bugcheck: { code: '0x50', args: [] } });
    const r = similarity(a, b);
    expect(r.parts.code).toBe(0);
    expect(r.parts.module).toBe(0);
    expect(r.score).toBeLessThan(0.3);
    expect(r.score).toBeGreaterThan(0);
  });

  it('compares finding kinds (Jaccard) when both reports have findings', () => {
    const f = (kind: string) => ({ id: kind, kind, severity: 'high' as const, text: kind, evidence: [] });
    const a = reportFromCallSites(frames, { findings: [f('register-memory-mismatch'), f('non-canonical-pointer')] });
    const b = reportFromCallSites(frames, { findings: [f('register-memory-mismatch')] });
    expect(similarity(a, b).parts.findings).toBe(0.5);
  });
});

describe('reports without a stack', () => {
  it('cannot look more similar on the bugcheck alone than a report sharing the faulting frames', () => {
    const bc = { code: '0x3b', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] };
    const q = reportFromCallSites(['fltmgr!TreeUnlinkMulti+0x51', 'fltmgr!FltpDispatch+0xb7', 'nt!KiSystemServiceCopyEnd+0x13'], { bugcheck: bc });
    const codeOnly = reportFromCallSites([], { bugcheck: bc });
    const stackOnly = reportFromCallSites(['nt!RtlDeleteNoSplay+0x2a', 'fltmgr!TreeUnlinkMulti+0x148', 'fltmgr!FltpDispatch+0xcf']);
    const a = similarity(q, codeOnly);
    expect(a.parts.stack).toBeNull();
    expect(a.score).toBeCloseTo(0.2 / 0.9, 6);
    expect(similarity(q, stackOnly).score).toBeGreaterThan(a.score);
  });
});
