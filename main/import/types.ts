// Plain types of the import pipeline, shared with the IPC contract and the renderer. No Node imports here.

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** the file being worked on (the last one started), absent when idle */
  currentFile?: string;
}

export interface ImportedFile {
  caseId: number;
  file: string;
}

export interface FailedFile {
  /** the case in error state that holds the file; null when the file could not even be read */
  caseId: number | null;
  file: string;
  error: string;
}

export interface SkippedFile {
  file: string;
  /** why it was left out, e.g. "not a crash dump or WinDbg text" */
  reason: string;
}

export interface ImportResult {
  imported: ImportedFile[];
  /** files whose sha256 the library already had: caseId is the existing case */
  duplicates: ImportedFile[];
  /** files that could not be parsed (kept as cases in error state) or read */
  failed: FailedFile[];
  /** true when the signal stopped the import; files not reached are not in the library at all */
  cancelled: boolean;
  /**
   * files found while walking a folder that are not dumps or WinDbg text
   * (.sym, notes, expected outputs): not imported and not errors. Always
   * present in importPaths' result; optional for results made elsewhere.
   */
  skipped?: SkippedFile[];
}
