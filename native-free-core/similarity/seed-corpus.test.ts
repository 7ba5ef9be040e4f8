import { describe, expect, it } from 'vitest';
import { corpusReports } from '../../tests/eval/corpus-reports';
import { compareReports } from './compare';
import { CountedFrameStats } from './frame-stats';
import { formatComparisonText } from './format-comparison';
import { profileOf } from './profile';
import { profileSimilarity } from './similarity';

describe('seed check on the real importers', () => {
  const reports = corpusReports();
  const crash1 = reports.get('seed/crash1-analyze.txt')!;
  const crash2 = reports.get('seed/crash2-stack.txt')!;

  it('opens the seed and the other corpus cases', () => {
    expect(crash1).toBeDefined();
    expect(crash2).toBeDefined();
    expect(reports.size).toBeGreaterThan(10);
  });

  it('finds the two seed crashes as each other\'s nearest neighbour among every corpus case', () => {
    const profiles = new Map([...reports].map(([k, r]) => [k, profileOf(r)]));
    const stats = new CountedFrameStats([...profiles.values()].map((p) => p.signatures));
    const nearest = (key: string) =>
      [...profiles]
        .filter(([k]) => k !== key)
        .map(([k, p]) => ({ k, score: profileSimilarity(profiles.get(key)!, p, { stats }).score }))
        .sort((a, b) => b.score - a.score);
    const n1 = nearest('seed/crash1-analyze.txt');
    const n2 = nearest('seed/crash2-stack.txt');
    expect(n1[0]!.k).toBe('seed/crash2-stack.txt');
    expect(n2[0]!.k).toBe('seed/crash1-analyze.txt');
    expect(n1[0]!.score).toBeGreaterThan(n1[1]!.score);
    expect(n2[0]!.score).toBeGreaterThan(n2[1]!.score);
  });

  it('aligns them on TreeUnlinkMulti, FltpDispatch and the system-service frames and lists the shared frames', () => {
    const cmp = compareReports(crash1, crash2, { leftName: 'crash1-analyze.txt', rightName: 'crash2-stack.txt' });
    expect(cmp.sharedFrames).toEqual(['fltmgr!TreeUnlinkMulti', 'fltmgr!FltpDispatch', 'nt!KiSystemServiceCopyEnd']);
    const service = cmp.stack.find((r) => r.left?.function === 'NtQueryFullAttributesFile')!;
    expect(service.right?.function).toBe('NtSetInformationFile');
    const text = formatComparisonText(cmp).join('\n');
    expect(text).toMatch(/fltmgr!TreeUnlinkMulti\+0x51\s+= 05 fltmgr!TreeUnlinkMulti\+0x148/);
    expect(text).toContain('Shared frames\n  fltmgr!TreeUnlinkMulti\n  fltmgr!FltpDispatch\n  nt!KiSystemServiceCopyEnd');
  });
});
