import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../main/cli/io';
import { runCli } from '../../main/cli/main';
import { importPaths, importText } from '../../main/import/import-files';
import type { ImportProgress } from '../../main/import/types';
import { Library } from '../../main/library/library';
import { CORPUS, tempDir } from './library-fixtures';

let dir: string;
let src: string;
let lib: Library;

const PICKS = [
  'windbg-text/analyze-v-0xd1-usbport-x86.txt',
  'windbg-text/bugcheck-0x50-analyze-trap-db-u-r-x64.txt',
  'windbg-text/user-divide-by-zero-analyze-x64.txt',
  'seed/crash1-analyze.txt',
  'minidump/breakpad/minidump2.dmp',
  'minidump/breakpad/null_read_av.dmp',
  'malformed/random-64KiB-seed1.bin',
  'malformed/mdmp-trunc-0100b-partial-directory.dmp',
  'malformed/empty-0b.dmp',
];

beforeEach(() => {
  dir = tempDir('import-lib');
  src = tempDir('import-src');
  for (const [i, p] of PICKS.entries()) {
    const to = path.join(src, i % 2 ? 'nested/deeper' : '', path.basename(p));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(CORPUS, p), to);
  }
  fs.copyFileSync(path.join(CORPUS, PICKS[4]!), path.join(src, 'nested', 'copy-of-minidump2.dmp'));
  lib = Library.open(dir);
});
afterEach(() => {
  lib.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(src, { recursive: true, force: true });
});

function countFiles(dir: string, keep: (f: string) => boolean): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name), keep) : keep(e.name) ? 1 : 0), 0);
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectConsistentStore(): void {
  expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(fs.readdirSync(lib.store.tempDir)).toEqual([]);
  const rows = lib.db.prepare('SELECT sha256 FROM dump_files').pluck().all() as string[];
  expect(lib.store.listStored().sort()).toEqual([...rows].sort());
  for (const s of rows) expect(sha(lib.store.absolutePath(s))).toBe(s);
}

describe('importPaths', () => {
  it('imports a folder recursively in workers: dumps are cases, parse failures are error cases, other files are skipped, duplicates are found', async () => {
    const progress: ImportProgress[] = [];
    const result = await importPaths(lib, [src], { workers: 2, onProgress: (p) => progress.push(p) });
    // random bytes and an empty file are not dumps: skipped, not error cases
    const files = PICKS.length + 1 - 2;
    expect(result.cancelled).toBe(false);
    expect(result.skipped!.map((s) => path.basename(s.file)).sort()).toEqual(['empty-0b.dmp', 'random-64KiB-seed1.bin']);
    expect(result.imported.length + result.duplicates.length + result.failed.length).toBe(files);
    // two workers race: whichever copy of minidump2 lands second is the duplicate
    expect(result.duplicates).toHaveLength(1);
    const twins = ['copy-of-minidump2.dmp', 'minidump2.dmp'];
    expect(twins).toContain(path.basename(result.duplicates[0]!.file));
    expect(result.imported.map((f) => path.basename(f.file)).filter((n) => twins.includes(n))).toHaveLength(1);
    expect(result.duplicates[0]!.caseId).toBe(result.imported.find((f) => twins.includes(path.basename(f.file)))!.caseId);
    expect(result.failed.every((f) => f.caseId !== null)).toBe(true);
    expect(result.failed.map((f) => path.basename(f.file))).toEqual(['mdmp-trunc-0100b-partial-directory.dmp']);
    for (const f of result.failed) expect(lib.getCase(f.caseId!)).toMatchObject({ status: 'error', error: f.error });
    for (const f of result.imported) {
      const c = lib.getCase(f.caseId)!;
      expect(c.status).toBe('new');
      expect(c.report).toBeDefined();
      expect(c.file!.sha256).toBe(sha(f.file));
    }
    expect(lib.listCases().total).toBe(files - 1);

    expect(progress.at(-1)).toMatchObject({ filesDone: files, filesTotal: files });
    expect(progress.at(-1)!.bytesDone).toBe(progress.at(-1)!.bytesTotal);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.filesDone).toBeGreaterThanOrEqual(progress[i - 1]!.filesDone);
    expect(progress.some((p) => p.currentFile?.endsWith('.txt'))).toBe(true);
    expectConsistentStore();

    const again = await importPaths(lib, [src], { workers: 1 });
    expect(again.duplicates).toHaveLength(files);
    expect(lib.listCases().total).toBe(files - 1);
  });

  it('gives the same cases in this thread as in workers', async () => {
    const inline = await importPaths(lib, [src], { workers: 0 });
    // which of the two equal minidumps is the case and which the duplicate depends on worker timing
    const name = (fileName: string) => fileName.replace(/^copy-of-/, '');
    const summary = (ids: number[]) => ids.map((id) => lib.getSummary(id)!).map((c) => `${name(c.fileName)} ${c.status} ${c.code ?? ''} ${c.format}`).sort();
    const inlineCases = summary([...inline.imported, ...inline.failed].map((x) => x.caseId!));
    const other = Library.open(tempDir('import-lib2'));
    try {
      const pooled = await importPaths(other, [src], { workers: 2 });
      const pooledCases = [...pooled.imported, ...pooled.failed].map((x) => other.getSummary(x.caseId!)!).map((c) => `${name(c.fileName)} ${c.status} ${c.code ?? ''} ${c.format}`).sort();
      expect(pooledCases).toEqual(inlineCases);
    } finally {
      other.close();
      fs.rmSync(other.dir, { recursive: true, force: true });
    }
  });

  it('stops on cancellation, leaving only whole imports and no temp files', async () => {
    const controller = new AbortController();
    const result = await importPaths(lib, [src], {
      workers: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone >= 2) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    const done = result.imported.length + result.failed.length;
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(PICKS.length + 1);
    expect(lib.listCases().total).toBe(done);
    expectConsistentStore();
  });

  it('reports bytes while a large file is being copied, not only when it is done', async () => {
    const big = path.join(tempDir('import-big'), 'big.dmp');
    fs.writeFileSync(big, Buffer.concat([fs.readFileSync(path.join(CORPUS, PICKS[4]!)), Buffer.alloc(40 << 20, 0x41)]));
    const progress: ImportProgress[] = [];
    const result = await importPaths(lib, [big], { workers: 1, onProgress: (p) => progress.push(p) });
    fs.rmSync(path.dirname(big), { recursive: true, force: true });
    expect(result.imported.length + result.failed.length).toBe(1);
    const midway = progress.filter((p) => p.filesDone === 0 && p.bytesDone > 0);
    expect(midway.length).toBeGreaterThanOrEqual(2);
    expect(midway.every((p) => p.bytesDone < p.bytesTotal && p.currentFile === big)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ filesDone: 1, bytesDone: progress.at(-1)!.bytesTotal });
    expectConsistentStore();
  });

  it('reports paths that do not exist without stopping the others', async () => {
    const result = await importPaths(lib, [path.join(src, 'nope.dmp'), path.join(src, 'analyze-v-0xd1-usbport-x86.txt')], { workers: 0 });
    expect(result.failed.find((f) => f.file.endsWith('nope.dmp'))).toMatchObject({ caseId: null });
    expect(lib.listCases().total).toBe(1);
  });

  it('keeps a file named explicitly as an error case even when it is not a dump', async () => {
    const random = path.join(src, 'random-64KiB-seed1.bin');
    const result = await importPaths(lib, [random], { workers: 0 });
    expect(result.skipped).toEqual([]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.error).toMatch(/not a crash dump/);
    expect(lib.getCase(result.failed[0]!.caseId!)).toMatchObject({ status: 'error' });
  });

  it('skips the .sym, .md and .out files of the minidump corpus folder and imports its dumps', async () => {
    const folder = path.join(CORPUS, 'minidump');
    const result = await importPaths(lib, [folder], { workers: 2 });
    const skipped = result.skipped!.map((s) => path.relative(folder, s.file).split(path.sep).join('/'));
    expect(skipped).toContain('breakpad/expected/breakpad-expectations.md');
    expect(skipped).toContain('breakpad/expected/minidump2.stackwalk.out');
    expect(skipped.some((f) => f.endsWith('.sym'))).toBe(true);
    expect(result.skipped!.every((s) => s.reason === 'not a crash dump or WinDbg text')).toBe(true);
    expect(skipped.filter((f) => f.endsWith('.dmp'))).toEqual([]);
    expect(result.failed.filter((f) => !f.file.endsWith('.dmp'))).toEqual([]);
    const dumps = countFiles(folder, (f) => f.endsWith('.dmp'));
    expect(result.imported.length + result.duplicates.length + result.failed.length).toBe(dumps);
    expect(result.skipped!.length + dumps).toBe(countFiles(folder, () => true));
  });
});

describe('crashbench import', () => {
  async function run(...argv: string[]) {
    const out: string[] = [];
    const io: CliIO = { out: (l) => out.push(l), err: () => {} };
    return { code: await runCli(argv, io), out: out.join('\n') };
  }

  it('counts the skipped files of a folder, and lists them with --json', async () => {
    const folder = path.join(CORPUS, 'minidump/breakpad/expected');
    const text = await run('import', '--library', dir, src, folder);
    expect(text.out).toMatch(/\b6 skipped \(not crash dumps\)/);
    const json = JSON.parse((await run('import', '--json', '--library', dir, folder)).out) as { skipped: { file: string; reason: string }[] };
    expect(json.skipped.map((s) => path.basename(s.file)).sort()).toEqual(fs.readdirSync(folder).sort());
  });
});

describe('importText', () => {
  it('stores pasted WinDbg text as a case and recognises it when pasted again', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'seed/crash1-analyze.txt'), 'utf8');
    const first = importText(lib, text, 'pasted.txt');
    const c = lib.getCase(first.caseId)!;
    expect(c.format).toBe('windbg-text');
    expect(c.fileName).toBe('pasted.txt');
    expect(fs.readFileSync(lib.dumpPath(first.caseId)!, 'utf8')).toBe(text);
    expect(importText(lib, text, 'again.txt')).toMatchObject({ caseId: first.caseId, duplicate: true });
    const bad = importText(lib, 'hello, not a transcript', 'hello.txt');
    expect(lib.getCase(bad.caseId)).toMatchObject({ status: 'error', format: 'unknown' });
    expectConsistentStore();
  });
});
