import { describe, expect, it } from 'vitest';
import { groupByEdges, groupCases } from './group';
import { reportFromCallSites } from './test-reports';

describe('groupByEdges', () => {
  it('joins chains of edges at or above the threshold; the group id is the first member', () => {
    const edges = [
      { a: 'c', b: 'b', score: 0.8 },
      { a: 'b', b: 'a', score: 0.7 },
      { a: 'd', b: 'e', score: 0.4 },
    ];
    const g = groupByEdges(['a', 'b', 'c', 'd', 'e'], edges, 0.7);
    expect([...g]).toEqual([['a', 'a'], ['b', 'a'], ['c', 'a'], ['d', 'd'], ['e', 'e']]);
    const loose = groupByEdges(['a', 'b', 'c', 'd', 'e'], edges, 0.4);
    expect(loose.get('e')).toBe('d');
    expect(groupByEdges(['x'], [{ a: 'x', b: 'unknown', score: 1 }], 0.5).get('x')).toBe('x');
  });
});

describe('groupCases', () => {
  it('groups reports of one bug and keeps another bug apart, as the threshold says', () => {
    const bug1 = ['drv!Fault+0x1', 'drv!Caller+0x2', 'nt!IofCallDriver+0x3', 'nt!KiSystemServiceCopyEnd+0x13'];
    const items = [
      { id: 1, report: reportFromCallSites(bug1) },
      { id: 2, report: reportFromCallSites(['nt!KeBugCheckEx', ...bug1.map((f) => f.replace(/0x\d+$/, '0x99'))]) },
      { id: 3, report: reportFromCallSites(['usbport!Flush+0x7c', 'nt!KiRetireDpcList+0x31']) },
    ];
    const g = groupCases(items, 0.8);
    expect(g.get(2)).toBe(1);
    expect(g.get(3)).toBe(3);
    expect(new Set(groupCases(items, 0).values()).size).toBe(1);
  });
});
