import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { detectFormat } from '../../native-free-core/formats/detect';
import type { Library } from '../library/library';
import { processSource } from '../pipeline/process';
import { displayName, messageOf, processImportTask, stageFailedTask, type ImportTask, type TaskBytes, type TaskOutcome } from './process-one';
import { spawnImportWorker } from './spawn-worker';
import { withFileSource } from '../fs/file-byte-source';
import type { ImportProgress, ImportResult } from './types';

export interface ImportOptions {
  onProgress?(p: ImportProgress): void;
  signal?: AbortSignal;
  /** worker threads; default one per core (at most one per file); 0 processes in this thread. */
  workers?: number;
  /** local symbol folders for the stack walk; absent: _NT_SYMBOL_PATH's local folders */
  symbolPath?: string[];
}

interface FileEntry {
  file: string;
  size: number;
}

/**
 * Imports files and folders (recursively). Each file is copied into the
 * store and parsed in a worker; the main thread renames it into place and
 * writes its case in one transaction. A file that fails to parse becomes a
 * case in error state; nothing stops the batch except the signal.
 */
export async function importPaths(library: Library, paths: string[], opts: ImportOptions = {}): Promise<ImportResult> {
  const result: ImportResult = { imported: [], duplicates: [], failed: [], cancelled: false, skipped: [] };
  const files = collectFiles(paths, library.dir, result);
  const progress: ImportProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: files.reduce((n, f) => n + f.size, 0) };
  // Bytes of files still being copied, so a multi-gigabyte dump moves the bar while it is copied.
  const partial = new Map<number, number>();
  let partialSum = 0;
  const emit = (currentFile?: string) => opts.onProgress?.({ ...progress, bytesDone: progress.bytesDone + partialSum, ...(currentFile ? { currentFile } : {}) });
  const settle = (entry: FileEntry, outcome: TaskOutcome) => {
    partialSum -= partial.get(outcome.id) ?? 0;
    partial.delete(outcome.id);
    settleOutcome(library, entry.file, outcome, result);
    progress.filesDone++;
    progress.bytesDone += entry.size;
    emit();
  };
  const copied = (b: TaskBytes) => {
    partialSum += b.copied - (partial.get(b.id) ?? 0);
    partial.set(b.id, b.copied);
    emit(files[b.id]?.file);
  };
  emit();
  if (opts.signal?.aborted) return { ...result, cancelled: true };
  const wanted = opts.workers ?? (os.availableParallelism?.() ?? os.cpus().length);
  const count = Math.min(Math.max(0, Math.floor(wanted)), files.length);
  if (count === 0) {
    result.cancelled = await importInline(library, files, 0, opts, settle, emit, copied);
  } else {
    result.cancelled = await importWithWorkers(library, files, count, opts, settle, emit, copied);
  }
  return result;
}

/** Imports pasted WinDbg text (or any bytes) as one file named `name`. */
export function importText(library: Library, text: string, name: string, symbolPath?: string[]): { caseId: number; duplicate: boolean; error?: string } {
  const bytes = new TextEncoder().encode(text);
  const staged = library.store.stageBytes(bytes);
  let report;
  let error: string | undefined;
  let format = 'unknown';
  try {
    report = processSource(new BufferByteSource(name, bytes), symbolPath ? { symbolPath } : {}).report;
    format = report.format;
  } catch (e) {
    error = messageOf(e);
    format = detectFormat(new BufferByteSource(name, bytes))?.format ?? 'unknown';
  }
  try {
    const added = library.addStagedFile(staged, { fileName: name, originalName: name, format, report, error });
    return error ? { ...added, error } : added;
  } catch (e) {
    library.store.discard(staged);
    throw e;
  }
}

export const NOT_A_DUMP = 'not a crash dump or WinDbg text';

/**
 * Every file under the given paths (folders recursively, symlinked folders
 * not followed), each once. Files found inside a folder whose content is not
 * a dump or a transcript go to result.skipped; files named explicitly are
 * kept whatever they hold, so the user learns why they are not dumps.
 */
export function collectFiles(paths: string[], libraryDir: string, result: ImportResult): FileEntry[] {
  const seen = new Set<string>();
  const out: FileEntry[] = [];
  const libraryReal = safeRealpath(libraryDir);
  const visit = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try {
      st = explicit ? fs.statSync(p) : fs.lstatSync(p);
    } catch (e) {
      result.failed.push({ caseId: null, file: p, error: messageOf(e) });
      return;
    }
    if (st.isSymbolicLink()) {
      try {
        st = fs.statSync(p);
      } catch {
        return;
      }
      if (st.isDirectory()) return;
    }
    const real = safeRealpath(p);
    if (seen.has(real) || (libraryReal && (real === libraryReal || real.startsWith(libraryReal + path.sep)))) return;
    seen.add(real);
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(p).sort();
      } catch (e) {
        result.failed.push({ caseId: null, file: p, error: messageOf(e) });
        return;
      }
      for (const name of names) visit(path.join(p, name), false);
    } else if (st.isFile()) {
      if (!explicit && !looksImportable(p)) {
        (result.skipped ??= []).push({ file: p, reason: NOT_A_DUMP });
        return;
      }
      out.push({ file: p, size: st.size });
    }
  };
  for (const p of paths) visit(path.resolve(p), true);
  return out;
}

function settleOutcome(library: Library, file: string, outcome: TaskOutcome, result: ImportResult): void {
  if ('readError' in outcome) {
    result.failed.push({ caseId: null, file, error: outcome.readError });
    return;
  }
  const name = displayName(file);
  try {
    const { caseId, duplicate } = library.addStagedFile(outcome.staged, {
      fileName: name,
      originalName: name,
      format: outcome.format,
      report: outcome.report,
      error: outcome.error,
    });
    if (duplicate) result.duplicates.push({ caseId, file });
    else if (outcome.error) result.failed.push({ caseId, file, error: outcome.error });
    else result.imported.push({ caseId, file });
  } catch (e) {
    library.store.discard(outcome.staged);
    result.failed.push({ caseId: null, file, error: messageOf(e) });
  }
}

type Settle = (entry: FileEntry, outcome: TaskOutcome) => void;
type Copied = (b: TaskBytes) => void;

/** Processes files one after the other in this thread, yielding between files. Returns true when cancelled. */
async function importInline(library: Library, files: FileEntry[], start: number, opts: ImportOptions, settle: Settle, emit: (f?: string) => void, copied: Copied): Promise<boolean> {
  const signal = opts.signal;
  for (let i = start; i < files.length; i++) {
    if (signal?.aborted) return true;
    const entry = files[i]!;
    emit(entry.file);
    settle(entry, processImportTask(library.store, newTask(library, i, entry.file, opts), (n) => copied({ id: i, copied: n })));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return !!signal?.aborted;
}

/** Runs a pool of workers over the files. Returns true when cancelled. */
function importWithWorkers(library: Library, files: FileEntry[], count: number, opts: ImportOptions, settle: Settle, emit: (f?: string) => void, copied: Copied): Promise<boolean> {
  const signal = opts.signal;
  return new Promise<boolean>((resolve, reject) => {
    const inflight = new Map<Worker, ImportTask>();
    const workers = new Set<Worker>();
    let next = 0;
    let everReady = false;
    let respawns = 0;
    let done = false;

    const finish = (cancelled: boolean) => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      for (const task of inflight.values()) library.store.discard(task);
      inflight.clear();
      resolve(cancelled);
    };
    const onAbort = () => finish(true);
    signal?.addEventListener('abort', onAbort);

    const dispatch = (w: Worker) => {
      if (done) return;
      if (next >= files.length) {
        if (inflight.size === 0) finish(false);
        return;
      }
      const id = next++;
      const task = newTask(library, id, files[id]!.file, opts);
      inflight.set(w, task);
      emit(task.file);
      w.postMessage(task);
    };

    const start = () => {
      const w = spawnImportWorker(library.store.root);
      workers.add(w);
      let ready = false;
      w.on('message', (m: TaskOutcome | TaskBytes | { ready: true }) => {
        if (done) return;
        if ('ready' in m) {
          ready = everReady = true;
          dispatch(w);
          return;
        }
        if ('copied' in m) {
          copied(m);
          return;
        }
        const task = inflight.get(w);
        inflight.delete(w);
        if (task) {
          try {
            settle(files[task.id]!, m);
          } catch (e) {
            finish(false);
            reject(e);
            return;
          }
        }
        dispatch(w);
      });
      const died = (err: Error) => {
        if (done || !workers.has(w)) return;
        workers.delete(w);
        const task = inflight.get(w);
        inflight.delete(w);
        if (task) {
          library.store.discard(task);
          // The worker died on this file (e.g. out of memory on a hostile dump): it becomes an error case, the batch goes on.
          settle(files[task.id]!, stageFailedTask(library.store, task, `the import worker failed on this file: ${messageOf(err)}`));
        }
        if (next >= files.length && inflight.size === 0) {
          finish(false);
          return;
        }
        if ((ready || everReady) && respawns++ < files.length) {
          start();
        } else if (workers.size === 0) {
          // Workers cannot start here (e.g. no loader for the sources): do the rest in this thread.
          importInline(library, files, next, opts, settle, emit, copied).then((c) => finish(c), reject);
          next = files.length;
        }
      };
      w.on('error', died);
      // A worker that stops without an error (process.exit in a dependency, say) must not leave its file hanging.
      w.on('exit', (code) => died(new Error(`the worker stopped (exit code ${code})`)));
    };
    for (let i = 0; i < count; i++) start();
  });
}

function newTask(library: Library, id: number, file: string, opts: ImportOptions): ImportTask {
  return { id, file, tempPath: library.store.newTempPath(), ...(opts.symbolPath ? { symbolPath: opts.symbolPath } : {}) };
}

/** Whether a file's content is a dump or a transcript; a file that cannot be read is kept, so its read error is reported. */
function looksImportable(file: string): boolean {
  try {
    return withFileSource(file, (source) => detectFormat(source) !== null);
  } catch {
    return true;
  }
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
