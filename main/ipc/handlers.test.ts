import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../app/context';
import type { AppContext } from './app-context';
import { dispatch, type Handlers } from './dispatch';
import { createHandlers } from './handlers';
import type { IpcEvents } from './contract';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
const SEED1 = path.join(CORPUS, 'seed', 'crash1-analyze.txt');
const SEED2 = path.join(CORPUS, 'seed', 'crash2-stack.txt');
const MINIDUMP2 = path.join(CORPUS, 'minidump', 'breakpad', 'minidump2.dmp');

let dir: string;
let ctx: AppContext;
let handlers: Handlers;
const events: { name: string; payload: unknown }[] = [];

async function ok<T = unknown>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-ipc-'));
  ctx = createAppContext('browser', dir);
  ctx.events.subscribe((name, payload) => events.push({ name, payload }));
  handlers = createHandlers(ctx);
});

afterAll(() => {
  ctx.library.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('IPC handlers on a real library', () => {
  let seed1 = 0;
  let seed2 = 0;
  let mini = 0;

  it('imports files with progress events, and recognises a duplicate', async () => {
    const out = await ok<{ imported: { caseId: number; file: string }[]; jobId: string }>('import:paths', { paths: [SEED1, SEED2, MINIDUMP2], jobId: 'job-1' });
    expect(out.jobId).toBe('job-1');
    expect(out.imported).toHaveLength(3);
    const byName = (n: string) => out.imported.find((i) => i.file.endsWith(n))!.caseId;
    [seed1, seed2, mini] = [byName('crash1-analyze.txt'), byName('crash2-stack.txt'), byName('minidump2.dmp')];
    const progress = events.filter((e) => e.name === 'import:progress').map((e) => e.payload as IpcEvents['import:progress']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.jobId === 'job-1')).toBe(true);
    expect(progress.at(-1)!.filesDone).toBe(3);
    expect(events.some((e) => e.name === 'import:done')).toBe(true);
    expect(events.some((e) => e.name === 'library:changed')).toBe(true);

    const again = await ok<{ imported: unknown[]; duplicates: { caseId: number }[] }>('import:paths', { paths: [SEED1] });
    expect(again.imported).toHaveLength(0);
    expect(again.duplicates).toEqual([expect.objectContaining({ caseId: seed1 })]);
  });

  it('imports pasted text under a plain file name', async () => {
    const text = fs.readFileSync(SEED2, 'utf8').replace('fltmgr', 'FLTMGR');
    const out = await ok<{ imported: { caseId: number; file: string }[] }>('import:text', { text, name: '../../evil/pasted.txt' });
    expect(out.imported).toHaveLength(1);
    expect(ctx.library.getSummary(out.imported[0]!.caseId)!.fileName).toBe('pasted.txt');
  });

  it('hypotheses with evidence, notes, status and tags are stored', async () => {
    const h = await ok<{ id: number }>('hypotheses:add', { caseId: seed1, text: 'race in name-cache initialisation' });
    await ok('evidence:add', { hypothesisId: h.id, ref: { kind: 'frame', index: 0 } });
    await ok('evidence:add', { hypothesisId: h.id, ref: { kind: 'register', name: 'rsi', value: '0x9d00000000' } });
    await ok('hypotheses:update', { id: h.id, status: 'supported' });
    await ok('notes:add', { caseId: seed1, text: 'RSI disagrees with [rcx]' });
    await ok('cases:set-status', { id: seed1, status: 'investigating' });
    await ok('cases:set-tags', { id: seed1, tags: ['fltmgr', 'race'] });
    const d = await ok<{ status: string; tags: string[]; hypotheses: { status: string; evidence: { ref: { kind: string } }[] }[]; notes: unknown[] }>('cases:get', { id: seed1 });
    expect(d.status).toBe('investigating');
    expect(d.tags).toEqual(['fltmgr', 'race']);
    expect(d.hypotheses[0]!.status).toBe('supported');
    expect(d.hypotheses[0]!.evidence.map((e) => e.ref.kind)).toEqual(['frame', 'register']);
    expect(d.notes).toHaveLength(1);
  });

  it('rejects malformed requests before any handler runs', async () => {
    const bad = [
      ['evidence:add', { hypothesisId: 1, ref: { kind: 'file', path: '/etc/passwd' } }],
      ['case:memory', { caseId: mini, address: '0x1000', length: 1_000_000 }],
      ['case:memory', { caseId: mini, address: 'not hex', length: 16 }],
      ['hypotheses:add', { caseId: seed1, text: '' }],
      ['cases:compare', { left: seed1 }],
      ['import:paths', { paths: [] }],
    ] as const;
    for (const [channel, request] of bad) {
      const r = await dispatch(handlers, channel, request);
      expect(r.ok, channel).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-request');
    }
    const missing = await dispatch(handlers, 'cases:get', { id: 999_999 });
    expect(!missing.ok && missing.error.code).toBe('not-found');
  });

  it('compares the two seed crashes with their shared frames aligned', async () => {
    const cmp = await ok<{ sharedFrames: string[]; stack: { kind: string }[] }>('cases:compare', { left: seed1, right: seed2 });
    expect(cmp.sharedFrames.some((s) => /fltmgr!TreeUnlinkMulti/i.test(s))).toBe(true);
    expect(cmp.stack.some((r) => r.kind === 'match')).toBe(true);
  });

  it('finds the second seed crash among the similar ones, and counts for the plots', async () => {
    const similar = await ok<{ caseId: number; score: number }[]>('cases:similar', { id: seed1 });
    expect(similar.map((s) => s.caseId)).toContain(seed2);
    const counts = await ok<{ key: string; count: number }[]>('cases:counts', { key: 'module' });
    expect(counts.find((c) => c.key === 'fltmgr')?.count).toBeGreaterThanOrEqual(1);
    const days = await ok<{ key: string; count: number }[]>('cases:counts', { key: 'day' });
    const undated = await ok<number>('cases:count-without-crash-time', {});
    const all = await ok<{ total: number }>('cases:list', {});
    expect(undated).toBeGreaterThanOrEqual(0);
    expect(days.reduce((n, d) => n + d.count, 0) + undated).toBe(all.total);
  });

  it('reads dump memory and says where the dump holds nothing', async () => {
    const d = await ok<{ report: { context?: { registers: Record<string, string> } } }>('cases:get', { id: mini });
    const esp = d.report.context!.registers.esp!;
    const mem = await ok<{ bytes: (number | null)[]; source: string }>('case:memory', { caseId: mini, address: esp, length: 32 });
    expect(mem.source).toBe('dump');
    expect(mem.bytes.every((b) => b !== null)).toBe(true);
    const none = await ok<{ bytes: (number | null)[]; source: string }>('case:memory', { caseId: mini, address: '0x10', length: 16 });
    expect(none.source).toBe('none');
    expect(none.bytes.every((b) => b === null)).toBe(true);
    const probe = await ok<boolean[]>('case:probe', { caseId: mini, addresses: [esp, '0x10'] });
    expect(probe).toEqual([true, false]);
  });

  it('disassembles around the fault of a minidump and around the transcript fault', async () => {
    // minidump2 holds 256 code bytes of ntdll at 0x7c90eb14 (the other thread's pc), not the crashing code
    const code = await ok<{ report: { memory: { address: string; source: string }[] } }>('cases:get', { id: mini });
    const region = BigInt(code.report.memory.find((m) => m.source === 'dump')!.address);
    const centre = '0x' + (region + 0x80n).toString(16);
    const u = await ok<{ source: string; lines: { address: string; text: string; current?: boolean }[] }>('case:disassemble', { caseId: mini, address: centre, before: 4, after: 4 });
    expect(u.source).toBe('dump');
    const current = u.lines.find((l) => l.current)!;
    expect(current.address).toBe(centre);
    const at = u.lines.indexOf(current);
    expect(at).toBeGreaterThan(0);
    // the instructions before the centre end exactly where it starts
    for (let i = 1; i <= at; i++) expect(BigInt(u.lines[i - 1]!.address) < BigInt(u.lines[i]!.address)).toBe(true);
    // a window reaching below the held range still decodes what is there
    const wide = await ok<{ lines: { address: string }[] }>('case:disassemble', { caseId: mini, address: centre, before: 32, after: 4 });
    expect(wide.lines.length).toBeGreaterThan(4);
    expect(BigInt(wide.lines[0]!.address) >= region).toBe(true);
    const edge = await ok<{ bytes: (number | null)[] }>('case:memory', { caseId: mini, address: '0x' + (region - 4n).toString(16), length: 8 });
    expect(edge.bytes.map((b) => b !== null)).toEqual([false, false, false, false, true, true, true, true]);
    const notThere = await ok<{ source: string; lines: unknown[] }>('case:disassemble', { caseId: mini, address: '0x40429e' });
    expect(notThere.source).toBe('none');
    expect(notThere.lines).toEqual([]);
    const t = await ok<{ lines: { text: string; current?: boolean }[] }>('case:disassemble', { caseId: seed1, address: '0xfffff8800106f141', before: 12, after: 2 });
    expect(t.lines.find((l) => l.current)!.text).toBe('mov rax,qword ptr [rsi+20h]');
    expect(t.lines.some((l) => l.text === 'jne fffff880`0106f13e')).toBe(true);
  });

  it('finds the pool block holding an address (!pool), from the transcript of the seed', async () => {
    const p = await ok<{ block?: { tag: string; address: string; tagDescription?: string } }>('case:pool', { caseId: seed1, address: '0xfffffa8008e13318' });
    expect(p.block?.tag).toBe('FMsl');
    expect(p.block?.address).toBe('0xfffffa8008e13270');
    const none = await ok<{ block?: unknown }>('case:pool', { caseId: mini, address: '0x10' });
    expect(none.block).toBeUndefined();
  });

  it('shows lines of a stored transcript, and refuses for a binary dump', async () => {
    const t = await ok<{ first: number; lines: string[]; total: number }>('case:transcript', { caseId: seed1, from: 1, to: 3 });
    expect(t.first).toBe(1);
    expect(t.lines).toHaveLength(3);
    expect(t.total).toBeGreaterThan(100);
    const r = await dispatch(handlers, 'case:transcript', { caseId: mini, from: 1, to: 3 });
    expect(!r.ok && r.error.code).toBe('bad-input');
  });

  it('in the desktop app, imports through import:paths only what the user dropped', async () => {
    const granted = new Set([SEED2]);
    ctx.importPathAllowed = (p) => granted.has(p);
    try {
      const refused = await dispatch(handlers, 'import:paths', { paths: ['/etc/passwd'] });
      expect(!refused.ok && refused.error.code).toBe('invalid-request');
      const allowed = await ok<{ duplicates: unknown[] }>('import:paths', { paths: [SEED2] });
      expect(allowed.duplicates).toHaveLength(1);
    } finally {
      delete ctx.importPathAllowed;
    }
  });

  it('exports and deletes a case', async () => {
    const md = await ok<{ text: string }>('cases:export', { id: seed2, format: 'md' });
    expect(md.text).toMatch(/TreeUnlinkMulti/);
    await ok('cases:delete', { id: seed2 });
    expect(ctx.library.getSummary(seed2)).toBeUndefined();
  });
});
