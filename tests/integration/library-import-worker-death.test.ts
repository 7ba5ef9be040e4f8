// An import worker that dies in the middle of a file (as one out of memory on a hostile dump does):
// that file becomes an error case, a new worker takes the rest, and the store keeps no half file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importPaths } from '../../main/import/import-files';
import type { ImportTask, TaskBytes } from '../../main/import/process-one';
import { Library } from '../../main/library/library';
import { CORPUS, tempDir } from './library-fixtures';

const DOOMED = 'b-doomed.dmp';
const spawned: Worker[] = [];
/** how the worker goes: an 'error' event once stopped (out of memory), or just an exit */
let death: 'error' | 'exit' = 'error';

vi.mock('../../main/import/spawn-worker', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../main/import/spawn-worker')>();
  return {
    spawnImportWorker(storeRoot: string): Worker {
      const w = real.spawnImportWorker(storeRoot);
      spawned.push(w);
      let doomedId: number | undefined;
      const post = w.postMessage.bind(w);
      w.postMessage = (task: ImportTask) => {
        if (task.file.endsWith(DOOMED)) doomedId = task.id;
        post(task);
      };
      // Killed after the first 16 MiB of the doomed file are copied: mid-file, with a partial temp file.
      w.on('message', (m: TaskBytes) => {
        if (doomedId === undefined || m.id !== doomedId || !('copied' in m)) return;
        doomedId = undefined;
        // Node reports a dead worker with 'error', then 'exit', once the thread has stopped (and drops the
        // listeners after exit): keep them and deliver both in that order after terminate().
        const onError = w.listeners('error') as ((e: Error) => void)[];
        const onExit = w.listeners('exit') as ((code: number) => void)[];
        w.removeAllListeners('exit');
        void w.terminate().then((code) => {
          if (death === 'error') for (const l of onError) l(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'));
          for (const l of onExit) l(code);
        });
      });
      return w;
    },
  };
});

let dir: string;
let src: string;
let lib: Library;

beforeEach(() => {
  dir = tempDir('worker-death-lib');
  src = tempDir('worker-death-src');
  spawned.length = 0;
  death = 'error';
  fs.copyFileSync(path.join(CORPUS, 'seed/crash1-analyze.txt'), path.join(src, 'a-crash1.txt'));
  fs.writeFileSync(path.join(src, DOOMED), Buffer.concat([fs.readFileSync(path.join(CORPUS, 'minidump/breakpad/minidump2.dmp')), Buffer.alloc(40 << 20, 0x41)]));
  fs.copyFileSync(path.join(CORPUS, 'minidump/breakpad/null_read_av.dmp'), path.join(src, 'c-null-read.dmp'));
  fs.copyFileSync(path.join(CORPUS, 'seed/crash2-stack.txt'), path.join(src, 'd-crash2.txt'));
  lib = Library.open(dir);
});
afterEach(() => {
  lib.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(src, { recursive: true, force: true });
});

describe('an import worker dying mid-file', () => {
  it('makes that file an error case holding the whole file, and a new worker imports the rest', async () => {
    const result = await importPaths(lib, [src], { workers: 1 });
    expect(result.cancelled).toBe(false);
    expect(spawned.length).toBeGreaterThanOrEqual(2);
    expect(result.imported.map((f) => path.basename(f.file)).sort()).toEqual(['a-crash1.txt', 'c-null-read.dmp', 'd-crash2.txt']);
    expect(result.failed).toHaveLength(1);
    const failed = result.failed[0]!;
    expect(path.basename(failed.file)).toBe(DOOMED);
    expect(failed.error).toMatch(/^the import worker failed on this file: .*out of memory/);
    const c = lib.getCase(failed.caseId!)!;
    expect(c).toMatchObject({ status: 'error', error: failed.error, format: 'minidump' });
    const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(src, DOOMED))).digest('hex');
    expect(c.file!.sha256).toBe(sha);
    expect(crypto.createHash('sha256').update(fs.readFileSync(lib.store.absolutePath(sha))).digest('hex')).toBe(sha);

    // no partial copy left behind, and every stored file has its row
    expect(fs.readdirSync(lib.store.tempDir)).toEqual([]);
    const rows = lib.db.prepare('SELECT sha256 FROM dump_files').pluck().all() as string[];
    expect(lib.store.listStored().sort()).toEqual([...rows].sort());
    expect(lib.listCases().total).toBe(4);
  });

  it('does the same when the worker just exits, without an error event', async () => {
    death = 'exit';
    const result = await importPaths(lib, [src], { workers: 1 });
    expect(result.imported).toHaveLength(3);
    expect(result.failed.map((f) => [path.basename(f.file), f.error])).toEqual([[DOOMED, 'the import worker failed on this file: the worker stopped (exit code 1)']]);
    expect(fs.readdirSync(lib.store.tempDir)).toEqual([]);
  });
});
