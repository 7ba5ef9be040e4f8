import { processFile } from '../pipeline/process';
import { NotFoundError, type Library, type ReanalysisResult } from './library';

export type ReanalyzeOutcome = ({ ok: true } & ReanalysisResult) | { ok: false; error: string };

/**
 * Rebuilds a case's report from its stored file with today's pipeline and
 * symbol folders, then swaps it in (Library.replaceReport). A file that still
 * does not parse leaves the case as it was and says why.
 */
export function reanalyzeCase(library: Library, caseId: number, symbolPath: string[]): ReanalyzeOutcome {
  if (!library.getSummary(caseId)) throw new NotFoundError(`no case ${caseId}`);
  const file = library.dumpPath(caseId);
  if (!file) return { ok: false, error: 'the case has no stored file to re-analyse (it came from an export of another library); import the dump again' };
  let report;
  try {
    report = processFile(file, { symbolPath }).report;
  } catch (e) {
    return { ok: false, error: `the stored file still cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { ok: true, ...library.replaceReport(caseId, report) };
}
