/** One printed figure of `npm run bench`. Every figure states its input and its unit. */
export interface BenchRow {
  benchmark: string;
  /** what was measured on, e.g. "triage_x64.dmp (1.4 MB)". */
  input: string;
  figure: number;
  unit: string;
  /** the goal from DESIGN.md or the issue, e.g. "<= 50 ms". */
  target?: string;
}

/** Each tests/bench/*.bench.ts file default-exports one of these. */
export type Benchmark = () => Promise<BenchRow[]> | BenchRow[];

export const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;

/** Median of timed runs in milliseconds. */
export function medianMs(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
