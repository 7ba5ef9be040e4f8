import type { CrashReport } from '../../native-free-core/model/report';
import { analyzeInWorker } from '../import/analyze-in-worker';
import { processFile } from '../pipeline/process';
import { NotFoundError, type Library, type ReanalysisResult } from './library';

export type ReanalyzeOutcome = ({ ok: true } & ReanalysisResult) | { ok: false; error: string };

/**
 * Rebuilds a case's report from its stored file with today's pipeline and
 * symbol folders, then swaps it in (Library.replaceReport). A file that still
 * does not parse leaves the case as it was and says why.
 */
export function reanalyzeCase(library: Library, caseId: number, symbolPath: string[]): ReanalyzeOutcome {
  const file = storedFile(library, caseId);
  if (typeof file !== 'string') return file;
  let report;
  try {
    report = processFile(file, { symbolPath }).report;
  } catch (e) {
    return unreadable(e instanceof Error ? e.message : String(e));
  }
  return swapIn(library, caseId, report);
}

/** reanalyzeCase with the parse on a worker thread (the app: a large kernel dump must not freeze it); the write stays here. */
export async function reanalyzeCaseInWorker(library: Library, caseId: number, symbolPath: string[]): Promise<ReanalyzeOutcome> {
  const file = storedFile(library, caseId);
  if (typeof file !== 'string') return file;
  const outcome = await analyzeInWorker(library.store.root, file, symbolPath);
  if (!library.getSummary(caseId)) throw new NotFoundError(`case ${caseId} was deleted while it was being re-analysed`);
  if ('error' in outcome) return unreadable(outcome.error);
  return swapIn(library, caseId, outcome.report);
}

function storedFile(library: Library, caseId: number): string | { ok: false; error: string } {
  if (!library.getSummary(caseId)) throw new NotFoundError(`no case ${caseId}`);
  const file = library.dumpPath(caseId);
  return file ?? { ok: false, error: 'the case has no stored file to re-analyse (it came from an export of another library); import the dump again' };
}

function unreadable(message: string): ReanalyzeOutcome {
  return { ok: false, error: `the stored file still cannot be read: ${message}` };
}

function swapIn(library: Library, caseId: number, report: CrashReport): ReanalyzeOutcome {
  return { ok: true, ...library.replaceReport(caseId, report) };
}
