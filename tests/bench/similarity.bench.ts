import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Library } from '../../main/library/library';
import { loadSimilarityIndex, SimilarityIndex } from '../../main/library/similarity-index';
import { reportFromCallSites } from '../../native-free-core/similarity/test-reports';
import { makeBugs, prng, vary } from '../eval/synthetic';
import { runEvaluation } from '../eval/evaluate';
import { syntheticProfiles } from '../eval/synthetic-library';
import type { BenchRow } from './bench-types';

const CASES = 100_000;
const QUERIES = 60;

/**
 * Similar crashes: ranking quality on the labelled set (tests/eval, see its
 * README) and the top-20 latency of the library index at 100,000 cases.
 */
export default function similarityBench(): BenchRow[] {
  const rows: BenchRow[] = [];

  const { set, results } = runEvaluation({ syntheticBugs: 200 });
  const input = `${set.pairs.length} labelled pairs, ${set.gallery.length} gallery stacks`;
  for (const { method, quality } of results) {
    rows.push({ benchmark: `similarity recall@1, ${method.name}`, input, figure: quality.recallAt1, unit: 'fraction' });
    rows.push({ benchmark: `similarity MRR, ${method.name}`, input, figure: quality.mrr, unit: 'fraction' });
  }
  const ours = results[0]!.quality;
  for (const v of ['other-fault-point', 'mixed', 'seed-similar']) {
    const q = ours.byVariation[v];
    if (q) rows.push({ benchmark: `similarity recall@1, weighted, ${v} pairs`, input: `${q.pairs} pairs`, figure: q.recallAt1, unit: 'fraction' });
  }

  const { profiles } = syntheticProfiles(CASES, 7);
  const index = new SimilarityIndex();
  let t = performance.now();
  profiles.forEach((p, i) => index.add(i + 1, p));
  rows.push({ benchmark: 'similarity index build (in memory)', input: `${CASES} synthetic cases`, figure: performance.now() - t, unit: 'ms' });

  // a few queries first so the figure is the steady state, not the JIT's first compile
  for (let q = 0; q < 5; q++) index.topSimilar(1 + q * 13, 20);
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const id = 1 + Math.floor(((q * 7919) % CASES));
    t = performance.now();
    index.topSimilar(id, 20);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const input2 = `${CASES} synthetic cases, ${QUERIES} queries`;
  rows.push({ benchmark: 'similar crashes top 20, median', input: input2, figure: times[Math.floor(times.length / 2)]!, unit: 'ms', target: '< 100 ms' });
  rows.push({ benchmark: 'similar crashes top 20, p95', input: input2, figure: times[Math.floor(times.length * 0.95)]!, unit: 'ms', target: '< 100 ms' });

  t = performance.now();
  for (let i = 0; i < 200; i++) index.add(CASES + 1 + i, profiles[i]!, { link: true });
  rows.push({ benchmark: 'similarity index add with neighbour linking', input: `1 case into ${CASES}`, figure: (performance.now() - t) / 200, unit: 'ms' });

  // linking the cases loaded at open, in slices as the app does in the background
  t = performance.now();
  const left = index.linkUnlinked(3000);
  const elapsed = performance.now() - t;
  const linked = CASES - left;
  rows.push({ benchmark: 'neighbour linking after open, per case', input: `${linked} of ${CASES} cases in ${elapsed.toFixed(0)} ms`, figure: elapsed / linked, unit: 'ms' });
  rows.push({ benchmark: 'neighbour linking after open, whole library (extrapolated)', input: `${CASES} cases`, figure: (elapsed / linked) * CASES / 1000, unit: 's' });
  t = performance.now();
  const groups = index.groups(0.6);
  rows.push({ benchmark: 'group by similarity (threshold 0.6)', input: `${index.caseCount} cases, ${linked + 200} linked, ${new Set(groups.values()).size} groups`, figure: performance.now() - t, unit: 'ms' });
  rows.push(loadFromDatabase(10_000));
  return rows;
}

/** Opening a library: the index built from the frames, reports and findings tables, filled through Library.insertCase. */
function loadFromDatabase(cases: number): BenchRow {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-simbench-'));
  const lib = Library.open(dir, { skipCleanup: true });
  try {
    const r = prng(3);
    const bugs = makeBugs(cases / 5, 3);
    lib.db.transaction(() => {
      for (let i = 0; i < cases; i++) {
        const bug = bugs[Math.floor(r() * bugs.length)]!;
        const report = reportFromCallSites(vary(bug.frames, ['offsets'], r), {
          bugcheck: { code: bug.code, args: ['0xc0000005', '0xfffff8800106f141', '0x0', '0x0'] },
          system: { arch: 'x64' },
        });
        lib.insertCase({ fileName: `case${i}.txt`, report });
      }
    })();
    const t = performance.now();
    const index = loadSimilarityIndex(lib.db);
    const ms = performance.now() - t;
    return { benchmark: 'similarity index load from the library tables', input: `${index.caseCount} cases`, figure: ms, unit: 'ms' };
  } finally {
    lib.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
