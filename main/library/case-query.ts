import { normalizeCode } from './report-summary';
import type { CaseQuery, CaseSort } from './types';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

type Table = 'c' | 'r';

const SORT_COLUMNS: Record<CaseSort, [Table, string]> = {
  crashTime: ['r', 'r.when_at'],
  imported: ['c', 'c.created_at'],
  code: ['r', 'r.code'],
  module: ['r', 'r.faulting_module'],
  bucket: ['r', 'r.bucket'],
  title: ['c', 'c.title COLLATE NOCASE'],
  status: ['c', 'c.status'],
};

interface Clause {
  /** the table the clause reads; undefined when it only needs the case id */
  table?: Table;
  /** SQL with `{id}` standing for the case id column of whichever table is used */
  sql: string;
  param: unknown;
}

/** A SQL source: the fewest tables a query needs (cases c, reports r or both) and the case id column. */
export interface Source {
  from: string;
  id: string;
}

export interface CompiledQuery {
  /** for the page of ids: filter and sort tables */
  page: Source;
  /** for the total: filter tables only */
  count: Source;
  /** WHERE clause for `page`, and for `count` (the id column may differ) */
  where(source: Source): string;
  params: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
  /** extra tables a caller's own expression needs */
  sourceWith(table: Table): Source;
}

/**
 * Turns a CaseQuery into SQL over the fewest tables it needs: a query that
 * filters and sorts on report columns never touches the cases table, and the
 * total is counted without the sort's table. Every value is a bound parameter.
 */
export function compileCaseQuery(q: CaseQuery): CompiledQuery {
  const clauses: Clause[] = [];
  if (q.code) clauses.push({ table: 'r', sql: 'r.code = ?', param: normalizeCode(q.code) });
  if (q.module) clauses.push({ table: 'r', sql: 'r.faulting_module = ?', param: q.module });
  if (q.bucket) clauses.push({ table: 'r', sql: 'r.bucket = ?', param: q.bucket });
  if (q.status) clauses.push({ table: 'c', sql: 'c.status = ?', param: q.status });
  if (q.tag) clauses.push({ sql: '{id} IN (SELECT case_id FROM case_tags WHERE tag = ?)', param: q.tag });
  if (q.from) clauses.push({ table: 'r', sql: 'r.when_at >= ?', param: isoBound(q.from, 'from') });
  if (q.to) clauses.push({ table: 'r', sql: 'r.when_at <= ?', param: isoBound(q.to, 'to') });
  const match = q.text ? ftsMatchExpression(q.text) : '';
  if (match) clauses.push({ sql: '{id} IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)', param: match });
  const [sortTable, sortColumn] = SORT_COLUMNS[q.sort ?? 'crashTime'] ?? SORT_COLUMNS.crashTime;
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const filterTables = new Set(clauses.map((c) => c.table).filter((t): t is Table => !!t));
  const page = sourceFor(new Set([...filterTables, sortTable]));
  return {
    page,
    count: sourceFor(filterTables),
    where: (source) => (clauses.length ? `WHERE ${clauses.map((c) => c.sql.replace('{id}', source.id)).join(' AND ')}` : ''),
    params: clauses.map((c) => c.param),
    orderBy: `ORDER BY ${sortColumn} ${dir}, ${page.id} ${dir}`,
    limit: clampInt(q.limit ?? DEFAULT_LIMIT, 0, MAX_LIMIT),
    offset: clampInt(q.offset ?? 0, 0, Number.MAX_SAFE_INTEGER),
    sourceWith: (table) => sourceFor(new Set([...filterTables, table])),
  };
}

function sourceFor(tables: Set<Table>): Source {
  if (tables.has('c') && tables.has('r')) return { from: 'cases c JOIN reports r ON r.case_id = c.id', id: 'c.id' };
  if (tables.has('c')) return { from: 'cases c', id: 'c.id' };
  // Every case has exactly one reports row, so the reports table alone stands for the cases.
  return { from: 'reports r', id: 'r.case_id' };
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
