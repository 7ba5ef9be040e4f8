import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library, NotFoundError } from '../../main/library/library';
import { LATEST_VERSION } from '../../main/library/migrations';
import { formatCaseDetail, formatCaseList } from '../../main/library/cli-format';
import { syntheticReport, tempDir } from './library-fixtures';

let dir: string;
let lib: Library;

beforeEach(() => {
  dir = tempDir('lib');
  lib = Library.open(dir);
});
afterEach(() => {
  lib.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Stages `bytes` into the store and adds a case for them, as the import pipeline does. */
function addFile(bytes: Uint8Array, name: string, i: number) {
  return lib.addStagedFile(lib.store.stageBytes(bytes), { fileName: name, originalName: name, format: 'kernel-dump', report: syntheticReport(i) });
}

function fillSynthetic(n: number): void {
  lib.db.transaction(() => {
    for (let i = 0; i < n; i++) lib.insertCase({ fileName: `dump${i}.dmp`, report: syntheticReport(i), tags: i % 10 === 0 ? ['triaged'] : [] });
  })();
}

describe('Library.open', () => {
  it('creates the folder and a WAL database with foreign keys at the latest schema', () => {
    expect(fs.existsSync(path.join(dir, 'library.sqlite3'))).toBe(true);
    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('removes leftovers of an interrupted import at start: temp files and stored files without a row', () => {
    const kept = addFile(new TextEncoder().encode('kept'), 'kept.dmp', 1);
    const orphanSha = crypto.createHash('sha256').update('orphan').digest('hex');
    const orphanStaged = lib.store.stageBytes(new TextEncoder().encode('orphan'));
    lib.store.commit(orphanStaged);
    fs.writeFileSync(path.join(lib.store.tempDir, '999999-dead.part'), 'half');
    lib.close();
    lib = Library.open(dir);
    expect(fs.readdirSync(lib.store.tempDir)).toEqual([]);
    expect(lib.store.has(orphanSha)).toBe(false);
    expect(lib.store.listStored()).toHaveLength(1);
    expect(lib.getCase(kept.caseId)?.file?.sha256).toBe(lib.store.listStored()[0]);
  });

  it('leaves the store alone while another live process has the library open', () => {
    const orphan = lib.store.commit(lib.store.stageBytes(new TextEncoder().encode('maybe mid-import elsewhere')));
    lib.close();
    fs.writeFileSync(path.join(dir, 'owners', String(process.ppid)), '');
    lib = Library.open(dir);
    expect(fs.existsSync(path.join(lib.store.root, orphan))).toBe(true);
    fs.rmSync(path.join(dir, 'owners', String(process.ppid)));
    lib.close();
    lib = Library.open(dir);
    expect(fs.existsSync(path.join(lib.store.root, orphan))).toBe(false);
  });
});

describe('cases', () => {
  it('fills the summary columns from the report and keeps the report JSON', () => {
    const { caseId } = addFile(new TextEncoder().encode('a dump'), 'MEMORY.DMP', 0);
    const c = lib.getCase(caseId)!;
    const r = syntheticReport(0);
    expect(c).toMatchObject({ status: 'new', code: '0x3b', codeName: 'SYSTEM_SERVICE_EXCEPTION', faultingModule: 'fltmgr', faultingFunction: 'TreeUnlinkMulti', bucket: r.bucket, osBuild: 7601, arch: 'x64', crashTime: r.crashTime, format: 'kernel-dump', dumpType: 'full', fileName: 'MEMORY.DMP' });
    expect(c.title).toBe('0x3b SYSTEM_SERVICE_EXCEPTION in fltmgr!TreeUnlinkMulti');
    expect(c.report).toEqual(r);
    expect(c.file).toMatchObject({ sha256: crypto.createHash('sha256').update('a dump').digest('hex'), size: 6, originalName: 'MEMORY.DMP' });
    expect(fs.readFileSync(lib.dumpPath(caseId)!, 'utf8')).toBe('a dump');
    expect(c.history.map((h) => h.action)).toEqual(['imported']);
  });

  it('recognises a file already in the store by its sha256 and gives the existing case', () => {
    const first = addFile(new TextEncoder().encode('same bytes'), 'a.dmp', 1);
    const second = addFile(new TextEncoder().encode('same bytes'), 'b.dmp', 2);
    expect(second).toEqual({ caseId: first.caseId, duplicate: true });
    expect(lib.listCases().total).toBe(1);
    expect(fs.readdirSync(lib.store.tempDir)).toEqual([]);
  });

  it('filters by code, module, bucket, tag, status, date range and text, sorts and pages', () => {
    fillSynthetic(700);
    const all = lib.listCases({ limit: 1000 });
    expect(all.total).toBe(700);
    const byCode = lib.listCases({ code: '0x0000003B', limit: 1000 });
    expect(byCode.total).toBe(100);
    expect(byCode.rows.every((r) => r.code === '0x3b')).toBe(true);
    const byModule = lib.listCases({ module: 'NTFS', limit: 1000 });
    expect(byModule.total).toBe(all.rows.filter((r) => r.faultingModule === 'ntfs').length);
    expect(byModule.total).toBeGreaterThan(0);
    const bucket = syntheticReport(5).bucket!;
    expect(lib.listCases({ bucket }).rows.every((r) => r.bucket === bucket)).toBe(true);
    expect(lib.listCases({ tag: 'triaged' }).total).toBe(70);
    lib.setStatus(all.rows[0]!.id, 'resolved');
    expect(lib.listCases({ status: 'resolved' }).rows.map((r) => r.id)).toEqual([all.rows[0]!.id]);

    const from = '2023-02-01';
    const to = '2023-02-28';
    const inRange = lib.listCases({ from, to, limit: 1000 });
    expect(inRange.total).toBe(all.rows.filter((r) => r.crashTime! >= '2023-02-01' && r.crashTime! < '2023-03-01').length);
    expect(inRange.total).toBeGreaterThan(0);

    const text = lib.listCases({ text: 'TreeUnl', limit: 1000 });
    expect(text.total).toBe(all.rows.filter((r) => r.faultingFunction === 'TreeUnlinkMulti').length + countWithFrameWord(700, 'TreeUnlinkMulti'));
    expect(lib.listCases({ text: 'SYSTEM_SERVICE_EXCEPTION' }).total).toBe(100);
    expect(lib.listCases({ text: 'bitflip fltmgr', limit: 1000 }).rows.length).toBeGreaterThan(0);
    expect(lib.listCases({ text: '"); DROP TABLE cases; --' }).total).toBe(0);

    const asc = lib.listCases({ sort: 'crashTime', order: 'asc', limit: 5 }).rows;
    expect(asc.map((r) => r.crashTime)).toEqual([...asc.map((r) => r.crashTime!)].sort());
    const page1 = lib.listCases({ sort: 'code', offset: 0, limit: 50 }).rows;
    const page2 = lib.listCases({ sort: 'code', offset: 50, limit: 50 }).rows;
    expect(new Set([...page1, ...page2].map((r) => r.id)).size).toBe(100);
    const byTitle = lib.listCases({ sort: 'title', order: 'asc', limit: 1000 }).rows.map((r) => r.title.toLowerCase());
    expect(byTitle).toEqual([...byTitle].sort());
  });

  it('counts cases by bucket, module, code and day', () => {
    fillSynthetic(140);
    const codes = lib.countsBy('code');
    expect(codes).toHaveLength(7);
    expect(codes.reduce((n, r) => n + r.count, 0)).toBe(140);
    expect(lib.countsBy('module', { code: '0x3b' }).reduce((n, r) => n + r.count, 0)).toBe(20);
    const days = lib.countsBy('day');
    expect(days.map((d) => d.key)).toEqual([...days.map((d) => d.key)].sort());
    expect(days.reduce((n, r) => n + r.count, 0)).toBe(140);
  });

  it('leaves cases without a readable crash time off the days and counts them apart', () => {
    const dated = syntheticReport(1);
    const day = dated.crashTime!.slice(0, 10);
    lib.insertCase({ fileName: 'dated.txt', report: dated });
    lib.insertCase({ fileName: 'undated.txt', report: { ...syntheticReport(2), crashTime: undefined } });
    lib.insertCase({ fileName: 'garbled.txt', report: { ...syntheticReport(3), crashTime: 'sometime last week' } });
    lib.insertCase({ fileName: 'broken.txt', error: 'not a dump' });
    expect(lib.countsBy('day')).toEqual([{ key: day, count: 1 }]);
    expect(lib.countWithoutCrashTime()).toBe(3);
    expect(lib.countWithoutCrashTime({ text: 'undated' })).toBe(1);
    expect(lib.countWithoutCrashTime({ status: 'error' })).toBe(1);
  });

  it('renames, tags and sets status with an edit history, and text search follows', () => {
    fillSynthetic(3);
    const id = lib.listCases().rows[0]!.id;
    lib.renameCase(id, 'Name cache race');
    lib.setTags(id, ['fltmgr', ' race ', 'fltmgr', '']);
    lib.setStatus(id, 'investigating');
    const c = lib.getCase(id)!;
    expect(c).toMatchObject({ title: 'Name cache race', tags: ['fltmgr', 'race'], status: 'investigating' });
    expect(c.history.map((h) => h.action)).toEqual(['imported', 'renamed', 'tagged', 'status']);
    expect(lib.listCases({ text: 'cache race' }).rows.map((r) => r.id)).toEqual([id]);
    expect(() => lib.renameCase(id, '  ')).toThrow();
    expect(() => lib.setStatus(id, 'bogus' as never)).toThrow();
    expect(() => lib.renameCase(9999, 'x')).toThrow(NotFoundError);
  });

  it('deletes a case and its stored file only when no other case uses the file', () => {
    const a = addFile(new TextEncoder().encode('shared'), 'a.dmp', 1);
    const exported = lib.exportCase(a.caseId, 'json');
    const copy = lib.importExportedCase(exported);
    const sha = lib.getCase(a.caseId)!.file!.sha256;
    expect(lib.getCase(copy)!.file?.sha256).toBe(sha);
    lib.deleteCase(a.caseId);
    expect(lib.getCase(a.caseId)).toBeUndefined();
    expect(lib.store.has(sha)).toBe(true);
    lib.deleteCase(copy);
    expect(lib.store.has(sha)).toBe(false);
    expect(lib.db.prepare('SELECT count(*) FROM dump_files').pluck().get()).toBe(0);
    expect(lib.db.prepare('SELECT count(*) FROM frames').pluck().get()).toBe(0);
    expect(lib.listCases({ text: 'fltmgr' }).total).toBe(0);
    expect(() => lib.deleteCase(a.caseId)).toThrow(NotFoundError);
  });
});

describe('hypotheses, evidence and notes', () => {
  it('keeps hypotheses tied to evidence, searchable, and in the history', () => {
    const { caseId } = addFile(new TextEncoder().encode('x'), 'crash1.dmp', 0);
    const h = lib.addHypothesis(caseId, { text: 'Race in the name-cache init path', confidence: 0.6 });
    expect(h).toMatchObject({ caseId, status: 'open', confidence: 0.6, evidence: [] });
    const e1 = lib.addEvidence(h.id, { kind: 'finding', id: 'finding-0' }, 'RSI disagrees with [rcx]');
    lib.addEvidence(h.id, { kind: 'register', name: 'rsi', value: '0x9d00000000' });
    lib.addEvidence(h.id, { kind: 'frame', index: 0 });
    lib.addEvidence(h.id, { kind: 'address', address: '0xfffff8a00d106d58', label: 'STREAM_LIST_CTRL' });
    lib.addEvidence(h.id, { kind: 'module', name: 'fltmgr.sys' });
    lib.addEvidence(h.id, { kind: 'transcript-line', line: 42 });
    expect(() => lib.addEvidence(h.id, { kind: 'frame', index: -1 })).toThrow();
    expect(() => lib.addEvidence(h.id, { kind: 'address', address: 'not hex' } as never)).toThrow();
    const h2 = lib.addHypothesis(caseId, { text: 'Hardware bit error' });
    lib.updateHypothesis(h2.id, { status: 'refuted', confidence: 0.1 });
    expect(() => lib.updateHypothesis(h2.id, { confidence: 2 })).toThrow();
    lib.removeEvidence(e1.id);
    const note = lib.addNote(caseId, 'Second crash has an intriguingly similar stack');
    lib.updateNote(note.id, 'Second crash in TreeUnlinkMulti+0x148 too');

    const c = lib.getCase(caseId)!;
    expect(c.hypotheses).toHaveLength(2);
    expect(c.hypotheses[0]!.evidence.map((e) => e.ref.kind)).toEqual(['register', 'frame', 'address', 'module', 'transcript-line']);
    expect(c.hypotheses[1]).toMatchObject({ status: 'refuted', confidence: 0.1 });
    expect(c.notes.map((n) => n.text)).toEqual(['Second crash in TreeUnlinkMulti+0x148 too']);
    expect(lib.listCases({ text: 'name-cache' }).rows.map((r) => r.id)).toEqual([caseId]);
    expect(lib.listCases({ text: 'intriguingly' }).total).toBe(0);
    expect(lib.listCases({ text: '0x148' }).total).toBe(1);
    expect(c.history.map((x) => x.action)).toContain('evidence unlinked');

    lib.deleteHypothesis(h.id);
    lib.deleteNote(note.id);
    expect(lib.db.prepare('SELECT count(*) FROM evidence').pluck().get()).toBe(0);
    expect(lib.listCases({ text: 'name-cache' }).total).toBe(0);
    expect(() => lib.deleteNote(note.id)).toThrow(NotFoundError);
    expect(() => lib.addHypothesis(9999, { text: 'x' })).toThrow(NotFoundError);
  });
});

describe('export and import of a case', () => {
  it('round-trips a case through JSON and renders Markdown with summary, stack, findings and hypotheses', () => {
    const { caseId } = addFile(new TextEncoder().encode('y'), 'crash1.dmp', 0);
    lib.setTags(caseId, ['fltmgr']);
    lib.setStatus(caseId, 'investigating');
    const h = lib.addHypothesis(caseId, { text: 'Race condition', status: 'supported', confidence: 0.7 });
    lib.addEvidence(h.id, { kind: 'finding', id: 'finding-0' }, 'the key fact');
    lib.addEvidence(h.id, { kind: 'register', name: 'rsi' });
    lib.addNote(caseId, 'look at the pool block');

    const json = lib.exportCase(caseId, 'json');
    const back = lib.getCase(lib.importExportedCase(json))!;
    const orig = lib.getCase(caseId)!;
    expect(back).toMatchObject({ title: orig.title, status: 'investigating', tags: ['fltmgr'], code: '0x3b', bucket: orig.bucket, report: orig.report });
    expect(back.hypotheses.map((x) => [x.text, x.status, x.confidence, x.evidence.map((e) => [e.ref, e.note])])).toEqual(
      orig.hypotheses.map((x) => [x.text, x.status, x.confidence, x.evidence.map((e) => [e.ref, e.note])]),
    );
    expect(back.notes.map((n) => n.text)).toEqual(['look at the pool block']);
    expect(back.history.at(-1)!.action).toBe('imported from export');
    expect(() => lib.importExportedCase('{"format":"other"}')).toThrow();
    expect(() => lib.importExportedCase(json.replace('"supported"', '"maybe"'))).toThrow();

    const md = lib.exportCase(caseId, 'md');
    expect(md).toMatch(/^# 0x3b SYSTEM_SERVICE_EXCEPTION in fltmgr!TreeUnlinkMulti/);
    for (const section of ['## Summary', '## Stack', '## Findings', '## Hypotheses', '## Notes']) expect(md).toContain(section);
    expect(md).toContain('fltmgr!TreeUnlinkMulti+0x0');
    expect(md).toContain('00 fffff880`01000000 fltmgr!TreeUnlinkMulti+0x0  [context]');
    expect(md).toContain('### Race condition');
    expect(md).toContain('Status: **supported**, confidence 70 %');
    expect(md).toContain('- register rsi = 0000009d`00000000');
    expect(md).toContain('the key fact');

    const list = formatCaseList(lib.listCases().rows, 2);
    expect(list.split('\n')[0]).toMatch(/^ID\s+STATUS\s+CODE/);
    expect(list).toContain('fltmgr!TreeUnlinkMulti');
    expect(list.trim().split('\n').at(-1)).toBe('2 cases');
    const show = formatCaseDetail(lib.getCase(caseId)!);
    expect(show).toContain('[supported 70%] Race condition');
    expect(show).toContain('register rsi');
  });
});

function countWithFrameWord(n: number, fn: string): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = syntheticReport(i);
    if (r.stack[0]!.function !== fn && r.stack.some((f) => f.function?.startsWith('TreeUnl'))) count++;
  }
  return count;
}
