/// <reference lib="dom" />
// The seed story of debugging-race-conditions.txt, one click per step: the
// 0x3B summary, the faulting `mov rax,[rsi+20h]`, the load `mov rsi,[rcx]`,
// [rcx] in memory, the FMsl pool block, the pointer it holds, the FMfn block
// and its _NAME_CACHE_NODE with the corrupted byte lane, then the two
// hypotheses written next to their evidence.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS, expect as baseExpect, screenshotPath, test } from './fixtures';

const expect = baseExpect.configure({ timeout: 20_000 });
const SEED = ['crash1-analyze.txt', 'crash2-stack.txt'].map((f) => path.join(CORPUS, 'seed', f));

async function importFiles(page: Page, files: string[]) {
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
}

async function openCase(page: Page, fileName: string): Promise<number> {
  await page.locator('[data-testid=case-list] [role=row]', { has: page.locator(`a[title="${fileName}"]`) }).locator('a.title').click();
  await expect(page.getByTestId('case-view')).toBeVisible();
  return Number(/#\/case\/(\d+)/.exec(page.url())![1]);
}

async function linkFinding(page: Page, kind: string, hypothesis: string) {
  await page.locator(`[data-kind="${kind}"]`).getByTestId('link-hypothesis').first().click();
  const dialog = page.getByRole('dialog', { name: 'Link to hypothesis' });
  const existing = dialog.getByRole('button', { name: new RegExp(hypothesis) });
  if (await existing.count()) await existing.click();
  else {
    await dialog.getByTestId('link-new-text').fill(hypothesis);
    await dialog.getByTestId('link-new-text').press('Enter');
  }
  await expect(dialog).toBeHidden();
}

test('the seed story, one click per step', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await importFiles(page, SEED);
  const first = await openCase(page, 'crash1-analyze.txt');

  // summary → the faulting instruction, with the load of its base register marked
  await expect(page.getByTestId('faulting-instr').getByRole('link')).toHaveAttribute('href', /disassembly\?addr=0xfffff8800106f141$/);
  await page.getByRole('link', { name: 'fltmgr!TreeUnlinkMulti+0x51' }).click();
  await expect(page.getByTestId('disassembly').locator('tr.fault')).toContainText('mov rax,qword ptr [rsi+20h]');
  await expect(page.getByTestId('disassembly').locator('tr.load')).toContainText('mov rsi,qword ptr [rcx]');
  await expect(page.getByTestId('disassembly').locator('tr.fault').getByTestId('operand-memory')).toHaveText('[rsi+20h] = 0000009d`00000020 →');
  await page.screenshot({ path: screenshotPath('story-disassembly') });

  // the register the fault went through carries its finding, one click from the summary's text
  await page.getByTestId('tab-registers').click();
  await expect(page.locator('[data-reg=rsi]').getByTestId('register-finding')).toContainText('disagrees with the memory it was loaded from');
  await page.goBack();

  // the load → [rcx] in memory, the qword it loaded highlighted
  await page.getByTestId('disassembly').locator('tr.load').getByTestId('operand-memory').click();
  await expect(page).toHaveURL(/\/memory\?addr=0xfffffa8008e13318$/);
  await expect(page.getByTestId('memory-view').locator('.at')).toHaveText('fffff8a0`0d106d58');
  await page.screenshot({ path: screenshotPath('story-memory') });

  // the address → its pool block (FMsl)
  await page.getByTestId('memory-pool').click();
  await expect(page.getByTestId('pool-result')).toContainText('FMsl');
  await page.screenshot({ path: screenshotPath('story-pool-fmsl') });

  // back to memory, follow the pointer [rcx] holds, and ask for its pool block (FMfn, a _NAME_CACHE_NODE)
  await page.goBack();
  await page.getByTestId('memory-view').locator('a.q', { hasText: 'fffff8a0`0d106d58' }).click();
  await expect(page).toHaveURL(/\/memory\?addr=0xfffff8a00d106d58$/);
  await page.getByTestId('memory-pool').click();
  await expect(page.getByTestId('pool-result')).toContainText('FMfn');
  await page.getByTestId('pool-body-type').click();
  const node = page.locator('[data-testid=type].focus');
  await expect(node).toContainText('_NAME_CACHE_NODE');
  await expect(node).toBeInViewport();

  // the byte-lane finding's field evidence lands on the field, the stray byte marked
  await page.getByTestId('tab-summary').click();
  await page.locator('[data-kind="byte-lane-corruption"]').getByRole('button', { name: /_NAME_CACHE_NODE\.TreeLink\.Link\.Parent/ }).click();
  const parent = page.locator('.field.hit');
  await expect(parent).toBeInViewport();
  await expect(parent).toHaveAttribute('data-field', 'TreeLink.Link.Parent');
  await expect(parent.locator('mark.lane')).toHaveText('89');
  await expect(page.locator('[data-testid=type].focus .field.suspect mark.lane')).toHaveText(['81', '89', '1d', 'ff', 'e8', 'f3', '41', 'd9']);
  await page.screenshot({ path: screenshotPath('story-name-cache-node') });

  // weigh the two explanations, each tied to its evidence
  await page.getByTestId('tab-summary').click();
  await linkFinding(page, 'register-memory-mismatch', 'race condition');
  await linkFinding(page, 'byte-lane-corruption', 'hardware bit error');
  await linkFinding(page, 'byte-lane-corruption', 'race condition');

  // Escape in the dialog closes it, keeps the case open and gives focus back to the ⊕ link
  const opener = page.locator('[data-kind="fault-instruction"]').getByTestId('link-hypothesis').first();
  await opener.click();
  await page.getByRole('dialog', { name: 'Link to hypothesis' }).getByRole('button', { name: /race condition/ }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Link to hypothesis' })).toBeHidden();
  await expect(page.getByTestId('case-view')).toBeVisible();
  await expect(opener).toBeFocused();

  // rename from the keyboard: F2, type, Enter; Escape in the field cancels without leaving the case
  await page.keyboard.press('F2');
  await page.keyboard.type('TreeUnlinkMulti: race or bit flip?');
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText('TreeUnlinkMulti: race or bit flip?');
  await page.getByTestId('rename').click();
  await page.keyboard.type('draft title');
  await page.keyboard.press('Escape');
  await expect(page.locator('h1')).toHaveText('TreeUnlinkMulti: race or bit flip?');
  await expect(page.getByTestId('case-view')).toBeVisible();

  await page.getByTestId('tab-hypotheses').click();
  await expect(page.getByTestId('hypothesis-text')).toHaveText(['race condition', 'hardware bit error']);
  await page.screenshot({ path: screenshotPath('story-hypotheses') });
  const stored = workbench.ctx.library.getCase(first)!.hypotheses;
  expect(stored.map((h) => [h.text, h.evidence.length])).toEqual([
    ['race condition', 2],
    ['hardware bit error', 1],
  ]);
});

test('compare keeps both columns on screen; a file that is not a dump says what to do', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await importFiles(page, [...SEED, path.join(CORPUS, 'seed', 'extract.py')]);
  const ids = workbench.ctx.library.listCases({}).rows;
  const id = (name: string) => ids.find((r) => r.fileName === name)!.id;

  await page.goto(`${workbench.url}#/compare/${id('crash1-analyze.txt')}/${id('crash2-stack.txt')}`);
  await expect(page.getByTestId('register-diff')).toContainText('rsi');
  const width = page.viewportSize()!.width;
  const box = (await page.getByTestId('register-diff').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  await expect(page.getByTestId('bugcheck-diff')).toContainText('fffff880`0106f141');
  await page.screenshot({ path: screenshotPath('story-compare') });

  // a stack-only transcript: its top frame is not called a fault, and the empty findings say why
  await page.goto(`${workbench.url}#/case/${id('crash2-stack.txt')}/summary`);
  await expect(page.getByTestId('analyze-header')).toContainText('STACK_TOP:');
  await expect(page.getByTestId('analyze-header')).not.toContainText('FAULTING_IP:');
  await expect(page.getByTestId('no-findings')).toContainText('!analyze -v');
  await page.getByTestId('tab-registers').click();
  await expect(page.getByTestId('no-registers')).toContainText('.cxr');

  // the transcript without `lm` says how to get modules
  await page.goto(`${workbench.url}#/case/${id('crash1-analyze.txt')}/modules`);
  await expect(page.getByTestId('modules-empty')).toContainText('lmv');

  await page.goto(`${workbench.url}#/case/${id('extract.py')}/summary`);
  await expect(page.getByTestId('case-error')).toContainText('not a crash dump');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('case-error').getByRole('button', { name: 'delete this case' }).click();
  await expect(page.getByTestId('library')).toBeVisible();
  await expect(page.getByTestId('case-count')).toHaveText('2 cases');

  // a search that finds nothing says so and offers the way back
  await page.getByTestId('search').fill('nosuchthing');
  await expect(page.getByTestId('no-match')).toContainText('No case matches “nosuchthing”');
  await page.getByTestId('no-match').getByRole('button', { name: /clear the filter/ }).click();
  await expect(page.getByTestId('case-count')).toHaveText('2 cases');

  // the seed transcripts state no crash time: the time plot names them rather than piling them on the import day
  await page.getByTestId('nav-plots').click();
  await expect(page.getByTestId('plot-time')).toContainText('No dated cases.');
  await expect(page.getByTestId('plot-undated')).toHaveText('2 cases without a crash time are not shown.');

  // a day on the time plot is a keyboard stop too: Enter shows that day's cases
  await importFiles(page, [path.join(CORPUS, 'minidump', 'breakpad', 'minidump2.dmp')]);
  await page.getByTestId('nav-plots').click();
  const day = page.getByTestId('plot-time').getByRole('button').first();
  await day.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/from=2007-02-14&to=2007-02-14/);
  await expect(page.getByTestId('case-count')).toHaveText('1 case');
});
