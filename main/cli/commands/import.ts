import path from 'node:path';
import { importPaths } from '../../import/import-files';
import type { ImportProgress } from '../../import/types';
import { flagBool, flagString, UsageError } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { printJson } from '../io';
import { withLibrary } from '../library-arg';
import { symbolPathForLibrary } from '../../settings/settings';

function progressBar(p: ImportProgress): string {
  const width = 30;
  const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  const filled = Math.round(Math.min(1, fraction) * width);
  const mb = (n: number) => (n / 1048576).toFixed(1);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files, ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB${p.currentFile ? `  ${path.basename(p.currentFile)}` : ''}`;
}

export const importCommand: Command = {
  name: 'import',
  usage: 'import PATH... [--symbols PATH] [--workers N] [--json]',
  summary: 'import dumps and transcripts (files or folders, recursive; other files in folders are skipped) into the library; Ctrl-C cancels',
  run: (args, io) =>
    withLibrary(args, async (library) => {
      if (args.positional.length === 0) throw new UsageError('import needs at least one PATH');
      const workersFlag = flagString(args, 'workers');
      const workers = workersFlag === undefined ? undefined : Number(workersFlag);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError('--workers must be a positive whole number');
      const symbols = flagString(args, 'symbols');
      // --symbols first, then the app's settings, then _NT_SYMBOL_PATH
      const symbolPath = symbolPathForLibrary(library.dir, { extra: symbols ? [symbols] : [] });
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      let result;
      try {
        result = await importPaths(library, args.positional, {
          workers,
          symbolPath,
          signal: controller.signal,
          onProgress: (p) => io.progress?.(progressBar(p)),
        });
      } finally {
        process.off('SIGINT', onSigint);
        io.progress?.('');
      }
      if (flagBool(args, 'json')) printJson(io, result);
      else {
        for (const f of result.imported) io.out(`imported   case ${f.caseId}  ${f.file}`);
        for (const f of result.duplicates) io.out(`duplicate  case ${f.caseId}  ${f.file} (same sha256 as an existing case; not stored twice)`);
        for (const f of result.failed) io.err(`failed     ${f.caseId === null ? 'no case' : `case ${f.caseId}`}  ${f.error}`);
        const skipped = result.skipped?.length ?? 0;
        io.out(`${result.imported.length} imported, ${result.duplicates.length} duplicate, ${result.failed.length} failed${skipped ? `, ${skipped} skipped (not crash dumps)` : ''}${result.cancelled ? ' (cancelled: files not reached were not imported)' : ''}`);
      }
      return result.failed.length > 0 ? EXIT_BAD_INPUT : EXIT_OK;
    }),
};
