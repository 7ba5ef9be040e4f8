// A real browser-mode server on a fresh library in a temp folder, per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { createAppContext } from '../../main/app/context';
import type { AppContext } from '../../main/ipc/app-context';
import { createHandlers } from '../../main/ipc/handlers';
import { startWebServer, type WebServer } from '../../main/web/server';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export interface Workbench {
  server: WebServer;
  ctx: AppContext;
  libraryDir: string;
  /** where the server is, with its token */
  url: string;
}

export const test = base.extend<{ workbench: Workbench }>({
  workbench: async ({}, use) => {
    const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-e2e-'));
    const ctx = createAppContext('browser', libraryDir);
    const server = await startWebServer({ ctx, handlers: createHandlers(ctx), staticDir: path.join(ROOT, 'dist', 'renderer') });
    await use({ server, ctx, libraryDir, url: server.url });
    await server.close();
    ctx.library.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  },
});

export const expect = test.expect;

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}
