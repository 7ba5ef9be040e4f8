/**
 * How common each frame signature is across the library (document
 * frequency: the number of cases whose stack holds it), for IDF weights.
 */
export interface FrameStats {
  /** Number of cases in the library. */
  readonly caseCount: number;
  /** Number of cases whose stack holds this signature (0 if none). */
  caseCountWith(signature: string): number;
}

/**
 * The library weight of a frame: ln(1 + N / df) / ln(1 + N), in (0, 1].
 * A frame found in one case weighs 1; a frame in every case weighs
 * ln 2 / ln(1 + N) (0.06 at 100,000 cases) — still above zero, so two
 * stacks made only of common frames can still match. Without stats every
 * frame weighs 1.
 */
export function frameWeight(stats: FrameStats | undefined, signature: string): number {
  if (!stats || stats.caseCount <= 1) return 1;
  const n = stats.caseCount;
  const df = Math.min(n, Math.max(1, stats.caseCountWith(signature)));
  return Math.log(1 + n / df) / Math.log(1 + n);
}

/** Counts over a fixed set of signature lists (tests, CLI on a few files, the evaluation). */
export class CountedFrameStats implements FrameStats {
  private readonly counts = new Map<string, number>();
  private cases = 0;

  constructor(stacks: Iterable<readonly string[]> = []) {
    for (const s of stacks) this.add(s);
  }

  get caseCount(): number {
    return this.cases;
  }

  caseCountWith(signature: string): number {
    return this.counts.get(signature) ?? 0;
  }

  add(signatures: readonly string[]): void {
    this.cases++;
    for (const s of new Set(signatures)) this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
  }

  remove(signatures: readonly string[]): void {
    this.cases = Math.max(0, this.cases - 1);
    for (const s of new Set(signatures)) {
      const c = (this.counts.get(s) ?? 0) - 1;
      if (c > 0) this.counts.set(s, c);
      else this.counts.delete(s);
    }
  }
}
