// Re-analysis: a stored case's report rebuilt from its stored file after symbol folders are added.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppContext } from '../../main/app/context';
import type { AppContext } from '../../main/ipc/app-context';
import type { ImportOutcome } from '../../main/ipc/contract';
import { dispatch, type Handlers } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { runCliCaptured as run } from '../../main/cli/run-captured';
import type { Evidence } from '../../main/library/types';
import { saveSettings } from '../../main/settings/settings';
import { CORPUS, tempDir } from './library-fixtures';

const MINIDUMP2 = path.join(CORPUS, 'minidump/breakpad/minidump2.dmp');
const SYMBOLS = path.join(CORPUS, 'minidump/breakpad/symbols');
const TRIAGE = path.join(CORPUS, 'kernel/triage_x64.dmp');

let dir: string;
let ctx: AppContext;
let handlers: Handlers;
const call = async <T>(channel: string, request: unknown): Promise<T> => {
  const r = await dispatch(handlers, channel, request);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const stackOf = (id: number) => ctx.library.getCase(id)!.report!.stack.map((f) => `${f.module ?? '?'}!${f.function ?? '?'}`);

beforeEach(() => {
  dir = tempDir('reanalyze');
  vi.stubEnv('_NT_SYMBOL_PATH', '');
  vi.stubEnv('_NT_ALT_SYMBOL_PATH', '');
  ctx = createAppContext('browser', dir);
  handlers = createHandlers(ctx);
});
afterEach(() => {
  ctx.library.close();
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function importMinidump2(): Promise<number> {
  const outcome = await call<ImportOutcome>('import:paths', { paths: [MINIDUMP2] });
  return outcome.imported[0]!.caseId;
}

describe('re-analysing a case', () => {
  it('cases:reanalyze symbolizes the stack with the new settings and keeps hypotheses, evidence, notes, tags and status', async () => {
    const id = await importMinidump2();
    expect(stackOf(id).some((f) => f.startsWith('test_app!') && !f.endsWith('!?'))).toBe(false);
    const titleBefore = ctx.library.getSummary(id)!.title;
    const h = ctx.library.addHypothesis(id, { text: 'null deref in the crash helper' });
    const gone = ctx.library.addEvidence(h.id, { kind: 'finding', id: 'no-such-finding:1' });
    const frame = ctx.library.addEvidence(h.id, { kind: 'frame', index: 0 });
    ctx.library.addNote(id, 'seen on the build machine');
    ctx.library.setTags(id, ['nightly']);
    ctx.library.setStatus(id, 'investigating');
    const events: string[] = [];
    ctx.events.subscribe((name, payload) => {
      if (name === 'library:changed') events.push((payload as { reason: string }).reason);
    });

    saveSettings(dir, { symbolPath: [SYMBOLS] });
    const reply = await call<{ staleEvidence: Evidence[] }>('cases:reanalyze', { id });

    const stack = stackOf(id);
    expect(stack[0]).toBe("test_app!`anonymous namespace'::CrashFunction");
    expect(stack.filter((f) => f.startsWith('test_app!') && !f.endsWith('!?')).length).toBeGreaterThanOrEqual(2);
    const d = ctx.library.getCase(id)!;
    expect(d.hypotheses.map((x) => x.text)).toEqual(['null deref in the crash helper']);
    expect(d.hypotheses[0]!.evidence.map((e) => e.id)).toEqual([gone.id, frame.id]);
    expect(reply.staleEvidence.map((e) => e.id)).toEqual([gone.id]);
    expect(d.notes.map((n) => n.text)).toEqual(['seen on the build machine']);
    expect(d.tags).toEqual(['nightly']);
    expect(d.status).toBe('investigating');
    // the default title followed the new faulting function
    expect(d.title).not.toBe(titleBefore);
    expect(d.title).toContain('CrashFunction');
    expect(d.faultingFunction).toContain('CrashFunction');
    const last = d.history.at(-1)!;
    expect(last.action).toBe('re-analysed');
    expect(last.text).toMatch(/rebuilt the report from the stored file: \d+ frames.*1 evidence link names a finding the new report no longer has/);
    expect(events).toContain(`case ${id} re-analysed`);
    // the search index holds the new symbols
    expect(ctx.library.listCases({ text: 'CrashFunction' }).rows.map((r) => r.id)).toEqual([id]);
    await expect(call('cases:reanalyze', { id: 999 })).rejects.toThrow(/not-found/);
  });

  it('cases:reanalyze parses on a worker thread: the main thread keeps running while a kernel dump is read', async () => {
    const outcome = await call<ImportOutcome>('import:paths', { paths: [TRIAGE] });
    const id = outcome.imported[0]!.caseId;
    const before = ctx.library.getSummary(id)!;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const pending = call<{ summary: { id: number; code?: string } }>('cases:reanalyze', { id });
    // nothing was parsed or written in the call itself
    expect(ctx.library.getCase(id)!.history.at(-1)!.action).not.toBe('re-analysed');
    const reply = await pending;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(reply.summary).toMatchObject({ id, code: before.code });
    expect(ctx.library.getCase(id)!.history.at(-1)!.action).toBe('re-analysed');
  });

  it('a stored file that no longer parses, or a case deleted while the worker ran, leaves a clear error', async () => {
    const id = await importMinidump2();
    fs.writeFileSync(ctx.library.dumpPath(id)!, 'not a dump any more');
    await expect(call('cases:reanalyze', { id })).rejects.toThrow(/bad-input: the stored file still cannot be read: /);
    expect(ctx.library.getSummary(id)!.status).toBe('new');

    const other = await call<ImportOutcome>('import:paths', { paths: [TRIAGE] });
    const otherId = other.imported[0]!.caseId;
    const pending = call('cases:reanalyze', { id: otherId });
    ctx.library.deleteCase(otherId);
    await expect(pending).rejects.toThrow(`not-found: case ${otherId} was deleted while it was being re-analysed`);
  });

  it('a case in error state whose file now parses becomes a new case', async () => {
    const staged = ctx.library.store.stageFile(MINIDUMP2, ctx.library.store.newTempPath());
    const { caseId } = ctx.library.addStagedFile(staged, { fileName: 'minidump2.dmp', originalName: 'minidump2.dmp', format: 'minidump', error: 'the import worker stopped' });
    expect(ctx.library.getSummary(caseId)).toMatchObject({ status: 'error', error: 'the import worker stopped', title: 'minidump2.dmp' });
    await call('cases:reanalyze', { id: caseId });
    const s = ctx.library.getSummary(caseId)!;
    expect(s.status).toBe('new');
    expect(s.error).toBeUndefined();
    expect(s.code).toBe('0xc0000005');
    expect(s.title).not.toBe('minidump2.dmp');
  });

  it('crashbench reanalyze ID and --all, keeping a title the user chose; failures exit 1 with one line each', async () => {
    const id = await importMinidump2();
    ctx.library.renameCase(id, 'my crash');
    ctx.library.close();
    const r = await run('reanalyze', '--library', dir, '--symbols', SYMBOLS, '--json', String(id));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ reanalysed: [{ id, title: 'my crash' }], failed: [] });

    const all = await run('reanalyze', '--library', dir, '--all');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/1 re-analysed, 0 failed/);

    const bad = await run('reanalyze', '--library', dir, String(id), '4242', '4343');
    expect(bad.code).toBe(1);
    expect(bad.err.split('\n')).toEqual([expect.stringMatching(/case 4242: no such case/), expect.stringMatching(/case 4343: no such case/)]);
    expect((await run('reanalyze', '--library', dir)).code).toBe(2);
    ctx = createAppContext('browser', dir);
  });
});
