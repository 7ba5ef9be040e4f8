import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_TEXT_TOTAL_CAP, ftsMatchExpression } from '../../main/library/case-query';
import { Library } from '../../main/library/library';
import type { CaseQuery, CaseSort } from '../../main/library/types';
import { syntheticReport, tempDir } from './library-fixtures';

// Enough cases for words past the full-text cap: "everywhere" (every case), "most" (80 %) and
// "late" (the newest 80 %) are common words, with a plan of their own.
const CASES = FULL_TEXT_TOTAL_CAP + 3000;
let lib: Library;

beforeAll(() => {
  lib = Library.open(tempDir('search-lib'));
  lib.db.pragma('synchronous = OFF');
  lib.db.transaction(() => {
    for (let i = 0; i < CASES; i++) {
      const report = syntheticReport(i);
      // Some faulting modules in capitals: the module sort ignores case.
      if (i % 9 === 0) report.stack[0]!.module = report.stack[0]!.module!.toUpperCase();
      const tags = ['everywhere', ...(i % 2 ? ['odd'] : []), ...(i % 5 ? ['most'] : []), ...(i >= 2500 ? ['late'] : [])];
      lib.insertCase({ fileName: `dump${i}.dmp`, report, tags, status: i % 13 === 0 ? 'investigating' : 'new' });
    }
  })();
});
afterAll(() => {
  lib.close();
  fs.rmSync(lib.dir, { recursive: true, force: true });
});

describe('full-text totals', () => {
  it('reports "10,000+" for a word every case holds, and still pages past the cap in order', () => {
    const first = lib.listCases({ text: 'everywhere', limit: 50 });
    expect(first).toMatchObject({ total: FULL_TEXT_TOTAL_CAP, totalIsLowerBound: true });
    expect(first.rows).toHaveLength(50);
    const times = first.rows.map((r) => r.crashTime!);
    expect([...times].sort().reverse()).toEqual(times);
    const past = lib.listCases({ text: 'everywhere', offset: FULL_TEXT_TOTAL_CAP, limit: 50 });
    expect(past.totalIsLowerBound).toBe(true);
    expect(past.rows.length).toBeGreaterThan(0);
  });

  it('gives exact totals below the cap and for filters without text', () => {
    const exact = lib.db.prepare("SELECT count(*) FROM case_fts WHERE case_fts MATCH 'race'").pluck().get() as number;
    expect(exact).toBeLessThan(FULL_TEXT_TOTAL_CAP);
    const race = lib.listCases({ text: 'race', limit: 1 });
    expect(race.total).toBe(exact);
    expect(race.totalIsLowerBound).toBeUndefined();
    expect(lib.listCases({ limit: 1 })).toMatchObject({ total: CASES });
    expect(lib.listCases({ tag: 'odd', limit: 1 }).total).toBe(CASES / 2);
  });

  it('gives the same totals and pages with column filters as without the shortcut', () => {
    const code = syntheticReport(0).bugcheck!.code;
    const exact = lib.db.prepare("SELECT count(*) FROM cases c WHERE c.code = ? AND c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH 'everywhere')").pluck().get(code) as number;
    const withCode = lib.listCases({ text: 'everywhere', code, limit: 20, offset: 5 });
    expect(withCode).toMatchObject({ total: exact });
    expect(withCode.totalIsLowerBound).toBeUndefined();
    const all = lib.listCases({ code, limit: 25 });
    expect(withCode.rows.map((r) => r.id)).toEqual(all.rows.slice(5, 25).map((r) => r.id));

    const wide = { text: 'everywhere', from: '2000-01-01' };
    const page = lib.listCases({ ...wide, limit: 30 });
    expect(page).toMatchObject({ total: FULL_TEXT_TOTAL_CAP, totalIsLowerBound: true });
    expect(page.rows.map((r) => r.id)).toEqual(lib.listCases({ limit: 30 }).rows.map((r) => r.id));
    const past = lib.listCases({ ...wide, offset: FULL_TEXT_TOTAL_CAP - 10, limit: 30 });
    expect(past.rows.map((r) => r.id)).toEqual(lib.listCases({ offset: FULL_TEXT_TOTAL_CAP - 10, limit: 30 }).rows.map((r) => r.id));
  });

  it('finds a short prefix of a symbol through the prefix index', () => {
    const nd = lib.listCases({ text: 'nd', limit: 5 });
    expect(nd.total).toBeGreaterThan(0);
    expect(lib.listCases({ text: 'TreeUnl', limit: 1 }).total).toBe(lib.listCases({ text: 'TreeUnlinkMulti', limit: 1 }).total);
  });
});

interface RefRow {
  id: number;
  title: string;
  status: string;
  code: string | null;
  faulting_module: string | null;
  bucket: string | null;
  created_at: string;
  when_at: string;
  tags: string | null;
}

/** The query answered the plain way: every case read, filtered, sorted and paged in JavaScript. */
function reference(all: RefRow[], words: Set<number> | undefined, q: CaseQuery): { total: number; totalIsLowerBound?: true; ids: number[] } {
  const lower = (v: string | null | undefined) => v?.toLowerCase() ?? null;
  const rows = all.filter(
    (r) =>
      (!words || words.has(r.id)) &&
      (!q.code || r.code === q.code) &&
      (!q.module || lower(r.faulting_module) === lower(q.module)) &&
      (!q.status || r.status === q.status) &&
      (!q.tag || (r.tags ?? '').split(' ').includes(q.tag)) &&
      (!q.from || r.when_at >= q.from) &&
      (!q.to || r.when_at <= q.to),
  );
  const key: Record<CaseSort, (r: RefRow) => string | null> = {
    crashTime: (r) => r.when_at,
    imported: (r) => r.created_at,
    code: (r) => r.code,
    module: (r) => lower(r.faulting_module),
    bucket: (r) => lower(r.bucket),
    title: (r) => lower(r.title),
    status: (r) => r.status,
  };
  const sort = q.sort ?? 'crashTime';
  const ties = ['code', 'module', 'bucket', 'status'].includes(sort);
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  const dir = q.order === 'asc' ? 1 : -1;
  rows.sort((a, b) => dir * (cmp(key[sort](a), key[sort](b)) || (ties ? cmp(a.when_at, b.when_at) : 0) || a.id - b.id));
  const offset = q.offset ?? 0;
  const ids = rows.slice(offset, offset + (q.limit ?? 100)).map((r) => r.id);
  return rows.length > FULL_TEXT_TOTAL_CAP && q.text ? { total: FULL_TEXT_TOTAL_CAP, totalIsLowerBound: true, ids } : { total: rows.length, ids };
}

describe('text with filters and sorts', () => {
  it('gives the same totals and pages as the plain computation, for common words and rare ones', () => {
    const count = (text: string) => lib.db.prepare('SELECT count(*) FROM case_fts WHERE case_fts MATCH ?').pluck().get(ftsMatchExpression(text)) as number;
    // The words the common-word plan takes: more matches than the cap, and most of the cases.
    expect(count('everywhere')).toBe(CASES);
    expect(count('most')).toBeGreaterThan(FULL_TEXT_TOTAL_CAP);
    const code = syntheticReport(3).bugcheck!.code;
    // undefined: filters and sorts alone (no full text), which have plans of their own too.
    const texts = [undefined, 'everywhere', 'most', 'late', 'ndis', 'race', 'TreeUnl', 'fltmgr TreeUnlinkMulti', 'odd most'];
    const filters: CaseQuery[] = [
      {},
      { code },
      { code, from: '2023-03-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' },
      { module: 'NDIS' },
      { status: 'investigating' },
      { status: 'new' },
      { tag: 'odd' },
    ];
    const sorts: Pick<CaseQuery, 'sort' | 'order'>[] = [{}, { order: 'asc' }, { sort: 'module' }, { sort: 'module', order: 'asc' }, { sort: 'title', order: 'asc' }, { sort: 'code' }, { sort: 'bucket' }, { sort: 'imported', order: 'asc' }];
    const pages: Pick<CaseQuery, 'offset' | 'limit'>[] = [{ limit: 50 }, { offset: 170, limit: 40 }, { offset: FULL_TEXT_TOTAL_CAP - 20, limit: 40 }];
    const all = lib.db
      .prepare("SELECT c.id, c.title, c.status, c.code, c.faulting_module, c.bucket, c.created_at, c.when_at, (SELECT group_concat(tag, ' ') FROM case_tags t WHERE t.case_id = c.id) AS tags FROM cases c")
      .all() as RefRow[];
    let compared = 0;
    for (const text of texts) {
      const words = text === undefined ? undefined : new Set(lib.db.prepare('SELECT rowid FROM case_fts WHERE case_fts MATCH ?').pluck().all(ftsMatchExpression(text)) as number[]);
      for (const filter of filters)
        for (const sort of sorts)
          for (const page of pages) {
            const q = { text, ...filter, ...sort, ...page };
            const got = lib.listCases(q);
            const want = reference(all, words, q);
            expect({ q, total: got.total, lowerBound: got.totalIsLowerBound, ids: got.rows.map((r) => r.id) }).toEqual({
              q,
              total: want.total,
              lowerBound: want.totalIsLowerBound,
              ids: want.ids,
            });
            compared += want.ids.length;
          }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
