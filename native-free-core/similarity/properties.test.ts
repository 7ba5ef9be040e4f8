import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StackFrame } from '../model/report';
import { alignStacks } from './align';
import { compareReports } from './compare';
import { CountedFrameStats } from './frame-stats';
import { formatComparisonText } from './format-comparison';
import { profileOf } from './profile';
import { profileSimilarity } from './similarity';
import { reportFromCallSites } from './test-reports';

const name = fc.constantFrom('nt', 'NT', 'fltmgr', 'fltmgr.sys', 'ntkrnlmp', 'drv', 'hal', '', 'a b', '!');
const fn = fc.constantFrom('KeBugCheckEx', '_KeBugCheckEx@20', 'TreeUnlinkMulti', "?? ::FNODOBFM::`string'", 'f', 'g', '', '@x@4', 'Ki?', '__tmain');
const frame: fc.Arbitrary<StackFrame> = fc.record({
  index: fc.nat(300),
  address: fc.constantFrom('0x0', '0xfffff8800106f141', 'zz'),
  module: fc.option(name, { nil: undefined }),
  function: fc.option(fn, { nil: undefined }),
  offset: fc.option(fc.constantFrom('0x51', '0x0', 'nonsense'), { nil: undefined }),
  trust: fc.constant('transcript' as const),
});
const stack = fc.array(frame, { maxLength: 70 });
const bugcheck = fc.option(
  fc.record({ code: fc.constantFrom('0x3b', '0x1000007e', '0x7e', 'junk', ''), args: fc.array(fc.constantFrom('0x0', '0xc0000005', 'x', '0xffffffffffffffff', '0x2'), { maxLength: 5 }) }),
  { nil: undefined },
);

describe('similarity on arbitrary reports', () => {
  it('never throws; scores stay in 0..1 and are symmetric; alignment keeps every frame once, in order', () => {
    fc.assert(
      fc.property(stack, stack, bugcheck, bugcheck, (sa, sb, ba, bb) => {
        const a = { ...reportFromCallSites([]), stack: sa, bugcheck: ba };
        const b = { ...reportFromCallSites([]), stack: sb, bugcheck: bb };
        const pa = profileOf(a);
        const pb = profileOf(b);
        const stats = new CountedFrameStats([pa.signatures, pb.signatures]);
        const ab = profileSimilarity(pa, pb, { stats });
        const ba2 = profileSimilarity(pb, pa, { stats });
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(1);
        expect(ab.score).toBeCloseTo(ba2.score, 9);
        const rows = alignStacks(sa, sb);
        expect(rows.filter((r) => r.left).map((r) => r.left)).toEqual(sa);
        expect(rows.filter((r) => r.right).map((r) => r.right)).toEqual(sb);
        expect(formatComparisonText(compareReports(a, b)).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('scores a report against itself 1 when it has a stack', () => {
    fc.assert(
      fc.property(stack, (s) => {
        const p = profileOf({ ...reportFromCallSites([]), stack: s });
        fc.pre(p.signatures.length > 0);
        expect(profileSimilarity(p, p).score).toBeCloseTo(1, 9);
      }),
      { numRuns: 200 },
    );
  });
});
