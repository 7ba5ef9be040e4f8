// Whole-process figures of the `crashbench` command (node startup included),
// against Breakpad's minidump_stackwalk (18 ms median, per DESIGN.md).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, type BenchRow } from './bench-types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'crashbench.mjs');

function medianProcessMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`crashbench ${args.join(' ')} exited ${r.status}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export default function run(): BenchRow[] {
  const minidump2 = path.join(CORPUS, 'minidump/breakpad/minidump2.dmp');
  const symbols = path.join(CORPUS, 'minidump/breakpad/symbols');
  const runs = 15;
  const bare = medianProcessMs(['version'], runs);
  return [
    { benchmark: 'crashbench version, whole process', input: `node ${process.versions.node} startup + CLI, ${runs} runs`, figure: bare, unit: 'ms (median)', target: '-' },
    {
      benchmark: 'crashbench stackwalk, whole process',
      input: `minidump2.dmp with test_app.sym + kernel32.sym, ${runs} runs`,
      figure: medianProcessMs(['stackwalk', '--symbols', symbols, minidump2], runs),
      unit: 'ms (median)',
      target: '<= 45 ms',
    },
    {
      benchmark: 'crashbench analyze --json, whole process',
      input: `seed/crash1-analyze.txt, ${runs} runs`,
      figure: medianProcessMs(['analyze', '--json', path.join(CORPUS, 'seed/crash1-analyze.txt')], runs),
      unit: 'ms (median)',
      target: '-',
    },
  ];
}
