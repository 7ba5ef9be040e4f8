// The crashbench command line end to end, on a real library in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, saveSettings } from '../../main/settings/settings';
import { runCliCaptured as run } from '../../main/cli/run-captured';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const SEED1 = path.join(CORPUS, 'seed/crash1-analyze.txt');
const SEED2 = path.join(CORPUS, 'seed/crash2-stack.txt');
const MINIDUMP2 = path.join(CORPUS, 'minidump/breakpad/minidump2.dmp');
const TRIAGE = path.join(CORPUS, 'kernel/triage_x64.dmp');
let dir: string;

const lib = () => ['--library', dir];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('analyze and stackwalk', () => {
  it('analyze --json gives the DESIGN.md contract for the seed', async () => {
    const r = await run('analyze', '--json', SEED1);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      file: 'crash1-analyze.txt',
      format: 'windbg-text',
      dumpType: 'transcript',
      system: { arch: 'x64' },
      bugcheck: { code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] },
      exception: { code: '0xc0000005', name: 'STATUS_ACCESS_VIOLATION', address: '0xfffff8800106f141' },
      process: 'CarboniteServi',
      bucket: 'X64_0x3B_fltmgr!TreeUnlinkMulti+51',
    });
    expect(j.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.registers.rsi).toBe('0x9d00000000');
    expect(j.stack[0]).toMatchObject({ index: 0, module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51', address: '0xfffff8800106f141', trust: 'transcript' });
    expect(j.findings.map((f: { kind: string }) => f.kind)).toContain('register-memory-mismatch');
  });

  it('analyze prints an !analyze-like text', async () => {
    const r = await run('analyze', SEED1);
    expect(r.out).toMatch(/^SYSTEM_SERVICE_EXCEPTION \(3b\): c0000005 access violation reading 0000009d`00000020 in fltmgr!TreeUnlinkMulti\+0x51/);
    expect(r.out).toMatch(/BUCKET_ID:\s+X64_0x3B_fltmgr!TreeUnlinkMulti\+51/);
  });

  it('stackwalk of minidump2 with the corpus symbols gives Breakpad\'s frames', async () => {
    const r = await run('stackwalk', '--json', '--symbols', path.join(CORPUS, 'minidump/breakpad/symbols'), MINIDUMP2);
    const frames = JSON.parse(r.out) as { function?: string; address: string; trust: string; line?: number }[];
    expect(frames.map((f) => f.address)).toEqual(['0x40429e', '0x404200', '0x4053ec', '0x7c816fd7']);
    expect(frames[0]).toMatchObject({ function: "`anonymous namespace'::CrashFunction", line: 58, trust: 'context' });
    expect(frames[3]!.function).toBe('BaseProcessStart');
    const breakpad = await run('stackwalk', '--breakpad', '--symbols', path.join(CORPUS, 'minidump/breakpad/symbols'), MINIDUMP2);
    expect(breakpad.out).toContain('Found by: call frame info');
  });

  it('stackwalk of the triage dump: the fault stack by default, the bugchecking thread from KeBugCheckEx with --thread', async () => {
    const fault = JSON.parse((await run('stackwalk', '--json', TRIAGE)).out) as { module?: string; offset?: string; trust: string }[];
    expect(fault[0]).toMatchObject({ module: 'amdppm', offset: '0x334c', trust: 'context' });
    expect(fault.filter((f) => f.trust === 'epilogue').length).toBeGreaterThan(15);
    const thread = await run('stackwalk', '--thread', TRIAGE);
    const lines = thread.out.split('\n');
    expect(lines[0]).toBe('Child-SP          RetAddr           Call Site');
    expect(lines[1]).toBe('ffff8504`29890ee8 fffff804`7be0f4e1 nt+0x3f5a80');
    expect(lines.some((l) => l.startsWith('ffff8504`29892120 fffff804`8b58313f amdppm+0x334c'))).toBe(true);
    expect(lines).toContain('ffff8504`29891f90 fffff804`8b58334c nt+0x4031f5 (TrapFrame @ ffff8504`29891f90)');
  });

  it('stackwalk uses the symbol folders saved in the library settings', async () => {
    const settingsLibrary = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-cli-settings-'));
    try {
      saveSettings(settingsLibrary, { ...defaultSettings(), symbolPath: [path.join(CORPUS, 'minidump/breakpad/symbols')] });
      const r = await run('stackwalk', '--json', '--library', settingsLibrary, MINIDUMP2);
      expect(JSON.parse(r.out)[0].function).toBe("`anonymous namespace'::CrashFunction");
    } finally {
      fs.rmSync(settingsLibrary, { recursive: true, force: true });
    }
  });

  it('a bad file is one line naming file, structure and offset, exit 1', async () => {
    const r = await run('analyze', path.join(CORPUS, 'malformed/mdmp-trunc-0100b-partial-directory.dmp'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^crashbench: mdmp-trunc-0100b-partial-directory\.dmp: MINIDUMP_DIRECTORY.* at offset 0x20: /);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});

describe('library commands', () => {
  const ids: Record<string, number> = {};

  it('imports files, and recognises them again as duplicates', async () => {
    const r = await run('import', '--json', ...lib(), SEED1, SEED2, MINIDUMP2, TRIAGE);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { imported: { caseId: number; file: string }[] };
    expect(result.imported).toHaveLength(4);
    for (const f of result.imported) ids[path.basename(f.file)] = f.caseId;
    const again = JSON.parse((await run('import', '--json', ...lib(), SEED1)).out) as { duplicates: { caseId: number }[] };
    expect(again.duplicates[0]!.caseId).toBe(ids['crash1-analyze.txt']);
  });

  it('lists, filters and searches', async () => {
    expect(JSON.parse((await run('list', '--json', ...lib())).out).total).toBe(4);
    const byCode = JSON.parse((await run('list', '--json', ...lib(), '--code', '0x3b')).out);
    expect(byCode.rows.map((r: { id: number }) => r.id)).toEqual([ids['crash1-analyze.txt']]);
    const text = await run('list', ...lib(), 'TreeUnlinkMulti');
    expect(text.out).toMatch(/crash1-analyze|TreeUnlinkMulti/);
  });

  it('shows a case and exports it as Markdown and JSON', async () => {
    const id = String(ids['crash1-analyze.txt']);
    const shown = (await run('show', ...lib(), id)).out;
    expect(shown).toMatch(/X64_0x3B_fltmgr!TreeUnlinkMulti\+51/);
    expect(shown).toMatch(/\nHistory:\n  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  imported crash1-analyze\.txt/);
    const md = (await run('export', ...lib(), id, '--format', 'md')).out;
    expect(md).toMatch(/TreeUnlinkMulti/);
    expect(md).toMatch(/## History\n\n- \d{4}-\d\d-\d\dT[\d:.]+Z — imported crash1-analyze\.txt/);
    const json = JSON.parse((await run('export', ...lib(), id, '--format', 'json')).out);
    expect(json.report.bugcheck.code).toBe('0x3b');
    expect((await run('show', ...lib(), '999')).code).toBe(1);
  });

  it('finds the seed pair as each other\'s nearest neighbour and compares them', async () => {
    const a = ids['crash1-analyze.txt']!;
    const b = ids['crash2-stack.txt']!;
    const similar = JSON.parse((await run('similar', '--json', ...lib(), String(a))).out) as { caseId: number; score: number }[];
    expect(similar[0]!.caseId).toBe(b);
    const cmp = await run('compare', ...lib(), String(a), String(b));
    expect(cmp.code).toBe(0);
    expect(cmp.out).toMatch(/TreeUnlinkMulti/);
    const cmpJson = JSON.parse((await run('compare', '--json', ...lib(), String(a), String(b))).out);
    expect(JSON.stringify(cmpJson)).toMatch(/FltpDispatch/);
  });
});
