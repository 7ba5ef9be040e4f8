import { codeSimilarity } from './crash-code';
import { frameWeight, type FrameStats } from './frame-stats';
import { profileOf, type ProfileSource, type SimilarityProfile } from './profile';
import { DEFAULT_WEIGHTS, type FrameWeights } from './weights';

/** Each part in 0..1, or null when one of the two reports lacks what the part compares. */
export interface SimilarityParts {
  stack: number | null;
  code: number | null;
  module: number | null;
  findings: number | null;
}

export interface SimilarityResult {
  /** 0..1: the weighted mean of the parts (see combineParts for null parts). */
  score: number;
  parts: SimilarityParts;
}

export interface SimilarityOptions {
  stats?: FrameStats;
  weights?: Partial<FrameWeights>;
  /**
   * Frame weights per profile, reused across calls. Only valid while the
   * stats and weights stay the same (a ranking pass over a fixed library).
   */
  weightCache?: WeakMap<SimilarityProfile, Float64Array>;
}

/** Weight of each matchable frame of one stack: position decay × library weight. */
export function stackFrameWeights(signatures: readonly string[], stats: FrameStats | undefined, w: FrameWeights): Float64Array {
  const out = new Float64Array(signatures.length);
  for (let i = 0; i < signatures.length; i++) {
    const idf = stats ? 1 - w.idfStrength + w.idfStrength * frameWeight(stats, signatures[i]!) : 1;
    out[i] = Math.pow(1 + i, -w.topDecay) * idf;
  }
  return out;
}

/**
 * Weighted, order-preserving stack similarity (TraceSim / FaST style):
 * the best monotone alignment of the two signature lists, where a matched
 * pair (i, j) earns (wa[i] + wb[j]) · exp(−β·|i − j|), divided by the total
 * weight of both stacks. Identical stacks score 1, stacks without a shared
 * frame 0.
 */
export function stackSimilarity(
  a: readonly string[],
  b: readonly string[],
  stats?: FrameStats,
  weights: FrameWeights = DEFAULT_WEIGHTS,
): number | null {
  return weightedStackSimilarity(a, stackFrameWeights(a, stats, weights), b, stackFrameWeights(b, stats, weights), weights.shiftPenalty);
}

// DP rows reused across calls (the measure runs synchronously, never re-entrantly)
let scratchA = new Float64Array(64);
let scratchB = new Float64Array(64);

/** The alignment itself, over frame weights already computed. */
export function weightedStackSimilarity(
  a: readonly string[],
  wa: Float64Array,
  b: readonly string[],
  wb: Float64Array,
  shiftPenalty: number,
): number | null {
  if (a.length === 0 || b.length === 0) return null;
  let total = 0;
  for (const x of wa) total += x;
  for (const x of wb) total += x;
  if (total === 0) return 0;
  const m = b.length;
  if (scratchA.length < m + 1) {
    scratchA = new Float64Array(2 * (m + 1));
    scratchB = new Float64Array(2 * (m + 1));
  }
  let prev = scratchA;
  let cur = scratchB;
  prev.fill(0, 0, m + 1);
  for (let i = 1; i <= a.length; i++) {
    const sa = a[i - 1];
    cur[0] = 0;
    for (let j = 1; j <= m; j++) {
      let best = prev[j]! > cur[j - 1]! ? prev[j]! : cur[j - 1]!;
      if (sa === b[j - 1]) {
        const gain = prev[j - 1]! + (wa[i - 1]! + wb[j - 1]!) * Math.exp(-shiftPenalty * Math.abs(i - j));
        if (gain > best) best = gain;
      }
      cur[j] = best;
    }
    [prev, cur] = [cur, prev];
  }
  return Math.min(1, prev[m]! / total);
}

export function findingsSimilarity(a: readonly string[], b: readonly string[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  const sb = new Set(b);
  let both = 0;
  for (const k of a) if (sb.has(k)) both++;
  return both / (a.length + b.length - both);
}

/**
 * The weighted mean of the parts. A missing stack or faulting module counts
 * as 0 (the stack is what makes two crashes the same bug: without it, the
 * same bugcheck only says they are the same kind of crash); a missing code
 * or findings part is left out and the others renormalised, since many
 * sources (a `k` transcript, an unanalysed dump) simply do not have them.
 */
export function combineParts(parts: SimilarityParts, w: FrameWeights = DEFAULT_WEIGHTS): number {
  let sum = (parts.stack ?? 0) * w.stack + (parts.module ?? 0) * w.module;
  let weight = w.stack + w.module;
  if (parts.code !== null) {
    sum += parts.code * w.code;
    weight += w.code;
  }
  if (parts.findings !== null) {
    sum += parts.findings * w.findings;
    weight += w.findings;
  }
  return weight === 0 ? 0 : sum / weight;
}

export function resolveWeights(weights?: Partial<FrameWeights>): FrameWeights {
  return weights ? { ...DEFAULT_WEIGHTS, ...weights } : DEFAULT_WEIGHTS;
}

export function profileSimilarity(a: SimilarityProfile, b: SimilarityProfile, options: SimilarityOptions = {}): SimilarityResult {
  const w = resolveWeights(options.weights);
  const weightsOf = (p: SimilarityProfile): Float64Array => {
    const cached = options.weightCache?.get(p);
    if (cached) return cached;
    const fw = stackFrameWeights(p.signatures, options.stats, w);
    options.weightCache?.set(p, fw);
    return fw;
  };
  const parts: SimilarityParts = {
    stack: weightedStackSimilarity(a.signatures, weightsOf(a), b.signatures, weightsOf(b), w.shiftPenalty),
    code: codeSimilarity(a.code, b.code),
    module: a.faultingModule && b.faultingModule ? (a.faultingModule === b.faultingModule ? 1 : 0) : null,
    findings: findingsSimilarity(a.findingKinds, b.findingKinds),
  };
  return { score: combineParts(parts, w), parts };
}

/** Similarity of two reports; `stats` supplies library frame counts (IDF), without it every frame weighs the same. */
export function similarity(a: ProfileSource, b: ProfileSource, options: SimilarityOptions = {}): SimilarityResult {
  return profileSimilarity(profileOf(a), profileOf(b), options);
}
