import { emptyReport } from '../../native-free-core/model/report';
import { expect, screenshotPath, test } from './fixtures';

test('the library screen lists a case stored in the real SQLite library', async ({ page, workbench }) => {
  const report = emptyReport('windbg-text', 'transcript');
  report.bugcheck = { code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88006677b70', '0x0'] };
  report.bucket = 'X64_0x3B_fltmgr!TreeUnlinkMulti+51';
  report.system.arch = 'x64';
  report.stack = [{ index: 0, address: '0xfffff8800106f141', module: 'fltmgr', function: 'TreeUnlinkMulti', offset: '0x51', trust: 'transcript' }];
  workbench.ctx.library.insertCase({ fileName: 'e2e-inserted.txt', title: 'Inserted by the e2e test', report, format: 'windbg-text' });

  await page.goto(workbench.url);
  await expect(page.getByText('Inserted by the e2e test')).toBeVisible();
  await expect(page.getByText('X64_0x3B_fltmgr!TreeUnlinkMulti+51').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('skeleton-library') });
});

test('an empty library says how to import', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await expect(page.getByText(/No cases yet/i)).toBeVisible();
  await expect(page.getByText(/crashbench import/)).toBeVisible();
});

test('the API refuses requests without the token', async ({ request, workbench }) => {
  const base = `http://127.0.0.1:${workbench.server.port}`;
  const res = await request.post(`${base}/api/invoke/cases:list`, { data: {} });
  expect(res.status()).toBe(401);
  const ok = await request.post(`${base}/api/invoke/cases:list`, { data: {}, headers: { 'x-crashbench-token': workbench.server.token } });
  expect(ok.status()).toBe(200);
  const bad = await request.post(`${base}/api/invoke/cases:list`, { data: { limit: -4 }, headers: { 'x-crashbench-token': workbench.server.token } });
  expect((await bad.json()).error.code).toBe('invalid-request');
});
