/// <reference lib="dom" />
// The reference story, end to end in Chromium against the real main-side
// code and a real SQLite library: import the seed transcripts and two
// corpus dumps, open the 0x3B case, write a hypothesis tied to its evidence,
// reload, and compare it with the second seed crash.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS, expect as baseExpect, screenshotPath, test } from './fixtures';

// the machine running these is shared and often busy: wait longer than the default 5 s
const expect = baseExpect.configure({ timeout: 20_000 });

const FILES = [
  path.join(CORPUS, 'seed', 'crash1-analyze.txt'),
  path.join(CORPUS, 'seed', 'crash2-stack.txt'),
  path.join(CORPUS, 'kernel', 'triage_x64.dmp'),
  path.join(CORPUS, 'minidump', 'breakpad', 'minidump2.dmp'),
];
const HYPOTHESIS = 'race in name-cache initialisation';

async function importFiles(page: Page, files: string[]) {
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
}

async function openCase(page: Page, fileName: string): Promise<number> {
  const row = page.locator(`[data-testid=case-list] [role=row]`, { has: page.locator(`a[title="${fileName}"]`) });
  await row.locator('a.title').click();
  await expect(page.getByTestId('case-view')).toBeVisible();
  return Number(/#\/case\/(\d+)/.exec(page.url())![1]);
}

test('import, case view, hypothesis with evidence, reload, compare', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await expect(page.getByTestId('empty-library')).toBeVisible();

  await importFiles(page, FILES);
  await expect(page.getByTestId('import-result')).toContainText('4 imported');
  await expect(page.getByTestId('case-count')).toHaveText('4 cases');
  await expect(page.getByText('X64_0x3B_fltmgr!TreeUnlinkMulti+51').first()).toBeVisible();

  // the same file again is recognised, not stored twice
  await importFiles(page, [FILES[0]!]);
  await expect(page.getByTestId('duplicates')).toHaveText('1 duplicate');
  await expect(page.getByTestId('case-count')).toHaveText('4 cases');
  await page.screenshot({ path: screenshotPath('library') });

  const first = await openCase(page, 'crash1-analyze.txt');
  await expect(page.getByTestId('bugcheck')).toContainText('0x3b');
  await expect(page.getByTestId('bugcheck')).toContainText('SYSTEM_SERVICE_EXCEPTION');
  const mismatch = page.locator('[data-kind="register-memory-mismatch"]');
  await expect(mismatch).toBeVisible();
  await page.screenshot({ path: screenshotPath('case-summary') });
  // a finding's transcript-line evidence opens the transcript at that line
  await mismatch.getByRole('button', { name: /^transcript line \d+$/ }).first().click();
  await expect(page.getByTestId('transcript-excerpt').locator('.hit')).toContainText('mov     rsi,qword ptr [rcx]');

  // a hypothesis, linked to the finding and to frame 0
  await page.getByTestId('tab-hypotheses').click();
  await page.getByTestId('new-hypothesis').fill(HYPOTHESIS);
  await page.getByTestId('add-hypothesis').click();
  await expect(page.getByTestId('hypothesis-text')).toHaveText(HYPOTHESIS);

  await page.getByTestId('tab-summary').click();
  await mismatch.getByTestId('link-hypothesis').click();
  await page.getByRole('dialog', { name: 'Link to hypothesis' }).getByRole('button', { name: new RegExp(HYPOTHESIS) }).click();

  await page.getByTestId('tab-stack').click();
  await expect(page.getByTestId('stack-table')).toContainText('fltmgr!TreeUnlinkMulti+0x51');
  await page.screenshot({ path: screenshotPath('case-stack') });
  await page.locator('[data-testid=stack-table] tr[data-frame="0"]').getByTestId('link-hypothesis').click();
  await page.getByRole('dialog', { name: 'Link to hypothesis' }).getByRole('button', { name: new RegExp(HYPOTHESIS) }).click();

  // kept across a reload (it is in SQLite, not in the page)
  await page.reload();
  await page.getByTestId('tab-hypotheses').click();
  await expect(page.getByTestId('hypothesis-text')).toHaveText(HYPOTHESIS);
  const evidence = page.getByTestId('evidence');
  await expect(evidence).toHaveCount(2);
  await expect(evidence.filter({ hasText: 'frame 0 fltmgr!TreeUnlinkMulti' })).toHaveCount(1);
  await expect(evidence.filter({ hasText: /^finding: / })).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('case-hypotheses') });
  const stored = workbench.ctx.library.getCase(first)!.hypotheses[0]!;
  expect(stored.text).toBe(HYPOTHESIS);
  expect(stored.evidence.map((e) => e.ref.kind).sort()).toEqual(['finding', 'frame']);

  for (const tab of ['registers', 'disassembly', 'modules', 'memory', 'structures']) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: screenshotPath(`case-${tab}`) });
  }
  await expect(page.getByTestId('type').filter({ hasText: '_NAME_CACHE_NODE' }).first()).toBeVisible();
  // !pool on the register the faulting value was loaded through
  await page.getByTestId('tab-registers').click();
  await expect(page.locator('[data-reg=rcx]')).toContainText("pool block 'FMsl'");
  await page.locator('[data-reg=rcx]').getByRole('button', { name: 'pool', exact: true }).click();
  await expect(page.getByTestId('pool-result')).toContainText('FMsl');
  await expect(page.getByTestId('pool-result')).toContainText('STREAM_LIST_CTRL');
  await page.screenshot({ path: screenshotPath('case-pool') });

  // the second seed crash is among the similar ones; compare shows the shared frames aligned
  await page.getByTestId('tab-similar').click();
  const second = workbench.ctx.library.listCases({}).rows.find((r) => r.fileName === 'crash2-stack.txt')!.id;
  await expect(page.getByTestId(`compare-${second}`)).toBeVisible();
  await page.screenshot({ path: screenshotPath('case-similar') });
  await page.getByTestId(`compare-${second}`).click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  const shared = page.locator('[data-testid=aligned-stack] tr[data-kind=match]');
  await expect(shared.first()).toBeVisible();
  await expect(shared.filter({ hasText: 'fltmgr!TreeUnlinkMulti' })).toHaveCount(1);
  await expect(shared.filter({ hasText: 'nt!RtlDeleteNoSplay' }).or(shared.filter({ hasText: 'fltmgr!' })).first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('compare'), fullPage: true });

  await page.getByTestId('swap').click();
  await expect(page).toHaveURL(new RegExp(`#/compare/${second}/${first}$`));
  await page.getByTestId('open-right').click();
  await expect(page).toHaveURL(new RegExp(`#/case/${first}/`));

  // the theme follows the OS
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('tab-summary').click();
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(23, 25, 29)');
  await page.screenshot({ path: screenshotPath('case-summary-dark') });
});

test('plots count the library and a click on a bar filters it', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await importFiles(page, FILES);
  await page.getByTestId('nav-plots').click();
  const bucketPlot = page.getByTestId('plot-bucket');
  await expect(bucketPlot.getByRole('button', { name: /X64_0x3B_fltmgr!TreeUnlinkMulti\+51: 1/ })).toBeVisible();
  await page.screenshot({ path: screenshotPath('plots') });
  await bucketPlot.getByRole('button', { name: /X64_0x3B_fltmgr!TreeUnlinkMulti\+51/ }).click();
  await expect(page.getByTestId('case-count')).toHaveText('1 case');
  await expect(page.locator('[data-testid=case-list] a.title')).toHaveCount(1);

  // group by bucket, then by similarity: the two seed crashes land in one group at a low threshold
  await page.getByTestId('search').press('Escape');
  await page.goto(workbench.url);
  await page.getByTestId('group-by').selectOption('bucket');
  await expect(page.getByTestId('groups').getByRole('button')).toHaveCount(4);
  await page.getByTestId('group-by').selectOption('similarity');
  await page.getByTestId('similarity-threshold').selectOption('0.3');
  const group = page.getByTestId('similarity-groups').getByRole('button', { expanded: false }).first();
  await expect(group).toContainText('2');
  await group.click();
  await expect(page.getByTestId('similarity-groups').locator('.members li')).toHaveCount(2);
  await page.screenshot({ path: screenshotPath('library-similarity-groups') });
});

test('pasted WinDbg text and a dropped file become cases; search and keyboard navigation', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  const fs = await import('node:fs');
  const text = fs.readFileSync(FILES[0]!, 'utf8');
  await page.getByTestId('paste-button').click();
  await page.getByTestId('paste-text').fill(text);
  await page.getByTestId('paste-import').click();
  await expect(page.getByTestId('import-result')).toContainText('1 imported');

  // drop a file on the window (browser mode streams it to /api/upload)
  const dropped = fs.readFileSync(FILES[1]!, 'utf8');
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'crash2-stack.txt', { type: 'text/plain' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, dropped);
  await expect(page.getByTestId('case-count')).toHaveText('2 cases');

  // a slow upload shows its progress and can be cancelled; nothing is added
  let release: () => void = () => {};
  await page.route('**/api/upload**', (route) => new Promise<void>((resolve) => (release = resolve)).then(() => route.abort().catch(() => undefined)));
  await page.getByTestId('file-input').setInputFiles([FILES[2]!]);
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await page.screenshot({ path: screenshotPath('import-progress') });
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-result')).toContainText('Import cancelled');
  release();
  await page.unroute('**/api/upload**');
  await expect(page.getByTestId('case-count')).toHaveText('2 cases');

  await page.getByTestId('search').fill('TreeUnlinkMulti');
  await expect(page.getByTestId('case-count')).toHaveText(/^[12] cases?$/);
  await page.getByTestId('search').fill('');
  await expect(page.getByTestId('case-count')).toHaveText('2 cases');
  await page.getByTestId('case-list').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-view')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page).toHaveURL(/\/stack/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('library')).toBeVisible();
  expect(workbench.ctx.library.listCases({}).total).toBe(2);
});

test('a binary minidump: modules, memory held by the dump, "not in dump", disassembly', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await importFiles(page, [FILES[3]!, FILES[2]!]);
  const id = await openCase(page, 'minidump2.dmp');
  await expect(page.getByTestId('analyze-header')).toContainText('0xc0000005');
  await page.getByTestId('tab-modules').click();
  await expect(page.getByTestId('modules')).toContainText('test_app.exe');
  await expect(page.getByTestId('modules')).toContainText('kernel32.dll');
  await page.screenshot({ path: screenshotPath('minidump-modules') });

  const esp = workbench.ctx.library.getCase(id)!.report!.context!.registers.esp!;
  await page.getByTestId('tab-memory').click();
  await page.getByTestId('memory-address').fill(esp);
  await page.getByTestId('memory-address').press('Enter');
  await expect(page.getByText('source: dump')).toBeVisible();
  await page.screenshot({ path: screenshotPath('minidump-memory') });
  await page.getByTestId('memory-address').fill('00000000`00000010');
  await page.getByTestId('memory-address').press('Enter');
  await expect(page.getByText(/Not in dump/)).toBeVisible();
  // x86: pointer-sized dwords, as dd prints them
  await expect(page.getByTestId('memory-view')).toContainText(/00000010 {2}\?{8} \?{8} \?{8} \?{8}/);
  await expect(page.getByTestId('memory-pool')).toHaveCount(0);

  // minidump2 holds 256 code bytes of ntdll (the other thread's pc): decoded by iced-x86
  await page.getByTestId('tab-disassembly').click();
  await expect(page.getByText('the dump holds no code bytes at this address')).toBeVisible();
  await page.getByLabel('Disassemble at address').fill('7c90eb94');
  await page.getByLabel('Disassemble at address').press('Enter');
  await expect(page.getByTestId('disassembly').locator('tr')).not.toHaveCount(0);
  await expect(page.getByText('from the dump (iced-x86)')).toBeVisible();
  await page.screenshot({ path: screenshotPath('minidump-disassembly') });

  await page.getByTestId('tab-registers').click();
  await expect(page.locator('[data-reg=eip]')).toContainText('points into test_app.exe');
  await page.screenshot({ path: screenshotPath('minidump-registers') });

  // the kernel triage dump: bugcheck, and the faulting code decoded from the dump's own bytes
  await page.goto(workbench.url);
  await openCase(page, 'triage_x64.dmp');
  await expect(page.getByTestId('bugcheck')).toContainText('0x1000007e');
  await expect(page.getByTestId('analyze-header')).toContainText('FAULTING_INSTR: fffff804`8b58334c 43891401 mov dword ptr [r9+r8],edx');
  await page.screenshot({ path: screenshotPath('kernel-summary') });
  await page.getByTestId('tab-stack').click();
  await expect(page.getByTestId('stack-table').locator('tbody tr').first()).toContainText('amdppm+0x334c');
  await expect(page.getByTestId('stack-table')).toContainText('epilogue');
  await page.screenshot({ path: screenshotPath('kernel-stack') });
  // the bugchecking thread as k shows it: from KeBugCheckEx's saved context, rejoining at the exception context
  await page.getByTestId('stack-view-thread').click();
  await expect(page.getByTestId('stack-table').locator('tbody tr').first()).toContainText('nt+0x3f5a80');
  await expect(page.getByTestId('stack-table')).toContainText('amdppm+0x334c');
  await page.getByTestId('stack-view-fault').click();
  await page.getByTestId('tab-disassembly').click();
  await expect(page.getByText('from the dump (iced-x86)')).toBeVisible();
  await expect(page.getByTestId('disassembly').locator('tr.fault')).toHaveCount(1);
  // the walk follows the register the analysis names (r8, the pointer in [r9+r8]), as the findings do
  await expect(page.getByTestId('disassembly').locator('tr.load')).toContainText('mov r8,qword ptr [rax+58h]');
  await expect(page.getByTestId('disassembly').locator('tr.fault').getByTestId('operand-memory')).toHaveText('[r9+r8] = ffff9b00`0336004c →');
  await page.screenshot({ path: screenshotPath('kernel-disassembly') });
});
