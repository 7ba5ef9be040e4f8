import { normalizeCode } from './report-summary';
import type { CaseQuery, CaseSort } from './types';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const SORT_COLUMNS: Record<CaseSort, string> = {
  crashTime: 'r.when_at',
  imported: 'c.created_at',
  code: 'r.code',
  module: 'r.faulting_module',
  bucket: 'r.bucket',
  title: 'c.title COLLATE NOCASE',
  status: 'c.status',
};

export interface CompiledQuery {
  where: string;
  params: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
}

/** Turns a CaseQuery into a WHERE clause over `cases c JOIN reports r`; every value is a bound parameter. */
export function compileCaseQuery(q: CaseQuery): CompiledQuery {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (q.code) {
    clauses.push('r.code = ?');
    params.push(normalizeCode(q.code));
  }
  if (q.module) {
    clauses.push('r.faulting_module = ?');
    params.push(q.module);
  }
  if (q.bucket) {
    clauses.push('r.bucket = ?');
    params.push(q.bucket);
  }
  if (q.status) {
    clauses.push('c.status = ?');
    params.push(q.status);
  }
  if (q.tag) {
    clauses.push('c.id IN (SELECT case_id FROM case_tags WHERE tag = ?)');
    params.push(q.tag);
  }
  if (q.from) {
    clauses.push('r.when_at >= ?');
    params.push(isoBound(q.from, 'from'));
  }
  if (q.to) {
    clauses.push('r.when_at <= ?');
    params.push(isoBound(q.to, 'to'));
  }
  const match = q.text ? ftsMatchExpression(q.text) : '';
  if (match) {
    clauses.push('c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)');
    params.push(match);
  }
  const sort = SORT_COLUMNS[q.sort ?? 'crashTime'] ?? SORT_COLUMNS.crashTime;
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const limit = clampInt(q.limit ?? DEFAULT_LIMIT, 0, MAX_LIMIT);
  const offset = clampInt(q.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
  return {
    where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '',
    params,
    orderBy: `ORDER BY ${sort} ${dir}, c.id ${dir}`,
    limit,
    offset,
  };
}

/**
 * User text to an FTS5 expression: every word must occur, each as a prefix
 * ("TreeUnl" finds TreeUnlinkMulti), FTS syntax characters are quoted away.
 */
export function ftsMatchExpression(text: string): string {
  const terms = text
    .split(/\s+/)
    .map((t) => t.replace(/"/g, '').replace(/[^\p{L}\p{N}_.!:+`-]/gu, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  return terms.map((t) => `"${t}"*`).join(' AND ');
}

/** A date ("2024-05-01") as the start or end of that day; full ISO times are kept. */
function isoBound(value: string, side: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return side === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`not a date: ${value}`);
  return new Date(t).toISOString();
}

function clampInt(n: number, min: number, max: number): number {
  if (!Number.isFinite(n)) return min;
  return Math.min(max, Math.max(min, Math.trunc(n)));
}
