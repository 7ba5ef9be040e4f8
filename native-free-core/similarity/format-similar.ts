import type { SimilarityParts } from './similarity';

export interface SimilarRow {
  caseId: number | string;
  score: number;
  parts: SimilarityParts;
  /** what the list shows for the case, e.g. its title or bucket. */
  label?: string;
}

const part = (v: number | null) => (v === null ? '-' : v.toFixed(2));

/**
 * The text `crashbench similar ID` prints: one line per similar case, best
 * first, with the score and its parts. `--json` prints the rows as they are.
 */
export function formatSimilarText(query: string, rows: readonly SimilarRow[]): string[] {
  if (rows.length === 0) return [`No case is similar to ${query}.`];
  const idWidth = Math.max(4, ...rows.map((r) => String(r.caseId).length));
  const out = [`Cases similar to ${query}:`, `${'case'.padStart(idWidth)}  score  stack   code  module  findings  title`];
  for (const r of rows) {
    out.push(
      [
        String(r.caseId).padStart(idWidth),
        r.score.toFixed(3),
        part(r.parts.stack).padStart(5),
        part(r.parts.code).padStart(5),
        part(r.parts.module).padStart(6),
        part(r.parts.findings).padStart(8),
        r.label ?? '',
      ].join('  ').trimEnd(),
    );
  }
  return out;
}
