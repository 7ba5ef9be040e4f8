import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectConsistentStore(): void {
  expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(fs.readdirSync(lib.store.tempDir)).toEqual([]);
  const rows = lib.db.prepare('SELECT sha256 FROM dump_files').pluck().all() as string[];
  expect(lib.store.listStored().sort()).toEqual([...rows].sort());
  for (const s of rows) expect(sha(lib.store.absolutePath(s))).toBe(s);
}

describe('importPaths', () => {
  it('imports a folder recursively in workers: every file is a case, parse failures are error cases, duplicates are found', async () => {
    const progress: ImportProgress[] = [];
    const result = await importPaths(lib, [src], { workers: 2, onProgress: (p) => progress.push(p) });
    const files = PICKS.length + 1;
    expect(result.cancelled).toBe(false);
    expect(result.imported.length + result.duplicates.length + result.failed.length).toBe(files);
    expect(result.duplicates.map((d) => path.basename(d.file)).sort()).toEqual(['copy-of-minidump2.dmp']);
    expect(result.failed.every((f) => f.caseId !== null)).toBe(true);
    const random = result.failed.find((f) => f.file.endsWith('random-64KiB-seed1.bin'));
    expect(random?.error).toMatch(/not a crash dump/);
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
    const summary = (ids: number[]) => ids.map((id) => lib.getSummary(id)!).map((c) => `${c.fileName} ${c.status} ${c.code ?? ''} ${c.format}`).sort();
    const inlineCases = summary([...inline.imported, ...inline.failed].map((x) => x.caseId!));
    const other = Library.open(tempDir('import-lib2'));
    try {
      const pooled = await importPaths(other, [src], { workers: 2 });
      const pooledCases = [...pooled.imported, ...pooled.failed].map((x) => other.getSummary(x.caseId!)!).map((c) => `${c.fileName} ${c.status} ${c.code ?? ''} ${c.format}`).sort();
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
