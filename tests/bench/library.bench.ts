// Case library: import throughput over 1,000 files made from the corpus, list / filter / full-text
// query latency at 100,000 synthetic cases (p50, p95), and database size per case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPaths } from '../../main/import/import-files';
import { Library } from '../../main/library/library';
import { processFile } from '../../main/pipeline/process';
import type { CaseQuery } from '../../main/library/types';
import { syntheticReport } from '../integration/library-fixtures';
import { CORPUS, type BenchRow } from './bench-types';

const IMPORT_FILES = 1000;
const CASES = 100_000;
const QUERY_RUNS = 60;

function corpusDumps(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'malformed' && e.name !== 'licenses') walk(p);
      } else if (/\.(dmp|txt)$/.test(e.name) && !/expected|stackwalk|\.out$|\.snap$/.test(p)) out.push(p);
    }
  };
  walk(CORPUS);
  return out.sort();
}

/** 1,000 files: corpus dumps and transcripts cycled, each with its own tail so every sha256 differs. */
function makeImportSet(dir: string): { files: string[]; bytes: number } {
  const sources = corpusDumps().map((p) => ({ p, bytes: fs.readFileSync(p) }));
  let bytes = 0;
  const files: string[] = [];
  for (let i = 0; i < IMPORT_FILES; i++) {
    const s = sources[i % sources.length]!;
    const tail = s.p.endsWith('.txt') ? Buffer.from(`\n$$ bench copy ${i}\n`) : Buffer.from(`bench-${i}`.padEnd(32, '.'));
    const file = path.join(dir, `${String(i).padStart(4, '0')}-${path.basename(s.p)}`);
    fs.writeFileSync(file, Buffer.concat([s.bytes, tail]));
    bytes += s.bytes.length + tail.length;
    files.push(file);
  }
  return { files, bytes };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

function timeQueries(run: (i: number) => void): { p50: number; p95: number } {
  for (let i = 0; i < 3; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t = performance.now();
    run(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function importBench(rows: BenchRow[]): Promise<void> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-bench-src-'));
  const libDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-bench-lib-'));
  try {
    const { files, bytes } = makeImportSet(src);
    const mb = bytes / 1e6;
    const input = `${IMPORT_FILES} files from the corpus (${mb.toFixed(1)} MB)`;

    // Reference: what copying into the store with sha256 and fsync costs alone, one thread.
    const ref = Library.open(fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-bench-ref-')));
    let t = performance.now();
    for (const f of files) ref.store.discard(ref.store.stageFile(f));
    const copyMs = performance.now() - t;
    // Parsing alone, one thread; then the database part alone: one transaction per case, as import does.
    const reports = [];
    t = performance.now();
    for (const f of files) {
      try {
        reports.push(processFile(f).report);
      } catch {
        reports.push(undefined);
      }
    }
    const parseMs = performance.now() - t;
    t = performance.now();
    reports.forEach((report, i) => ref.insertCase({ fileName: path.basename(files[i]!), report, error: report ? undefined : 'parse error' }));
    const dbMs = performance.now() - t;
    ref.close();
    fs.rmSync(ref.dir, { recursive: true, force: true });

    const lib = Library.open(libDir);
    t = performance.now();
    const result = await importPaths(lib, [src]);
    const importMs = performance.now() - t;
    lib.close();
    if (result.imported.length + result.failed.length !== IMPORT_FILES) throw new Error('import bench: not every file became a case');

    const workers = os.availableParallelism?.() ?? os.cpus().length;
    rows.push({ benchmark: 'library import', input: `${input}, ${workers} workers`, figure: IMPORT_FILES / (importMs / 1000), unit: 'files/s' });
    rows.push({ benchmark: 'library import', input, figure: mb / (importMs / 1000), unit: 'MB/s' });
    rows.push({ benchmark: 'library import: copy + sha256 + fsync alone (1 thread)', input, figure: mb / (copyMs / 1000), unit: 'MB/s' });
    rows.push({ benchmark: 'library import vs copy + sha256 alone (small files: parsing dominates)', input, figure: (copyMs / importMs) * 100, unit: '%' });
    rows.push({ benchmark: 'library import: parse + analyze per file (1 thread)', input, figure: parseMs / IMPORT_FILES, unit: 'ms/file' });
    rows.push({ benchmark: 'library import: database write per file', input, figure: dbMs / IMPORT_FILES, unit: 'ms/file', target: 'below parse time' });
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(libDir, { recursive: true, force: true });
  }
}

function queryBench(rows: BenchRow[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-bench-100k-'));
  const lib = Library.open(dir);
  try {
    // The fill is set-up, not what is measured: no fsync while writing 100,000 cases.
    lib.db.pragma('synchronous = OFF');
    const t = performance.now();
    for (let start = 0; start < CASES; start += 10_000) {
      lib.db.transaction(() => {
        for (let i = start; i < Math.min(CASES, start + 10_000); i++) {
          lib.insertCase({ fileName: `dump${i}.dmp`, report: syntheticReport(i), tags: i % 10 === 0 ? ['triaged'] : i % 7 === 0 ? ['race', 'fltmgr'] : [], status: i % 13 === 0 ? 'investigating' : 'new' });
        }
      })();
    }
    const fillMs = performance.now() - t;
    lib.db.pragma('wal_checkpoint(TRUNCATE)');
    lib.db.pragma('optimize');
    const size = fs.statSync(path.join(dir, 'library.sqlite3')).size;
    const input = `${CASES.toLocaleString('en-US')} synthetic cases`;
    rows.push({ benchmark: 'library size per case', input, figure: size / CASES / 1024, unit: 'KiB/case' });
    rows.push({ benchmark: 'library insert (bench fill, 10,000 per transaction)', input, figure: (fillMs * 1000) / CASES, unit: 'µs/case' });

    const codes = ['0x3b', '0x50', '0xd1', '0x1000007e', '0x9f', '0xa', '0x133'];
    const modules = ['fltmgr', 'ntfs', 'tcpip', 'ndis', 'nvlddmkm', 'storport'];
    lib.db.pragma('synchronous = NORMAL');
    // Words a user types: finding words, a symbol prefix, a bugcheck name, a driver on most stacks, a process, caller symbols.
    const words = ['race', 'TreeUnl', 'corruption', 'SYSTEM_SERVICE', 'ndis', 'bitflip splay', 'svc3.exe', 'IoCallDriver', 'KeWaitFor', 'fltmgr TreeUnlinkMulti'];
    const matches = words.map((w) => lib.listCases({ text: w, limit: 0 }));
    const most = matches.reduce((a, b) => (b.total > a.total ? b : a));
    const buckets = Array.from({ length: 20 }, (_, i) => syntheticReport(i * 13).bucket!);
    const kinds: [string, (i: number) => CaseQuery][] = [
      ['list, newest first', () => ({})],
      ['list, page 500 (offset 50,000)', () => ({ offset: 50_000 })],
      ['list sorted by title', () => ({ sort: 'title', order: 'asc' })],
      ['filter code', (i) => ({ code: codes[i % codes.length] })],
      ['filter module, sorted by code', (i) => ({ module: modules[i % modules.length], sort: 'code' })],
      ['filter bucket', (i) => ({ bucket: buckets[i % buckets.length] })],
      ['filter code, sorted by bucket', (i) => ({ code: codes[i % codes.length], sort: 'bucket' })],
      ['filter tag', () => ({ tag: 'triaged' })],
      ['filter status', () => ({ status: 'investigating' })],
      ['filter date range (1 month)', (i) => ({ from: `2023-0${1 + (i % 9)}-01`, to: `2023-0${1 + (i % 9)}-28` })],
      ['full text', (i) => ({ text: words[i % words.length] })],
      ['full text, sorted by module', (i) => ({ text: words[i % words.length], sort: 'module' })],
      ['full text + code + date', (i) => ({ text: words[i % words.length], code: codes[i % codes.length], from: '2023-03-01', to: '2030-01-01' })],
      ['full text + code, sorted by bucket', (i) => ({ text: words[i % words.length], code: codes[i % codes.length], sort: 'bucket' })],
      ['full text + status, sorted by title', (i) => ({ text: words[i % words.length], status: i % 3 ? 'new' : 'investigating', sort: 'title', order: 'asc' })],
    ];
    const textInput = `${input}; ${words.length} queries matching ${Math.min(...matches.map((m) => m.total))}–${most.total}${most.totalIsLowerBound ? '+ (totals counted to 10,000)' : ''} cases`;
    for (const [name, q] of kinds) {
      const { p50, p95 } = timeQueries((i) => lib.listCases(q(i)));
      const where = name.startsWith('full text') ? textInput : input;
      rows.push({ benchmark: `library query p50: ${name}`, input: where, figure: p50, unit: 'ms' });
      rows.push({ benchmark: `library query p95: ${name}`, input: where, figure: p95, unit: 'ms', target: '< 20 ms' });
    }
    const ids = lib.listCases({ limit: 1000 }).rows.map((r) => r.id);
    const detail = timeQueries((i) => lib.getCase(ids[(i * 37) % ids.length]!));
    rows.push({ benchmark: 'library getCase p95', input, figure: detail.p95, unit: 'ms', target: '< 20 ms' });
    for (const key of ['bucket', 'module', 'day'] as const) {
      const c = timeQueries(() => lib.countsBy(key));
      rows.push({ benchmark: `library countsBy ${key} p95 (plots)`, input, figure: c.p95, unit: 'ms' });
    }
  } finally {
    lib.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A large file: what import costs against copy + sha256 when the parser reads only what it needs. */
async function largeFileBench(rows: BenchRow[]): Promise<void> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-bench-large-'));
  const libDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-bench-large-lib-'));
  try {
    const file = path.join(src, 'large.dmp');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, fs.readFileSync(path.join(CORPUS, 'kernel/triage_x64.dmp')));
    const chunk = Buffer.alloc(16 << 20, 0x5a);
    for (let i = 0; i < 16; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const mb = fs.statSync(file).size / 1e6;
    const lib = Library.open(libDir);
    let t = performance.now();
    lib.store.discard(lib.store.stageFile(file));
    const copyMs = performance.now() - t;
    t = performance.now();
    // In this thread: a worker started from TypeScript sources spends longer loading (tsx) than this file takes;
    // the 1,000-file figure above includes worker start-up.
    const result = await importPaths(lib, [file], { workers: 0 });
    const importMs = performance.now() - t;
    lib.close();
    if (result.imported.length + result.failed.length !== 1) throw new Error('large-file bench: file not imported');
    const input = `triage_x64.dmp + 256 MiB tail (${mb.toFixed(0)} MB), in this thread`;
    rows.push({ benchmark: 'library import, large file', input, figure: mb / (importMs / 1000), unit: 'MB/s' });
    rows.push({ benchmark: 'library import vs copy + sha256 alone, large file', input, figure: (copyMs / importMs) * 100, unit: '%', target: '>= 50 %' });
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(libDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await importBench(rows);
  await largeFileBench(rows);
  queryBench(rows);
  return rows;
}
