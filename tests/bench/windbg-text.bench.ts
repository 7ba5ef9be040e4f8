import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseWinDbgText } from '../../native-free-core/formats/windbg-text/index';
import { CORPUS, medianMs, type BenchRow } from './bench-types';

/** WinDbg transcript import: the seed, every corpus transcript, and a large synthetic log. */
export default function windbgTextBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  const seed = readFileSync(path.join(CORPUS, 'seed/crash1-analyze.txt'), 'utf8');
  const seedMs = medianMs(200, () => parseWinDbgText(seed, 'crash1-analyze.txt'));
  rows.push({ benchmark: 'windbg-text parse', input: `seed/crash1-analyze.txt (${(seed.length / 1024).toFixed(1)} KiB)`, figure: round(seedMs, 3), unit: 'ms', target: '<= 5 ms' });

  const dir = path.join(CORPUS, 'windbg-text');
  const all = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const allMs = medianMs(50, () => {
    for (const t of all) parseWinDbgText(t, 't.txt');
  });
  rows.push({ benchmark: 'windbg-text parse', input: `all ${all.length} corpus/windbg-text transcripts`, figure: round(allMs, 3), unit: 'ms', target: '<= 20 ms' });

  // A long session log: the corpus joined over and over (what a saved .log of a day's debugging looks like).
  const parts: string[] = [];
  let size = 0;
  while (size < 8 * 1024 * 1024) {
    for (const t of [seed, ...all]) {
      parts.push(t);
      size += t.length;
    }
  }
  const big = parts.join('\n');
  const bigMs = medianMs(3, () => parseWinDbgText(big, 'big.log'));
  rows.push({ benchmark: 'windbg-text parse throughput', input: `synthetic session log (${(big.length / 1048576).toFixed(1)} MiB)`, figure: round(big.length / 1048576 / (bigMs / 1000), 1), unit: 'MiB/s', target: '>= 10 MiB/s' });
  return rows;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
