import type { Library } from '../library/library';
import { importPaths, importText } from '../import/import-files';
import { symbolPathForLibrary } from '../settings/settings';
import type { ImportResult } from '../import/types';
import type { Importer } from './import-jobs';

/** The handlers' view of the library's import API (main/import): files and folders, or pasted text; symbols from the settings and _NT_SYMBOL_PATH. */
export function createImporter(library: Library): Importer {
  return {
    importPaths: (paths, { onProgress, signal }) => importPaths(library, paths, { onProgress, signal, symbolPath: symbolPathForLibrary(library.dir) }),
    async importText(text, name) {
      const r = importText(library, text, name, symbolPathForLibrary(library.dir));
      const result: ImportResult = { imported: [], duplicates: [], failed: [], cancelled: false, skipped: [] };
      if (r.duplicate) result.duplicates.push({ caseId: r.caseId, file: name });
      else if (r.error) result.failed.push({ caseId: r.caseId, file: name, error: r.error });
      else result.imported.push({ caseId: r.caseId, file: name });
      return result;
    },
  };
}
