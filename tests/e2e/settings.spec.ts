/// <reference lib="dom" />
// Symbol folders set in the Settings dialog are used by the next import: minidump2's stack gets names.
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, expect as baseExpect, test } from './fixtures';

const expect = baseExpect.configure({ timeout: 20_000 });
const SYMBOLS = path.join(CORPUS, 'minidump', 'breakpad', 'symbols');

test('symbol folders from the settings dialog symbolize the next import', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toContainText('Only local folders are used');
  await page.getByTestId('settings-symbol-path').fill(`${SYMBOLS}\n`);
  await page.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
  expect(JSON.parse(fs.readFileSync(path.join(workbench.libraryDir, 'settings.json'), 'utf8'))).toEqual({ symbolPath: [SYMBOLS] });

  await page.getByTestId('file-input').setInputFiles([path.join(CORPUS, 'minidump', 'breakpad', 'minidump2.dmp')]);
  await expect(page.getByTestId('import-result')).toContainText('1 imported', { timeout: 30_000 });
  const stack = workbench.ctx.library.getCase(workbench.ctx.library.listCases().rows[0]!.id)!.report!.stack;
  expect(stack[0]).toMatchObject({ module: 'test_app', function: "`anonymous namespace'::CrashFunction" });

  // the dialog shows what was saved
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-symbol-path')).toHaveValue(SYMBOLS);
});
