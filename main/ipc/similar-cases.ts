import type { Library } from '../library/library';
import type { CaseDetail, CaseSummary } from '../library/types';
import { similarity } from '../../native-free-core/similarity/similarity';
import type { CrashReport } from '../../native-free-core/model/report';
import type { SimilarCase } from './contract';

/** Candidates scored per request; the library's similarity index replaces this scan when it exists. */
const MAX_CANDIDATES = 2000;

/**
 * Nearest cases by the core's weighted similarity: candidates are the cases
 * that share the faulting module or the crash code, plus the most recent
 * ones, each scored against the case.
 */
export function similarCases(library: Library, target: CaseDetail, limit: number): SimilarCase[] {
  if (!target.report) return [];
  const seen = new Map<number, CaseSummary>();
  const add = (rows: CaseSummary[]) => {
    for (const r of rows) if (r.id !== target.id && seen.size < MAX_CANDIDATES) seen.set(r.id, r);
  };
  const frames = target.report.stack.slice(0, 8);
  for (const m of new Set(frames.map((f) => f.module).filter((m): m is string => Boolean(m)))) add(library.listCases({ module: m, limit: 500 }).rows);
  if (target.code) add(library.listCases({ code: target.code, limit: 500 }).rows);
  add(library.listCases({ sort: 'imported', order: 'desc', limit: 500 }).rows);

  const scored: SimilarCase[] = [];
  for (const [id, summary] of seen) {
    const report: CrashReport | undefined = library.getCase(id)?.report;
    if (!report) continue;
    const s = similarity(target.report, report);
    if (s.score > 0) scored.push({ caseId: id, score: s.score, parts: { ...s.parts }, summary });
  }
  scored.sort((a, b) => b.score - a.score || a.caseId - b.caseId);
  return scored.slice(0, limit);
}
