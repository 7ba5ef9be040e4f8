// `npm test`: every suite (Vitest unit + integration, Playwright e2e), then
// one total line, alone, as the last line: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'crashbench-test-'));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function ensureSqliteForNode() {
  const probe = spawnSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: root });
  if (probe.status !== 0) {
    console.log('Rebuilding better-sqlite3 for Node (the installed build does not load in this Node)…');
    spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', cwd: root });
  }
}

function runVitest() {
  const out = path.join(tmp, 'vitest.json');
  const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { stdio: 'inherit', cwd: root });
  if (!existsSync(out)) return { passed: 0, failed: 1, skipped: 0, note: `vitest exited ${r.status} without results` };
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const failedSuites = (j.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  return {
    passed: j.numPassedTests,
    failed: j.numFailedTests + failedSuites,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
  };
}

function runPlaywright() {
  const out = path.join(tmp, 'playwright.json');
  const r = spawnSync(bin('playwright'), ['test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  if (!existsSync(out)) return { passed: 0, failed: 1, skipped: 0, note: `playwright exited ${r.status} without results` };
  const s = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

ensureSqliteForNode();
const suites = { vitest: runVitest(), playwright: runPlaywright() };
let passed = 0, failed = 0, skipped = 0;
console.log('');
for (const [name, s] of Object.entries(suites)) {
  console.log(`${name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.note ? ` (${s.note})` : ''}`);
  passed += s.passed;
  failed += s.failed;
  skipped += s.skipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
