// The real desktop app: runs where an Electron binary is installed and is
// skipped, with the reason printed, where it is not (ELECTRON_SKIP_BINARY_DOWNLOAD).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, ROOT, screenshotPath, test } from './fixtures';

function electronBinary(): string | null {
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(ROOT, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

const binary = electronBinary();
if (!binary) console.log('electron smoke test skipped: no Electron binary is installed (node_modules/electron/path.txt missing; installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)');

test('the desktop app opens its window and shows the library', async () => {
  test.skip(!binary, 'no Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1)');
  const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.join(ROOT, 'dist', 'electron', 'main.mjs'), '--library', libraryDir, '--no-sandbox', '--disable-gpu'],
    env: { ...process.env, CRASHBENCH_HOME: libraryDir },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByText(/No cases yet|Library/).first()).toBeVisible({ timeout: 20_000 });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      // getLastWebPreferences exists at run time but is missing from some Electron typings
      const p = (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }).getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    await window.screenshot({ path: screenshotPath('electron-library') });
  } finally {
    await app.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  }
});
