/// <reference lib="dom" />
// The Structures tab's "Show type" form: dt module!Type address on a binary dump, first without the PDB
// (the message names it and says where to add it), then with its folder in the settings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPaths } from '../../main/import/import-files';
import { saveSettings } from '../../main/settings/settings';
import { sampleDump, sampleSymbolStore } from '../fixtures/pdb/sample-dump';
import { expect as baseExpect, screenshotPath, test } from './fixtures';

const expect = baseExpect.configure({ timeout: 20_000 });

test('Show type lays out a structure from the PDB and reads its values from the dump', async ({ page, workbench }) => {
  const incoming = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-dt-e2e-'));
  const file = path.join(incoming, 'sample.dmp');
  fs.writeFileSync(file, sampleDump());
  const result = await importPaths(workbench.ctx.library, [file], { workers: 0, symbolPath: [] });
  fs.rmSync(incoming, { recursive: true, force: true });
  const id = result.imported[0]!.caseId;

  await page.goto(`${workbench.url}#/case/${id}/structures`);
  await page.getByTestId('dt-type').fill('sample!_EXAMPLE');
  await page.getByTestId('dt-address').fill('7ff6`10000000');
  await page.getByRole('button', { name: 'Show type' }).click();
  await expect(page.getByTestId('dt-error')).toContainText('looked for sample.pdb {5A9832E5-2872-41C1-838E-D98914E9B7FF} age 2');
  await expect(page.getByTestId('dt-error')).toContainText('Settings → Symbol folders');

  saveSettings(workbench.libraryDir, { symbolPath: [sampleSymbolStore(path.join(workbench.libraryDir, 'symbols'))] });
  await page.getByRole('button', { name: 'Show type' }).click();
  const out = page.getByTestId('dt-result');
  await expect(out).toContainText('dt sample!_EXAMPLE 00007ff6`10000000');
  await expect(out).toContainText('_LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]');
  await expect(out).toContainText('1 ( Green )');
  await expect(out).toContainText('[16]  "FMsl stream"');
  await expect(page.getByTestId('dt-error')).toBeHidden();
  await page.getByTestId('dt-depth').selectOption('1');
  await page.getByRole('button', { name: 'Show type' }).click();
  await expect(out.locator('[data-field="Links.Flink"]')).toContainText('+0x000 Flink');
  await expect(out.locator('[data-field="Links.Flink"]')).toContainText('0xfffffa80`07043c60 _LIST_ENTRY');
  await page.screenshot({ path: screenshotPath('structures-show-type') });

  // a typed pointer opens the memory it points at
  await page.getByTestId('dt-type').fill('sample!_VALUES');
  await page.getByTestId('dt-address').fill('7ff610000100');
  await page.getByRole('button', { name: 'Show type' }).click();
  await out.getByRole('link', { name: '0x00007ff6`10000000 _EXAMPLE' }).click();
  await expect(page).toHaveURL(/#\/case\/\d+\/memory\?addr=0x7ff610000000/);
});
