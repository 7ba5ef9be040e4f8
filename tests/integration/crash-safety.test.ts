import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../main/library/library';
import { CORPUS, tempDir } from './library-fixtures';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CHILD_SOURCE = path.join(ROOT, 'tests/integration/crash-safety-child.ts');
// The child is bundled once (as the app is), so each of the many starts costs a plain `node` start, not a TypeScript compile.
const BUILD = path.join(ROOT, 'node_modules/.cache/crashbench-crash-safety');
const CHILD = path.join(BUILD, 'child.js');
const FILES = 100;
const KILLS = 9;
const SOURCES = [
  'windbg-text/analyze-v-0xd1-usbport-x86.txt',
  'windbg-text/bugcheck-0x1e-bugcheck-kb-exr-cxr-x86.txt',
  'windbg-text/user-divide-by-zero-analyze-x64.txt',
  'seed/crash1-analyze.txt',
  'seed/crash2-stack.txt',
  'minidump/breakpad/minidump2.dmp',
  'minidump/breakpad/null_read_av.dmp',
  'minidump/breakpad/ascii_read_av.dmp',
  // malformed dumps become error cases (random bytes in a folder would be skipped, not imported)
  'malformed/mdmp-trunc-0100b-partial-directory.dmp',
  'malformed/mdmp-trunc-half-5658b.dmp',
];

let lib: string;
let src: string;
const expected = new Map<string, string>(); // sha256 -> file

beforeAll(async () => {
  fs.mkdirSync(BUILD, { recursive: true });
  fs.writeFileSync(path.join(BUILD, 'package.json'), '{ "type": "module" }\n');
  await build({
    entryPoints: { child: CHILD_SOURCE, 'import-worker': path.join(ROOT, 'main/import/import-worker.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: BUILD,
    packages: 'external',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  lib = tempDir('crash-lib');
  src = tempDir('crash-src');
  for (let i = 0; i < FILES; i++) {
    const from = SOURCES[i % SOURCES.length]!;
    const base = fs.readFileSync(path.join(CORPUS, from));
    // Varied bytes so every file has its own sha256: a comment line for text, a tail for binaries.
    const tail = from.endsWith('.txt') ? Buffer.from(`\n$$ crash-safety copy ${i}\n`) : Buffer.from(`crash-safety-${i}`.padEnd(32, '.'));
    const bytes = Buffer.concat([base, tail]);
    const file = path.join(src, `${String(i).padStart(3, '0')}-${path.basename(from)}`);
    fs.writeFileSync(file, bytes);
    expected.set(crypto.createHash('sha256').update(bytes).digest('hex'), file);
  }
});
afterAll(() => {
  fs.rmSync(lib, { recursive: true, force: true });
  fs.rmSync(src, { recursive: true, force: true });
});

/** Runs the importer; kills it with SIGKILL at `killAt` (ms after start, or after the n-th finished file plus a delay). */
function runChild(killAt?: { afterMs: number } | { afterFiles: number; delayMs: number }): Promise<{ finished: boolean; filesSeen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, lib, src], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let filesSeen = 0;
    let killing = false;
    const kill = () => {
      if (!killing) {
        killing = true;
        child.kill('SIGKILL');
      }
    };
    if (killAt && 'afterMs' in killAt) setTimeout(kill, killAt.afterMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      filesSeen = Math.max(filesSeen, ...[...out.matchAll(/done (\d+)/g)].map((m) => Number(m[1])));
      if (killAt && 'afterFiles' in killAt && filesSeen >= killAt.afterFiles && !killing) setTimeout(kill, killAt.delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ finished: false, filesSeen });
      else if (code === 0) resolve({ finished: out.includes('finished'), filesSeen });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

/** Opens the library (which cleans up) and checks that every file is either fully imported or absent. */
function checkLibrary(): number {
  const library = Library.open(lib);
  try {
    expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(library.db.pragma('foreign_key_check')).toEqual([]);
    const dumps = library.db.prepare('SELECT id, sha256, size, stored_path FROM dump_files').all() as { id: number; sha256: string; size: number; stored_path: string }[];
    for (const d of dumps) {
      expect(expected.has(d.sha256)).toBe(true);
      const file = library.store.absolutePath(d.sha256);
      const bytes = fs.readFileSync(file);
      expect(bytes.length).toBe(d.size);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
      const cases = library.db.prepare('SELECT c.id, c.status, r.case_id AS report FROM cases c LEFT JOIN reports r ON r.case_id = c.id WHERE c.dump_id = ?').all(d.id) as { id: number; status: string; report: number | null }[];
      expect(cases).toHaveLength(1);
      // A parsed file has its report; a file that failed to parse is a case in error state without one.
      expect(cases[0]!.report === null).toBe(cases[0]!.status === 'error');
    }
    expect(library.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(dumps.length);
    // No orphans after cleanup: the store holds exactly the files with rows, and no temp files.
    expect(library.store.listStored().sort()).toEqual(dumps.map((d) => d.sha256).sort());
    expect(fs.readdirSync(library.store.tempDir)).toEqual([]);
    return dumps.length;
  } finally {
    library.close();
  }
}

describe('crash safety', () => {
  it(`keeps the library whole when the importer is SIGKILLed ${KILLS} times at random moments`, { timeout: 120_000 }, async () => {
    let previous = 0;
    const seen: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // A third of the kills land anywhere from start-up on, the others during the import at a random file plus a random delay.
      const killAt = k % 3 === 0 ? { afterMs: 50 + Math.floor(Math.random() * 600) } : { afterFiles: 1 + Math.floor(Math.random() * 12), delayMs: Math.floor(Math.random() * 25) };
      const run = await runChild(killAt);
      const count = checkLibrary();
      expect(count).toBeGreaterThanOrEqual(previous);
      previous = count;
      seen.push(count);
      if (run.finished) break;
    }
    const last = await runChild();
    expect(last.finished).toBe(true);
    expect(checkLibrary()).toBe(FILES);
    // The kills interrupted a running import at least once (not all before the first file or after the last).
    expect(seen.some((n) => n > 0 && n < FILES)).toBe(true);
  });
});
