import { CountedFrameStats } from '../../native-free-core/similarity/frame-stats';
import { profileOf, type SimilarityProfile } from '../../native-free-core/similarity/profile';
import { profileSimilarity } from '../../native-free-core/similarity/similarity';
import type { FrameWeights } from '../../native-free-core/similarity/weights';
import { reportFromCallSites } from '../../native-free-core/similarity/test-reports';
import { buildLabelledSet, type LabelledSet } from './labelled-pairs';

export interface RankingQuality {
  pairs: number;
  recallAt1: number;
  mrr: number;
  /** recall@1 by variation */
  byVariation: Record<string, { pairs: number; recallAt1: number; mrr: number }>;
}

export interface Method {
  name: string;
  weights?: Partial<FrameWeights>;
  useIdf: boolean;
}

/** Ours, and the plain baseline: every frame equal (no top-frame decay, no IDF) — an order-preserving Dice of signatures. */
export const METHODS: Method[] = [
  { name: 'weighted (position decay + IDF)', useIdf: true },
  { name: 'position decay only', useIdf: false },
  { name: 'unweighted baseline', weights: { topDecay: 0, shiftPenalty: 0 }, useIdf: false },
];

const stackProfile = (stack: readonly string[]): SimilarityProfile => profileOf(reportFromCallSites(stack));

/**
 * Ranks the whole gallery for each query (the query's own stack is not in
 * it), and scores where the positive lands: recall@1 = share of queries
 * whose best match is the positive, MRR = mean of 1 / rank of the positive
 * (ties ranked pessimistically).
 */
export function evaluate(set: LabelledSet, method: Method): RankingQuality {
  const gallery = set.gallery.map((g) => stackProfile(g.stack));
  const stats = method.useIdf ? new CountedFrameStats(gallery.map((p) => p.signatures)) : undefined;
  const groups = new Map<string, { n: number; hit: number; rr: number }>();
  const weightCache = new WeakMap<SimilarityProfile, Float64Array>();
  let hits = 0;
  let rrSum = 0;
  for (const pair of set.pairs) {
    const q = stackProfile(pair.query);
    const scores = gallery.map((g) => profileSimilarity(q, g, { stats, weights: method.weights, weightCache }).score);
    const target = scores[pair.positive]!;
    let rank = 1;
    for (let i = 0; i < scores.length; i++) if (i !== pair.positive && i !== pair.exclude && scores[i]! >= target) rank++;
    const hit = rank === 1 ? 1 : 0;
    hits += hit;
    rrSum += 1 / rank;
    const g = groups.get(pair.variation) ?? { n: 0, hit: 0, rr: 0 };
    g.n++;
    g.hit += hit;
    g.rr += 1 / rank;
    groups.set(pair.variation, g);
  }
  const byVariation: RankingQuality['byVariation'] = {};
  for (const [k, g] of groups) byVariation[k] = { pairs: g.n, recallAt1: g.hit / g.n, mrr: g.rr / g.n };
  return { pairs: set.pairs.length, recallAt1: hits / set.pairs.length, mrr: rrSum / set.pairs.length, byVariation };
}

export function runEvaluation(options: { syntheticBugs?: number } = {}): { set: LabelledSet; results: { method: Method; quality: RankingQuality }[] } {
  const set = buildLabelledSet(options);
  return { set, results: METHODS.map((method) => ({ method, quality: evaluate(set, method) })) };
}

// `npx tsx tests/eval/evaluate.ts [--write pairs.json]` prints the figures (and writes the labelled set)
if (import.meta.url === `file://${process.argv[1]}`) {
  const t = performance.now();
  const { set, results } = runEvaluation();
  const write = process.argv.indexOf('--write');
  if (write > 0 && process.argv[write + 1]) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.argv[write + 1]!, JSON.stringify(set, null, 1));
  }
  console.log(`labelled set: ${set.gallery.length} gallery stacks, ${set.pairs.length} query pairs`);
  for (const { method, quality } of results) {
    console.log(`\n${method.name}: recall@1 ${quality.recallAt1.toFixed(3)}, MRR ${quality.mrr.toFixed(3)}`);
    for (const [v, q] of Object.entries(quality.byVariation)) {
      console.log(`  ${v.padEnd(16)} n=${String(q.pairs).padStart(4)}  recall@1 ${q.recallAt1.toFixed(3)}  MRR ${q.mrr.toFixed(3)}`);
    }
  }
  console.log(`\n${(performance.now() - t).toFixed(0)} ms`);
}
