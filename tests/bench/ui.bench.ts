// The library screen at 100,000 cases in Debian's Chromium, in browser mode
// against the real server and SQLite library: time to the first painted
// rows, and frame times while scrolling the virtualized list.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createAppContext } from '../../main/app/context';
import { createHandlers } from '../../main/ipc/handlers';
import { Library } from '../../main/library/library';
import { startWebServer } from '../../main/web/server';
import { emptyReport, type CrashReport } from '../../native-free-core/model/report';
import type { BenchRow } from './bench-types';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CASES = Number(process.env.UI_BENCH_CASES ?? 100_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MODULES = ['fltmgr', 'ntfs', 'tcpip', 'nvlddmkm', 'storport', 'ndis', 'win32kfull', 'dxgkrnl', 'klif', 'wdf01000', 'usbport', 'hal'];
const FUNCTIONS = ['TreeUnlinkMulti', 'NtfsCommonRead', 'TcpReceive', 'Dispatch', 'RaidAdapterStartIo', 'NdisMIndicate', 'xxxRealDrawMenuItem', 'DpiDispatchPnp', 'FilterCallback', 'FxIoQueue::DispatchEvents'];
const CODES: [string, string][] = [['0x3b', 'SYSTEM_SERVICE_EXCEPTION'], ['0xd1', 'DRIVER_IRQL_NOT_LESS_OR_EQUAL'], ['0x50', 'PAGE_FAULT_IN_NONPAGED_AREA'], ['0x1000007e', 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED'], ['0x9f', 'DRIVER_POWER_STATE_FAILURE'], ['0xa', 'IRQL_NOT_LESS_OR_EQUAL']];

function syntheticReport(i: number): CrashReport {
  const r = emptyReport('kernel-dump', 'triage');
  const m = MODULES[i % MODULES.length]!;
  const fn = FUNCTIONS[(i * 7) % FUNCTIONS.length]!;
  const [code, name] = CODES[(i * 13) % CODES.length]!;
  const off = (0x20 + ((i * 31) % 0x300)).toString(16);
  r.system = { arch: 'x64', osBuild: [7601, 17763, 19041, 22621][i % 4]! };
  r.bugcheck = { code, name, args: ['0xc0000005', '0xfffff8800106f141', '0x0', '0x0'] };
  r.crashTime = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000 + i * 1000).toISOString();
  r.stack = [
    { index: 0, address: '0xfffff8800106f141', module: m, function: fn, offset: '0x' + off, trust: 'context' },
    { index: 1, address: '0xfffff80002a8c3d3', module: 'nt', function: 'KiSystemServiceCopyEnd', offset: '0x13', trust: 'cfi' },
  ];
  r.bucket = `X64_0x${code.slice(2).toUpperCase()}_${m}!${fn}+${off}`;
  return r;
}

function ensureRendererBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function run(): Promise<BenchRow[]> {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`ui.bench: no Chromium at ${CHROMIUM} (apt-get install chromium); skipped`);
    return [{ benchmark: 'library first paint (Chromium)', input: `${CASES} cases`, figure: NaN, unit: 'skipped: no Chromium', target: '< 1000 ms' }];
  }
  ensureRendererBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-ui-bench-'));
  try {
    const t0 = performance.now();
    const lib = Library.open(dir);
    lib.db.transaction(() => {
      for (let i = 0; i < CASES; i++) lib.insertCase({ fileName: `crash-${i}.dmp`, report: syntheticReport(i), format: 'kernel-dump', tags: i % 50 === 0 ? ['customer-a'] : [] });
    })();
    lib.close();
    console.error(`ui.bench: ${CASES} cases inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const ctx = createAppContext('browser', dir);
    const server = await startWebServer({ ctx, handlers: createHandlers(ctx), staticDir: path.join(ROOT, 'dist', 'renderer') });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // warm-up load (server caches, Chromium's code cache), then the measured one
      await page.goto(server.url);
      await page.waitForSelector('[data-testid=library][data-first-paint]:not([data-first-paint=""])');
      const paints: number[] = [];
      for (let k = 0; k < 5; k++) {
        await page.goto(server.url + '&run=' + k);
        const handle = await page.waitForSelector('[data-testid=library][data-first-paint]:not([data-first-paint=""])');
        paints.push(Number(await handle.getAttribute('data-first-paint')));
      }
      paints.sort((a, b) => a - b);
      const rowsShown = await page.locator('[data-testid=case-list] [role=row][data-case-id]').count();

      const frames = await page.evaluate(async () => {
        const el = document.querySelector('[data-testid=case-list]') as HTMLElement;
        const deltas: number[] = [];
        let last = performance.now();
        for (let f = 0; f < 240; f++) {
          // steady scrolling, with a few long jumps that land on rows not fetched yet
          el.scrollTop = f % 60 === 59 ? el.scrollHeight * ((f + 1) / 240) : el.scrollTop + 120;
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          const now = performance.now();
          deltas.push(now - last);
          last = now;
        }
        return deltas;
      });
      frames.sort((a, b) => a - b);
      const input = `${CASES.toLocaleString('en-US')} cases, SQLite in a temp folder, headless Chromium`;
      return [
        { benchmark: 'library first paint (rows on screen)', input, figure: percentile(paints, 50), unit: 'ms (median of 5 loads)', target: '< 1000 ms' },
        { benchmark: 'library rows rendered (virtualized)', input, figure: rowsShown, unit: 'DOM rows', target: 'screenful, not 100,000' },
        { benchmark: 'scroll frame time p50', input: input + ', 240 frames', figure: percentile(frames, 50), unit: 'ms', target: '<= 16.7 ms' },
        { benchmark: 'scroll frame time p95', input: input + ', 240 frames', figure: percentile(frames, 95), unit: 'ms', target: '<= 33 ms' },
        { benchmark: 'scroll frame time max', input: input + ', 240 frames', figure: frames[frames.length - 1]!, unit: 'ms', target: '-' },
      ];
    } finally {
      await browser.close();
      await server.close();
      ctx.library.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
