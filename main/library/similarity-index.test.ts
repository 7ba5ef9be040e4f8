import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileSimilarity } from '../../native-free-core/similarity/similarity';
import { reportFromCallSites } from '../../native-free-core/similarity/test-reports';
import { SEED_CRASH1_CALL_SITES, SEED_CRASH2_CALL_SITES } from '../../tests/eval/seed-stacks';
import { corpusReports } from '../../tests/eval/corpus-reports';
import { syntheticProfiles } from '../../tests/eval/synthetic-library';
import { Library } from './library';
import { loadSimilarityIndex, SimilarityIndex } from './similarity-index';

describe('SimilarityIndex', () => {
  it('returns the same top 20 as an exhaustive ranking', () => {
    const { profiles } = syntheticProfiles(3000, 3);
    const index = new SimilarityIndex();
    profiles.forEach((p, i) => index.add(i, p));
    for (const q of [0, 17, 512, 2999]) {
      const exhaustive = profiles
        .map((p, i) => ({ i, score: profileSimilarity(profiles[q]!, p, { stats: index }).score }))
        .filter((x) => x.i !== q)
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, 20);
      const got = index.topSimilar(q, 20);
      expect(got.map((g) => g.score)).toEqual(exhaustive.map((e) => e.score));
    }
  });

  it('counts document frequencies and forgets removed cases', () => {
    const index = new SimilarityIndex();
    index.add(1, reportFromCallSites(['a!f', 'nt!KiSystemServiceCopyEnd']));
    index.add(2, reportFromCallSites(['b!g', 'nt!KiSystemServiceCopyEnd']));
    index.add(3, reportFromCallSites(['a!f', 'a!f', 'a!h']));
    expect(index.caseCount).toBe(3);
    expect(index.caseCountWith('nt!KiSystemServiceCopyEnd')).toBe(2);
    expect(index.caseCountWith('a!f')).toBe(2);
    expect(index.topSimilar(1).map((s) => s.caseId)).toEqual([3, 2]);
    expect(index.remove(3)).toBe(true);
    expect(index.remove(3)).toBe(false);
    expect(index.caseCountWith('a!f')).toBe(1);
    expect(index.topSimilar(1).map((s) => s.caseId)).toEqual([2]);
    index.add(4, reportFromCallSites(['a!f', 'a!h']));
    expect(index.topSimilar(1)[0]!.caseId).toBe(4);
    expect(index.topSimilar(99)).toEqual([]);
  });

  it('answers for a report from outside the library', () => {
    const index = new SimilarityIndex();
    index.add(1, reportFromCallSites(SEED_CRASH1_CALL_SITES));
    index.add(2, reportFromCallSites(['usbport!USBPORT_BadRequestFlush+0x7c', 'nt!KiRetireDpcList+0x31']));
    const top = index.topSimilar(reportFromCallSites(SEED_CRASH2_CALL_SITES));
    expect(top[0]!.caseId).toBe(1);
    expect(top[0]!.parts.module).toBe(1);
  });

  it('groups linked cases by a threshold the caller chooses', () => {
    const index = new SimilarityIndex();
    const base = ['drv!Fault+0x1', 'drv!Caller+0x2', 'nt!IofCallDriver+0x3', 'nt!KiSystemServiceCopyEnd+0x13'];
    index.add(10, reportFromCallSites(base), { link: true });
    index.add(11, reportFromCallSites(['drv!Fault+0x9', 'drv!Caller+0x2', 'nt!IofCallDriver+0x3']), { link: true });
    index.add(12, reportFromCallSites(['other!Thing+0x1', 'other!Else+0x1', 'nt!KiSystemServiceCopyEnd+0x13']), { link: true });
    const strict = index.groups(0.5);
    expect(strict.get(10)).toBe(10);
    expect(strict.get(11)).toBe(10);
    expect(strict.get(12)).toBe(12);
    const loose = index.groups(0.01);
    expect(new Set(loose.values()).size).toBe(1);
    index.add(13, reportFromCallSites(base));
    expect(index.linkUnlinked()).toBe(0);
    expect(index.groups(0.5).get(13)).toBe(10);
  });
});

describe('loadSimilarityIndex', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('builds the index from the library tables', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-sim-'));
    const lib = Library.open(dir, { skipCleanup: true });
    try {
      const f = { id: 'rmm', kind: 'register-memory-mismatch', severity: 'high' as const, text: 'rsi differs from [rcx]', evidence: [] };
      const a = lib.insertCase({
        fileName: 'crash1.txt',
        report: reportFromCallSites(SEED_CRASH1_CALL_SITES, { bugcheck: { code: '0x3b', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] }, findings: [f] }),
      });
      const b = lib.insertCase({ fileName: 'crash2.txt', report: reportFromCallSites(SEED_CRASH2_CALL_SITES) });
      const c = lib.insertCase({ fileName: 'usb.txt', report: reportFromCallSites(['USBPORT!USBPORT_BadRequestFlush+0x7c', 'nt!KiRetireDpcList+0x31']) });
      const index = loadSimilarityIndex(lib.db);
      expect(index.caseCount).toBe(3);
      expect(index.profile(a)!.code.bugcheck!.argClasses[0]).toBe('status:c0000005');
      expect(index.profile(a)!.findingKinds).toEqual(['register-memory-mismatch']);
      expect(index.profile(b)!.signatures[0]).toBe('nt!RtlDeleteNoSplay');
      expect(index.topSimilar(a)[0]!.caseId).toBe(b);
      expect(index.topSimilar(b)[0]!.caseId).toBe(a);
      expect(index.topSimilar(c).map((s) => s.caseId)).not.toContain(c);
    } finally {
      lib.close();
    }
  });
});

describe('seed check through the index', () => {
  it('finds the two seed crashes as each other\'s nearest neighbour among every corpus case', () => {
    const reports = [...corpusReports()];
    const index = new SimilarityIndex();
    reports.forEach(([, r], i) => index.add(i, r));
    const id1 = reports.findIndex(([k]) => k === 'seed/crash1-analyze.txt');
    const id2 = reports.findIndex(([k]) => k === 'seed/crash2-stack.txt');
    expect(id1).toBeGreaterThanOrEqual(0);
    expect(index.topSimilar(id1)[0]!.caseId).toBe(id2);
    expect(index.topSimilar(id2)[0]!.caseId).toBe(id1);
  });
});

describe('SimilarityIndex candidates', () => {
  it('finds cases that share only finding kinds', () => {
    const f = { id: 'x', kind: 'bit-flip', severity: 'high' as const, text: 'one bit apart', evidence: [] };
    const index = new SimilarityIndex();
    index.add(1, reportFromCallSites(['a!f'], { findings: [f] }));
    index.add(2, reportFromCallSites(['b!g'], { findings: [f] }));
    index.add(3, reportFromCallSites(['c!h']));
    const top = index.topSimilar(1);
    expect(top.map((t) => t.caseId)).toEqual([2]);
    expect(top[0]!.parts.findings).toBe(1);
  });
});
