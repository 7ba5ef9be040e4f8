import fs from 'node:fs';
import path from 'node:path';
import type { Library } from '../library/library';
import { displayName, messageOf, processImportTask } from '../import/process-one';
import { processSource } from '../pipeline/process';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import type { ImportResult } from '../import/types';
import type { Importer } from './import-jobs';

const MAX_FILES = 100_000;

/** Files under the given paths (folders walked, symlinks not followed), in a stable order. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (out.length >= MAX_FILES) return;
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    else if (st.isFile()) out.push(p);
  };
  for (const p of paths) walk(path.resolve(p));
  return out;
}

/**
 * The import the handlers run: each file staged into the store while hashed,
 * parsed and analyzed, then committed with its case (duplicates by sha256
 * are recognised and not stored twice).
 */
export function createImporter(library: Library): Importer {
  return {
    async importPaths(paths, { onProgress, signal }) {
      const files = expandPaths(paths);
      const sizes = files.map((f) => fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0);
      const bytesTotal = sizes.reduce((a, b) => a + b, 0);
      const result: ImportResult = { imported: [], duplicates: [], failed: [], cancelled: false };
      let bytesDone = 0;
      for (let i = 0; i < files.length; i++) {
        if (signal?.aborted) {
          result.cancelled = true;
          break;
        }
        const file = files[i]!;
        onProgress?.({ filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, currentFile: displayName(file) });
        // yield so progress events and a cancel request get through between files
        await new Promise((r) => setImmediate(r));
        const outcome = processImportTask(library.store, { id: i, file, tempPath: library.store.newTempPath() });
        if ('readError' in outcome) {
          result.failed.push({ caseId: null, file, error: outcome.readError });
        } else {
          try {
            const added = library.addStagedFile(outcome.staged, {
              fileName: displayName(file),
              originalName: displayName(file),
              format: outcome.format,
              report: outcome.report,
              error: outcome.error,
            });
            if (added.duplicate) result.duplicates.push({ caseId: added.caseId, file });
            else if (outcome.error) result.failed.push({ caseId: added.caseId, file, error: outcome.error });
            else result.imported.push({ caseId: added.caseId, file });
          } catch (e) {
            library.store.discard(outcome.staged);
            result.failed.push({ caseId: null, file, error: messageOf(e) });
          }
        }
        bytesDone += sizes[i]!;
      }
      onProgress?.({ filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal });
      return result;
    },

    async importText(text, name) {
      const bytes = new TextEncoder().encode(text);
      const staged = library.store.stageBytes(bytes);
      const result: ImportResult = { imported: [], duplicates: [], failed: [], cancelled: false };
      let report;
      let error: string | undefined;
      try {
        report = processSource(new BufferByteSource(name, bytes)).report;
      } catch (e) {
        error = messageOf(e);
      }
      const added = library.addStagedFile(staged, { fileName: name, originalName: name, format: report?.format ?? 'windbg-text', report, error });
      if (added.duplicate) result.duplicates.push({ caseId: added.caseId, file: name });
      else if (error) result.failed.push({ caseId: added.caseId, file: name, error });
      else result.imported.push({ caseId: added.caseId, file: name });
      return result;
    },
  };
}
