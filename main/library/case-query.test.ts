import { describe, expect, it } from 'vitest';
import { compileCaseQuery, countSql, ftsMatchExpression, pageSql, restSizeSql, textAndRestCountSql, textCountSql, windowSql } from './case-query';

describe('ftsMatchExpression', () => {
  it('makes every word required, the last one a prefix, and quotes FTS syntax away', () => {
    expect(ftsMatchExpression('TreeUnl')).toBe('"TreeUnl"*');
    expect(ftsMatchExpression('fltmgr TreeUnl')).toBe('"fltmgr" AND "TreeUnl"*');
    expect(ftsMatchExpression('fltmgr!TreeUnlinkMulti+0x51')).toBe('"fltmgr!TreeUnlinkMulti+0x51"*');
    expect(ftsMatchExpression('a" OR b NEAR(c)')).toBe('"a" AND "OR" AND "b" AND "NEAR c"*');
    expect(ftsMatchExpression('  ** () ')).toBe('');
  });
});

describe('compileCaseQuery', () => {
  it('binds every value and normalizes codes', () => {
    const c = compileCaseQuery({ code: '0x0000003B', module: 'fltmgr', tag: "x'); DROP TABLE cases; --", text: 'race' });
    expect(c.columnParams).toEqual(['0x3b', 'fltmgr']);
    expect(c.idParams).toEqual(["x'); DROP TABLE cases; --", '"race"*']);
    expect(pageSql(c, false).sql).not.toContain('DROP');
  });

  it('counts from the id sets alone when no column filter applies', () => {
    expect(countSql(compileCaseQuery({ tag: 'a', text: 'b' })).sql).toBe(
      'SELECT count(*) FROM (SELECT case_id FROM case_tags WHERE tag = ? INTERSECT SELECT rowid FROM case_fts WHERE case_fts MATCH ?)',
    );
    expect(countSql(compileCaseQuery({})).sql).toBe('SELECT count(*) FROM (SELECT 1 FROM cases c )');
  });

  it('stops counting after the cap when asked', () => {
    const counted = countSql(compileCaseQuery({ text: 'ndis', code: '0x3b' }), 10_000);
    expect(counted.sql).toMatch(/^SELECT count\(\*\) FROM \(SELECT 1 FROM cases c WHERE .* LIMIT \?\)$/);
    expect(counted.params).toEqual(['0x3b', '"ndis"*', 10_001]);
    expect(compileCaseQuery({ text: 'ndis' }).fullText).toBe(true);
    expect(compileCaseQuery({ text: '!!', tag: 'x' }).fullText).toBe(false);
  });

  it('sorts in an index order and pages within bounds', () => {
    const c = compileCaseQuery({ sort: 'code', order: 'asc', limit: 5000, offset: -3 });
    expect(c.orderBy).toBe('ORDER BY c.code ASC, c.when_at ASC, c.id ASC');
    expect(c.limit).toBe(1000);
    expect(c.offset).toBe(0);
    expect(compileCaseQuery({ sort: 'bogus' as never }).orderBy).toBe('ORDER BY c.when_at DESC, c.id DESC');
    expect(pageSql(compileCaseQuery({ module: 'ntfs', sort: 'code' }), true).sql).toContain('+c.faulting_module = ?');
    expect(pageSql(compileCaseQuery({ module: 'ntfs' }), true).sql).toContain('WHERE c.faulting_module = ?');
  });

  it('takes whole days for plain dates and rejects what is not a date', () => {
    const c = compileCaseQuery({ from: '2024-05-01', to: '2024-05-31' });
    expect(c.columnParams).toEqual(['2024-05-01T00:00:00.000Z', '2024-05-31T23:59:59.999Z']);
    expect(() => compileCaseQuery({ from: 'yesterday-ish' })).toThrow(/not a date/);
  });

  it('matches nothing for text with nothing searchable in it', () => {
    expect(compileCaseQuery({ text: '!!' }).idSets).toEqual(['SELECT NULL WHERE 0']);
  });
});

describe('common-word plan', () => {
  const c = compileCaseQuery({ text: 'ndis', status: 'new', sort: 'title' });
  const rest = compileCaseQuery({ status: 'new', sort: 'title' });

  it('counts the text alone to the cap, in id order, with the last id read', () => {
    expect(textCountSql(c, 10_000)).toEqual({
      sql: 'SELECT count(*) AS n, max(rowid) AS last FROM (SELECT rowid FROM case_fts WHERE case_fts MATCH ? ORDER BY rowid LIMIT ?)',
      params: ['"ndis"*', 10_001],
    });
    expect(restSizeSql(rest, 20_000).params).toEqual(['new', 20_001]);
  });

  it('bounds the doclist by integer ids (FTS5 ignores a real bound) or looks each match up', () => {
    const listed = textAndRestCountSql(c, rest, { lo: 5, hi: 90 }, 10_000);
    expect(listed.sql).toContain('rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)');
    expect(listed.params).toEqual(['"ndis"*', 5, 90, 'new', 10_001]);
    const looked = textAndRestCountSql(c, rest, undefined, 10_000);
    expect(looked.sql).toContain('EXISTS (SELECT 1 FROM cases c WHERE c.status = ? AND c.id = f.rowid)');
    expect(looked.params).toEqual(['"ndis"*', 'new', 10_001]);
  });

  it('selects the sort columns into the window and walks the sort index only when asked', () => {
    const walk = windowSql(c, rest, 200, 400, true);
    expect(walk.sql).toContain('SELECT c.id, c.when_at, c.title FROM cases c WHERE +c.status = ? ORDER BY c.title COLLATE NOCASE DESC, c.id DESC LIMIT ? OFFSET ?');
    expect(walk.params).toEqual(['new', 200, 400, '"ndis"*']);
    expect(windowSql(c, rest, 200, 0, false).sql).toContain('WHERE c.status = ?');
  });
});
