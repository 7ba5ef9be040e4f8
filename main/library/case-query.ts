import { normalizeCode } from './report-summary';
import type { CaseQuery, CaseSort } from './types';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** Full-text totals stop counting here: a query matching most of a large library reports "10,000+". */
export const FULL_TEXT_TOTAL_CAP = 10_000;

// Each sort follows an index's own order, ties included ((column, when_at) indexes end in the
// rowid), so a page is read off the index without sorting the matches.
const SORT_COLUMNS: Record<CaseSort, string> = {
  crashTime: 'c.when_at',
  imported: 'c.created_at',
  code: 'c.code',
  module: 'c.faulting_module',
  bucket: 'c.bucket',
  title: 'c.title COLLATE NOCASE',
  status: 'c.status',
};
const TIES_BY_TIME: CaseSort[] = ['code', 'module', 'bucket', 'status'];

export interface CompiledQuery {
  /** filters on columns of `cases c` */
  columnClauses: string[];
  columnParams: unknown[];
  /** filters that are sets of case ids (tags, full text): SELECTs of one id column */
  idSets: string[];
  idParams: unknown[];
  orderBy: string;
  /** the query has searchable text (its total is counted up to FULL_TEXT_TOTAL_CAP + 1 only) */
  fullText: boolean;
  /** sorting by crash time, which every column filter's index has as its second column */
  defaultSort: boolean;
  limit: number;
  offset: number;
}

/** Turns a CaseQuery into SQL pieces over `cases c`; every value is a bound parameter. */
export function compileCaseQuery(q: CaseQuery): CompiledQuery {
  const columnClauses: string[] = [];
  const columnParams: unknown[] = [];
  const idSets: string[] = [];
  const idParams: unknown[] = [];
  const column = (sql: string, value: unknown) => {
    columnClauses.push(sql);
    columnParams.push(value);
  };
  if (q.code) column('c.code = ?', normalizeCode(q.code));
  if (q.module) column('c.faulting_module = ?', q.module);
  if (q.bucket) column('c.bucket = ?', q.bucket);
  if (q.status) column('c.status = ?', q.status);
  if (q.from) column('c.when_at >= ?', isoBound(q.from, 'from'));
  if (q.to) column('c.when_at <= ?', isoBound(q.to, 'to'));
  if (q.tag) {
    idSets.push('SELECT case_id FROM case_tags WHERE tag = ?');
    idParams.push(q.tag);
  }
  const match = q.text ? ftsMatchExpression(q.text) : '';
  if (match) {
    idSets.push('SELECT rowid FROM case_fts WHERE case_fts MATCH ?');
    idParams.push(match);
  } else if (q.text && q.text.trim()) {
    // Text with nothing searchable in it matches nothing, rather than everything.
    idSets.push('SELECT NULL WHERE 0');
  }
  const sortKey: CaseSort = q.sort && q.sort in SORT_COLUMNS ? q.sort : 'crashTime';
  const sort = SORT_COLUMNS[sortKey];
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const ties = TIES_BY_TIME.includes(sortKey) ? `c.when_at ${dir}, ` : '';
  return {
    columnClauses,
    columnParams,
    idSets,
    idParams,
    orderBy: `ORDER BY ${sort} ${dir}, ${ties}c.id ${dir}`,
    fullText: Boolean(match),
    defaultSort: sort === SORT_COLUMNS.crashTime,
    limit: clampInt(q.limit ?? DEFAULT_LIMIT, 0, MAX_LIMIT),
    offset: clampInt(q.offset ?? 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

/**
 * The total: from the id sets alone when no column filter applies (no cases
 * table scan). With `cap`, counting stops after cap + 1 matches.
 */
export function countSql(c: CompiledQuery, cap?: number): { sql: string; params: unknown[] } {
  const capped = (select: string, params: unknown[]) =>
    cap === undefined ? { sql: `SELECT count(*) FROM (${select})`, params } : { sql: `SELECT count(*) FROM (${select} LIMIT ?)`, params: [...params, cap + 1] };
  if (c.columnClauses.length === 0 && c.idSets.length > 0) return capped(c.idSets.join(' INTERSECT '), c.idParams);
  return capped(`SELECT 1 FROM cases c ${whereSql(c, false)}`, [...c.columnParams, ...c.idParams]);
}

/**
 * The page of ids. `probe` chooses the plan: walk the sort column's index and
 * test each case against the filters (best when many cases match: the first
 * page fills early), or find every match by its filter and sort them (best
 * when few match). SQLite cannot know which; the caller can, from the total.
 * Column filters with the default sort always use their (column, when_at) index.
 */
export function pageSql(c: CompiledQuery, probe: boolean): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT c.id FROM cases c ${whereSql(c, probe, probe && !c.defaultSort)} ${c.orderBy} LIMIT ? OFFSET ?`,
    params: [...c.columnParams, ...c.idParams, c.limit, c.offset],
  };
}

export function whereSql(c: CompiledQuery, probeSets: boolean, probeColumns = false): string {
  // A unary + on a column keeps SQLite from driving the loop by that filter's index.
  const id = probeSets ? '+c.id' : 'c.id';
  const columns = probeColumns ? c.columnClauses.map((clause) => `+${clause}`) : c.columnClauses;
  const all = [...columns, ...c.idSets.map((s) => `${id} IN (${s})`)];
  return all.length ? `WHERE ${all.join(' AND ')}` : '';
}

/**
 * User text to an FTS5 expression: every word must occur; the last one is a
 * prefix, as the user is typing it ("TreeUnl" finds TreeUnlinkMulti); FTS
 * syntax characters are quoted away.
 */
export function ftsMatchExpression(text: string): string {
  const terms = text
    .split(/\s+/)
    .map((t) => t.replace(/"/g, '').replace(/[^\p{L}\p{N}_.!:+`-]/gu, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  return terms.map((t, i) => (i === terms.length - 1 ? `"${t}"*` : `"${t}"`)).join(' AND ');
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
