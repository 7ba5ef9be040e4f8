import type { SimilarityProfile } from '../../native-free-core/similarity/profile';
import { profileOf } from '../../native-free-core/similarity/profile';
import { reportFromCallSites } from '../../native-free-core/similarity/test-reports';
import { makeBugs, prng, vary, VARIATIONS } from './synthetic';

/**
 * A synthetic library for the index benchmark and tests: `cases` crashes of
 * cases/5 bugs (so a case has a handful of true neighbours), each a varied
 * crash with its bug's bugcheck code and arguments.
 */
export function syntheticProfiles(cases: number, seed = 7): { profiles: SimilarityProfile[]; bugOf: Int32Array } {
  const r = prng(seed);
  const bugs = makeBugs(Math.max(1, Math.ceil(cases / 5)), seed);
  const profiles: SimilarityProfile[] = [];
  const bugOf = new Int32Array(cases);
  for (let i = 0; i < cases; i++) {
    const bug = bugs[Math.floor(r() * bugs.length)]!;
    const variations = VARIATIONS.filter(() => r() < 0.2);
    const report = reportFromCallSites(vary(bug.frames, variations, r), {
      bugcheck: { code: bug.code, args: ['0xc0000005', '0xfffff8800106f141', r() < 0.5 ? '0xfffff88005f45960' : '0x0', '0x0'] },
      system: { arch: 'x64' },
    });
    profiles.push(profileOf(report));
    bugOf[i] = bug.id;
  }
  return { profiles, bugOf };
}
