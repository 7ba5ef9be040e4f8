import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_TEXT_TOTAL_CAP } from '../../main/library/case-query';
import { Library } from '../../main/library/library';
import { syntheticReport, tempDir } from './library-fixtures';

const CASES = FULL_TEXT_TOTAL_CAP + 300;
let lib: Library;

beforeAll(() => {
  lib = Library.open(tempDir('search-lib'));
  lib.db.pragma('synchronous = OFF');
  lib.db.transaction(() => {
    for (let i = 0; i < CASES; i++) lib.insertCase({ fileName: `dump${i}.dmp`, report: syntheticReport(i), tags: i % 2 ? ['odd', 'everywhere'] : ['everywhere'] });
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
