// The app's settings (symbol folders) and what they change: imports walk stacks with those folders.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppContext } from '../../main/app/context';
import type { AppContext } from '../../main/ipc/app-context';
import type { ImportOutcome, SettingsReply } from '../../main/ipc/contract';
import { dispatch, type Handlers } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { importPaths } from '../../main/import/import-files';
import { loadSettings, saveSettings, settingsPath, symbolPathForLibrary } from '../../main/settings/settings';
import { CORPUS, tempDir } from './library-fixtures';

const MINIDUMP2 = path.join(CORPUS, 'minidump/breakpad/minidump2.dmp');
const SYMBOLS = path.join(CORPUS, 'minidump/breakpad/symbols');

let dir: string;
beforeEach(() => {
  dir = tempDir('settings');
  vi.stubEnv('_NT_SYMBOL_PATH', '');
  vi.stubEnv('_NT_ALT_SYMBOL_PATH', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('settings store', () => {
  it('gives the defaults without a file and round-trips what is saved', () => {
    expect(loadSettings(dir)).toEqual({ symbolPath: [] });
    saveSettings(dir, { symbolPath: ['C:\\symbols', '/srv/breakpad'] });
    expect(JSON.parse(fs.readFileSync(settingsPath(dir), 'utf8'))).toEqual({ symbolPath: ['C:\\symbols', '/srv/breakpad'] });
    expect(loadSettings(dir)).toEqual({ symbolPath: ['C:\\symbols', '/srv/breakpad'] });
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('names the file and what to do when it is not valid', () => {
    fs.writeFileSync(settingsPath(dir), '{ "symbolPath": [');
    expect(() => loadSettings(dir)).toThrow(/settings\.json is not valid JSON .*fix it or delete it/);
    fs.writeFileSync(settingsPath(dir), JSON.stringify({ symbolPath: 'C:\\symbols' }));
    expect(() => loadSettings(dir)).toThrow(/settings\.json: symbolPath: .*fix it or delete it/);
    fs.writeFileSync(settingsPath(dir), JSON.stringify({ symbolPath: [], colour: 'blue' }));
    expect(() => loadSettings(dir)).toThrow(/settings\.json/);
    expect(() => saveSettings(dir, { symbolPath: [''] })).toThrow();
  });

  it('orders symbol folders: --symbols, the settings, then _NT_SYMBOL_PATH (local folders only)', () => {
    vi.stubEnv('_NT_SYMBOL_PATH', 'srv*/env/cache*https://msdl.microsoft.com/download/symbols');
    saveSettings(dir, { symbolPath: ['/from/settings', 'srv*/settings/cache*https://example.com'] });
    expect(symbolPathForLibrary(dir, { extra: ['/from/cli'] })).toEqual(['/from/cli', '/from/settings', '/settings/cache', '/env/cache']);
    fs.writeFileSync(settingsPath(dir), 'not json');
    expect(symbolPathForLibrary(dir)).toEqual(['/env/cache']);
  });
});

describe('settings channels and imports', () => {
  let ctx: AppContext;
  let handlers: Handlers;
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, request);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  beforeEach(() => {
    ctx = createAppContext('browser', dir);
    handlers = createHandlers(ctx);
  });
  afterEach(() => ctx.library.close());

  const stackOf = async (outcome: ImportOutcome) => {
    const caseId = outcome.imported[0]?.caseId ?? outcome.duplicates[0]!.caseId;
    return ctx.library.getCase(caseId)!.report!.stack.map((f) => `${f.module ?? '?'}!${f.function ?? '?'}`);
  };

  it('settings:set saves the folders, settings:get reads them back with _NT_SYMBOL_PATH apart', async () => {
    vi.stubEnv('_NT_SYMBOL_PATH', '/env/syms');
    const set = await call<SettingsReply>('settings:set', { symbolPath: ['  /a/syms ', '', '/b/syms'] });
    expect(set).toMatchObject({ symbolPath: ['/a/syms', '/b/syms'], environmentSymbolPath: ['/env/syms'], file: settingsPath(ctx.library.dir) });
    expect(await call<SettingsReply>('settings:get', {})).toEqual(set);
    await expect(call('settings:set', { symbolPath: ['https://msdl.microsoft.com/download/symbols'] })).rejects.toThrow(/bad-input: .*never downloads symbols/);
    await expect(call('settings:set', { symbolPath: 'C:\\syms' })).rejects.toThrow(/invalid-request/);
    fs.writeFileSync(settingsPath(ctx.library.dir), '[');
    expect(await call<SettingsReply>('settings:get', {})).toMatchObject({ symbolPath: [], error: expect.stringMatching(/not valid JSON/) });
  });

  it('an import with a symbol folder in the settings symbolizes minidump2 (in a worker and in this thread)', async () => {
    const without = await call<ImportOutcome>('import:paths', { paths: [MINIDUMP2] });
    const bare = await stackOf(without);
    expect(bare.some((f) => f.startsWith('test_app') && !f.endsWith('!?'))).toBe(false);
    ctx.library.deleteCase(without.imported[0]!.caseId);

    await call('settings:set', { symbolPath: [SYMBOLS] });
    const pooled = await call<ImportOutcome>('import:paths', { paths: [MINIDUMP2] });
    const stack = await stackOf(pooled);
    expect(stack[0]).toBe("test_app!`anonymous namespace'::CrashFunction");
    expect(stack.filter((f) => f.startsWith('test_app!') && !f.endsWith('!?')).length).toBeGreaterThanOrEqual(2);
    expect(stack.at(-1)).toBe('kernel32!BaseProcessStart');

    ctx.library.deleteCase(pooled.imported[0]!.caseId);
    const inline = await importPaths(ctx.library, [MINIDUMP2], { workers: 0, symbolPath: symbolPathForLibrary(ctx.library.dir) });
    expect(await stackOf({ ...inline, jobId: 'inline' })).toEqual(stack);
  });
});
