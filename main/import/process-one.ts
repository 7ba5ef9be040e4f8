import path from 'node:path';
import { detectFormat } from '../../native-free-core/formats/detect';
import type { CrashReport } from '../../native-free-core/model/report';
import { withFileSource } from '../fs/file-byte-source';
import { processFile } from '../pipeline/process';
import { DumpStore, type StagedFile } from '../store/dump-store';

/** One file to import, as sent to a worker. */
export interface ImportTask {
  id: number;
  file: string;
  tempPath: string;
  /** local symbol folders for the stack walk (settings + _NT_SYMBOL_PATH); absent: _NT_SYMBOL_PATH only */
  symbolPath?: string[];
}

/** A worker's note on a large file: bytes of it copied so far. */
export interface TaskBytes {
  id: number;
  copied: number;
}

/** What a worker sends back: the staged copy and the analysis, or why the file could not be read. */
export type TaskOutcome =
  | { id: number; staged: StagedFile; format: string; report?: CrashReport; error?: string }
  | { id: number; readError: string };

/**
 * The off-main-thread half of an import: copy the file into the store's temp
 * folder while hashing it (fsynced), then parse and analyze it. A parse
 * failure is an outcome, not an exception: the file still becomes a case.
 */
export function processImportTask(store: DumpStore, task: ImportTask, onBytes?: (copied: number) => void): TaskOutcome {
  let staged: StagedFile;
  try {
    staged = store.stageFile(task.file, task.tempPath, onBytes);
  } catch (e) {
    return { id: task.id, readError: messageOf(e) };
  }
  try {
    const parsed = processFile(task.file, task.symbolPath ? { symbolPath: task.symbolPath } : {});
    return { id: task.id, staged, format: parsed.report.format, report: parsed.report };
  } catch (e) {
    return { id: task.id, staged, format: detectQuietly(task.file), error: messageOf(e) };
  }
}

/**
 * When the worker died on a file (out of memory on a hostile dump, say), the
 * file still becomes a case: staged here, in error state with the reason.
 */
export function stageFailedTask(store: DumpStore, task: ImportTask, error: string): TaskOutcome {
  try {
    return { id: task.id, staged: store.stageFile(task.file, store.newTempPath()), format: detectQuietly(task.file), error };
  } catch (e) {
    return { id: task.id, readError: messageOf(e) };
  }
}

function detectQuietly(file: string): string {
  try {
    return withFileSource(file, (source) => detectFormat(source)?.format ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

export function displayName(file: string): string {
  return path.basename(file);
}
