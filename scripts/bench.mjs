// `npm run bench`: runs every tests/bench/*.bench.ts and prints one table
// (benchmark, input, figure, unit, target). Figures, not pass/fail.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.join(root, 'tests', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
const rows = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  // Each benchmark runs in its own process so heap figures are not polluted by the others.
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(root, 'scripts', 'bench-one.ts'), path.join(dir, file)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_ROWS '));
  if (r.status !== 0 || !line) {
    rows.push({ benchmark: file, input: '-', figure: NaN, unit: `failed (exit ${r.status})`, target: '' });
    continue;
  }
  rows.push(...JSON.parse(line.slice('BENCH_ROWS '.length)));
}
const fmt = (n) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3)) : 'n/a');
const table = rows.map((r) => [r.benchmark, r.input, fmt(r.figure), r.unit, r.target ?? '']);
const head = ['benchmark', 'input', 'figure', 'unit', 'target'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => cells.map((c, i) => (i === 2 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const t of table) console.log(line(t));
