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
const SORT_FIELDS: Record<CaseSort, string> = {
  crashTime: 'when_at',
  imported: 'created_at',
  code: 'code',
  module: 'faulting_module',
  bucket: 'bucket',
  title: 'title',
  status: 'status',
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
  /** the FTS5 expression of the text ('' without searchable text) */
  match: string;
  /** the sort's columns, as selected into a window of cases (see windowSql) */
  sortColumns: string;
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
    match,
    sortColumns: ['c.id', 'c.when_at', ...(sortKey === 'crashTime' ? [] : [`c.${SORT_FIELDS[sortKey]}`])].join(', '),
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

/** Matches of the text alone (n) counted up to cap + 1, and the last id read (FTS5 reads in id order, and stops there). */
export function textCountSql(c: CompiledQuery, cap: number): { sql: string; params: unknown[] } {
  return { sql: 'SELECT count(*) AS n, max(rowid) AS last FROM (SELECT rowid FROM case_fts WHERE case_fts MATCH ? ORDER BY rowid LIMIT ?)', params: [c.match, cap + 1] };
}

/** How many cases the rest of a query selects (n, counted up to cap + 1) and their lowest and highest id. */
export function restSizeSql(rest: CompiledQuery, cap: number): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM (SELECT c.id FROM cases c ${whereSql(rest, false)} LIMIT ?)`,
    params: [...rest.columnParams, ...rest.idParams, cap + 1],
  };
}

/**
 * Matches of the text among the cases the rest of the query (`rest`: its column filters and tag)
 * selects, counted up to cap + 1, for a word too many cases hold to list their ids cheaply.
 * The FTS doclist drives and each match is tested against the rest: against the rest's ids, listed
 * once, when they are few (`ids` gives their lowest and highest, and the doclist is read only
 * between them); else by looking the case up by its id.
 */
export function textAndRestCountSql(c: CompiledQuery, rest: CompiledQuery, ids: { lo: number; hi: number } | undefined, cap: number): { sql: string; params: unknown[] } {
  const matches = textAndRestSql(c, rest, ids, cap);
  return { sql: `SELECT count(*) FROM (${matches.sql})`, params: matches.params };
}

/** The same matches as textAndRestCountSql, listed (their ids, up to cap + 1), to sort them when they are few. */
export function textAndRestSql(c: CompiledQuery, rest: CompiledQuery, ids: { lo: number; hi: number } | undefined, cap: number): { sql: string; params: unknown[] } {
  const where = whereSql(rest, false);
  const params = [...rest.columnParams, ...rest.idParams];
  if (ids) {
    // FTS5 takes a rowid bound only if it is an integer; JavaScript numbers bind as reals.
    return {
      sql: `SELECT rowid FROM case_fts WHERE case_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)
        AND +rowid IN (SELECT c.id FROM cases c ${where}) LIMIT ?`,
      params: [c.match, ids.lo, ids.hi, ...params, cap + 1],
    };
  }
  return {
    sql: `SELECT f.rowid FROM case_fts f WHERE case_fts MATCH ?
      AND EXISTS (SELECT 1 FROM cases c ${where ? `${where} AND` : 'WHERE'} c.id = f.rowid) LIMIT ?`,
    params: [c.match, ...params, cap + 1],
  };
}

/** A page of the given case ids (a JSON array) in the query's sort order. */
export function sortIdsSql(c: CompiledQuery): string {
  return `SELECT c.id FROM cases c WHERE c.id IN (SELECT value FROM json_each(?)) ${c.orderBy} LIMIT ? OFFSET ?`;
}

/**
 * A window of the sort order: the cases the rest of the query selects, `size` of them from
 * `from` on, each with whether it matches the text (1 or 0), in page order. The text is tested
 * by reading its doclist only between the window's lowest and highest id. When most cases match,
 * a window a little larger than the page holds the page, without listing every match. With
 * `walkSortIndex` the window follows the sort's index, testing column filters on the way (when
 * they select many cases); else SQLite may read the filter's index and sort what it selects.
 */
export function windowSql(c: CompiledQuery, rest: CompiledQuery, size: number, from: number, walkSortIndex: boolean): { sql: string; params: unknown[] } {
  return {
    sql: `WITH w AS MATERIALIZED (SELECT ${c.sortColumns} FROM cases c ${whereSql(rest, false, walkSortIndex && !c.defaultSort)} ${c.orderBy} LIMIT ? OFFSET ?)
      SELECT c.id, c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ? AND rowid BETWEEN (SELECT min(id) FROM w) AND (SELECT max(id) FROM w)) AS hit
      FROM w c ${c.orderBy}`,
    params: [...rest.columnParams, ...rest.idParams, size, from, c.match],
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
