// Which plan answers a case query (list, filters, sort, full text), and its page of ids and total.
import type Database from 'better-sqlite3';
import { compileCaseQuery, countSql, FULL_TEXT_TOTAL_CAP, pageSql, restSizeSql, sortIdsSql, textAndRestCountSql, textAndRestSql, textCountSql, windowSql, type CompiledQuery } from './case-query';
import type { CaseQuery } from './types';

/** Other filters selecting at most this many cases (and this share of them) are read as a list of ids when a word is counted among them. */
const SMALL_REST = 20_000;
const SMALL_REST_SHARE = 0.3;
/** A word held by at least this share of the cases is a common word (see textMatches). */
const COMMON_WORD_SHARE = 0.3;
/** Column-filtered matches up to this many are sorted rather than found by walking another sort's index. */
const SORT_PLAN_MAX = 20_000;
/** The largest window of the sort order tested against a common word's doclist at once. */
const MAX_WINDOW = 16_384;

/** What the planner needs of the library: cached statements and the number of cases. */
export interface ListDb {
  stmt(sql: string): Database.Statement;
  caseCount(): number;
}

/** The page's ids in order, and the total (for full text, counted to FULL_TEXT_TOTAL_CAP: "10,000+"). */
export interface CaseIds {
  total: number;
  totalIsLowerBound?: true;
  ids: number[];
}

export function listCaseIds(db: ListDb, q: CaseQuery): CaseIds {
  const c = compileCaseQuery(q);
  const words = c.fullText ? textMatches(db, c) : undefined;
  if (words?.common) return listCommonWord(db, q, c);
  if (words?.n === 0) return { total: 0, ids: [] };
  if (c.fullText && c.columnClauses.length > 0 && c.defaultSort) {
    const firstMatches = firstMatchesInOrder(db, c);
    if (firstMatches) return firstMatches;
  }
  // Text, other filters and another sort: the matches, when they fit under the cap, are listed
  // once and only they are sorted (SQLite would read every case the filter or the word selects).
  if (words && !c.defaultSort && (c.columnClauses.length > 0 || c.idSets.length > 1)) {
    const listed = listTextAndRest(db, c, compileCaseQuery({ ...q, text: undefined }));
    if (listed.length > FULL_TEXT_TOTAL_CAP) {
      return { total: FULL_TEXT_TOTAL_CAP, totalIsLowerBound: true, ids: c.limit === 0 ? [] : pageIds(db, c, FULL_TEXT_TOTAL_CAP) };
    }
    const ids = listed.length === 0 || c.limit === 0 || c.offset >= listed.length ? [] : (db.stmt(sortIdsSql(c)).pluck().all(JSON.stringify(listed), c.limit, c.offset) as number[]);
    return { total: listed.length, ids };
  }
  // Counting every match of a word most cases hold costs more than the page itself: full text counts to a cap.
  const count = countSql(c);
  const counted = words ? countText(db, q, c, words.n) : (db.stmt(count.sql).pluck().get(...count.params) as number);
  const lowerBound = c.fullText && counted > FULL_TEXT_TOTAL_CAP;
  const total = lowerBound ? FULL_TEXT_TOTAL_CAP : counted;
  const ids = total === 0 || c.limit === 0 || (!lowerBound && c.offset >= total) ? [] : pageIds(db, c, total);
  return lowerBound ? { total, totalIsLowerBound: true, ids } : { total, ids };
}

/** Matches of a text query up to FULL_TEXT_TOTAL_CAP + 1, given the text's own (n). */
function countText(db: ListDb, q: CaseQuery, c: CompiledQuery, n: number): number {
  if (c.columnClauses.length === 0 && c.idSets.length === 1) return n;
  // SQLite would find the text's matches and look each case up (about 1 µs a case); the doclist
  // tested against the other filters' ids, or their index, costs less.
  return countTextAndRest(db, c, compileCaseQuery({ ...q, text: undefined })).counted;
}

/** The page's ids by the general plan (see pageSql), given how many cases match. */
function pageIds(db: ListDb, c: CompiledQuery, total: number): number[] {
  // Walk the sort order and test each case unless the matches are a tiny share of the library
  // (measured at 100,000 cases: probing wins from about 0.5 % of the cases up).
  // But with column filters and another sort, walking that sort's index can pass most of the
  // library first when the two are correlated (buckets begin with the bugcheck code): sorting up to
  // SORT_PLAN_MAX matches found by the filter's index costs under 1 µs each and never more.
  const sortTheMatches = !c.defaultSort && c.columnClauses.length > 0 && total <= SORT_PLAN_MAX;
  const probe = !sortTheMatches && (c.idSets.length > 0 || !c.defaultSort) && total * 200 > db.caseCount();
  const page = pageSql(c, probe);
  return db.stmt(page.sql).pluck().all(...page.params) as number[];
}

/**
 * The text's matches counted up to FULL_TEXT_TOTAL_CAP + 1 (n), and whether it is a common word:
 * more matches than that, and at least COMMON_WORD_SHARE of the cases. The share is judged from
 * the first matches read: their ids run from the lowest case id to the last one read.
 */
function textMatches(db: ListDb, c: CompiledQuery): { n: number; common: boolean } {
  const first = textCountSql(c, FULL_TEXT_TOTAL_CAP);
  const { n, last } = db.stmt(first.sql).get(...first.params) as { n: number; last: number | null };
  if (n <= FULL_TEXT_TOTAL_CAP || last === null) return { n, common: false };
  const lowest = db.stmt('SELECT min(id) FROM cases').pluck().get() as number | null;
  return { n, common: lowest !== null && n >= COMMON_WORD_SHARE * (last - lowest + 1) };
}

/**
 * Text plus column filters, newest first: one walk of the column's (column, when_at) index,
 * testing each case against the word's matches, gathers the first 10,001 ids in page order.
 * They give the total and the page. Undefined when the page lies past what was gathered.
 */
function firstMatchesInOrder(db: ListDb, c: CompiledQuery): CaseIds | undefined {
  const first = pageSql({ ...c, limit: FULL_TEXT_TOTAL_CAP + 1, offset: 0 }, true);
  const all = db.stmt(first.sql).pluck().all(...first.params) as number[];
  const lowerBound = all.length > FULL_TEXT_TOTAL_CAP;
  if (lowerBound && c.offset + c.limit > FULL_TEXT_TOTAL_CAP) return undefined;
  const ids = all.slice(c.offset, c.offset + c.limit);
  return lowerBound ? { total: FULL_TEXT_TOTAL_CAP, totalIsLowerBound: true, ids } : { total: all.length, ids };
}

/**
 * A common word: listing every match (an "ndis" held by 83 % of the cases) costs more than the
 * page itself. The total: the cap, or the matches among the cases the other filters select,
 * counted from the word's doclist. The page: windows of the sort order, each tested against the
 * doclist between its lowest and highest id; the general plan when the page lies deep or the word
 * is rare among the windows.
 */
function listCommonWord(db: ListDb, q: CaseQuery, c: CompiledQuery): CaseIds {
  const rest = compileCaseQuery({ ...q, text: undefined });
  const filtered = rest.columnClauses.length > 0 || rest.idSets.length > 0;
  const { counted, restIsSmall } = filtered ? countTextAndRest(db, c, rest) : { counted: FULL_TEXT_TOTAL_CAP + 1, restIsSmall: false };
  const lowerBound = counted > FULL_TEXT_TOTAL_CAP;
  const total = lowerBound ? FULL_TEXT_TOTAL_CAP : counted;
  const ids = total === 0 || c.limit === 0 || (!lowerBound && c.offset >= total) ? [] : (windowedIds(db, c, rest, !restIsSmall) ?? pageIds(db, c, total));
  return lowerBound ? { total, totalIsLowerBound: true, ids } : { total, ids };
}

/** Matches of the text among the cases the rest of the query selects, up to FULL_TEXT_TOTAL_CAP + 1 (see textAndRestCountSql). */
function countTextAndRest(db: ListDb, c: CompiledQuery, rest: CompiledQuery): { counted: number; restIsSmall: boolean } {
  const scope = restScope(db, rest);
  if (scope.n === 0) return { counted: 0, restIsSmall: true };
  const both = textAndRestCountSql(c, rest, scope.ids, FULL_TEXT_TOTAL_CAP);
  return { counted: db.stmt(both.sql).pluck().get(...both.params) as number, restIsSmall: scope.ids !== undefined };
}

/**
 * How many cases the rest of the query selects (counted to a limit), and, when they are few,
 * their lowest and highest id: listing the rest's ids pays while they are fewer than the
 * matches the other way reads to fill the count.
 */
function restScope(db: ListDb, rest: CompiledQuery): { n: number; ids?: { lo: number; hi: number } } {
  const small = Math.min(SMALL_REST, Math.ceil(SMALL_REST_SHARE * db.caseCount()));
  const size = restSizeSql(rest, small);
  const { n, lo, hi } = db.stmt(size.sql).get(...size.params) as { n: number; lo: number | null; hi: number | null };
  return n <= small ? { n, ids: { lo: lo ?? 0, hi: hi ?? 0 } } : { n };
}

/** The matches of the text among the cases the rest selects, listed up to FULL_TEXT_TOTAL_CAP + 1 (see textAndRestSql). */
function listTextAndRest(db: ListDb, c: CompiledQuery, rest: CompiledQuery): number[] {
  const scope = restScope(db, rest);
  if (scope.n === 0) return [];
  const matches = textAndRestSql(c, rest, scope.ids, FULL_TEXT_TOTAL_CAP);
  return db.stmt(matches.sql).pluck().all(...matches.params) as number[];
}

/** The page's ids gathered window by window (see windowSql); undefined when that would read too far. */
function windowedIds(db: ListDb, c: CompiledQuery, rest: CompiledQuery, walkSortIndex: boolean): number[] | undefined {
  const need = c.offset + c.limit;
  const hits: number[] = [];
  let from = 0;
  for (let size = Math.max(64, 2 * need); size <= MAX_WINDOW; size *= 4) {
    const window = windowSql(c, rest, size, from, walkSortIndex);
    const rows = db.stmt(window.sql).raw().all(...window.params) as [number, number][];
    for (const [id, hit] of rows) if (hit) hits.push(id);
    if (hits.length >= need || rows.length < size) return hits.slice(c.offset, need);
    from += size;
  }
  return undefined;
}
