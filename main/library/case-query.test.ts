import { describe, expect, it } from 'vitest';
import { compileCaseQuery, countSql, ftsMatchExpression, pageSql } from './case-query';

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
