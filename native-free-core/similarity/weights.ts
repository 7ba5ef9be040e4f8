/**
 * The weights of the similarity measure. README.md in this folder explains
 * each one and why it has the value it has.
 */
export interface FrameWeights {
  /** α: a frame at matchable position i (0 = top) weighs 1 / (1 + i)^α. */
  topDecay: number;
  /** λ: how much the library weight counts: a frame weighs (1 − λ) + λ·idf(frame). 0 = no IDF. */
  idfStrength: number;
  /** β: a matched pair at positions i and j keeps exp(−β·|i − j|) of its weight. */
  shiftPenalty: number;
  /** Share of each part in the combined score (see combineParts: a missing stack or module counts 0, a missing code or findings part is left out). */
  stack: number;
  code: number;
  module: number;
  findings: number;
}

export const DEFAULT_WEIGHTS: Readonly<FrameWeights> = Object.freeze({
  topDecay: 1,
  idfStrength: 1,
  shiftPenalty: 0.02,
  stack: 0.6,
  code: 0.2,
  module: 0.1,
  findings: 0.1,
});
