/// <reference lib="dom" />
// The case view's Re-analyse button: a case imported before its symbols were set gets a symbolized stack, its hypothesis stays.
import path from 'node:path';
import { importPaths } from '../../main/import/import-files';
import { saveSettings } from '../../main/settings/settings';
import { CORPUS, expect as baseExpect, test } from './fixtures';

const expect = baseExpect.configure({ timeout: 20_000 });

test('Re-analyse rebuilds the stack with the symbol folders saved since the import', async ({ page, workbench }) => {
  const lib = workbench.ctx.library;
  const result = await importPaths(lib, [path.join(CORPUS, 'minidump', 'breakpad', 'minidump2.dmp')], { workers: 0, symbolPath: [] });
  const id = result.imported[0]!.caseId;
  lib.addHypothesis(id, { text: 'crash helper writes through null' });
  saveSettings(workbench.libraryDir, { symbolPath: [path.join(CORPUS, 'minidump', 'breakpad', 'symbols')] });

  await page.goto(`${workbench.url}#/case/${id}/stack`);
  await expect(page.getByTestId('case-view')).not.toContainText('CrashFunction');
  await page.getByTestId('reanalyse').click();
  await expect(page.getByTestId('reanalysed')).toHaveText('re-analysed');
  await expect(page.getByTestId('case-view')).toContainText('CrashFunction');

  await page.goto(`${workbench.url}#/case/${id}/hypotheses`);
  await expect(page.getByTestId('hypothesis-text')).toHaveText('crash helper writes through null');
  await expect(page.locator('.history')).toContainText('rebuilt the report from the stored file');
});
