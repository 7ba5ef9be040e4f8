/// <reference lib="dom" />
// Security settings: the Electron window's webPreferences, the CSP, blocked
// navigation and remote content — asserted on the constants and on the shell
// that uses them, and live on the browser-mode server in Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from '../../main/security';
import { expect, ROOT, test } from './fixtures';

test('every window uses context isolation, the sandbox and no Node integration', () => {
  expect(SECURE_WEB_PREFERENCES.contextIsolation).toBe(true);
  expect(SECURE_WEB_PREFERENCES.sandbox).toBe(true);
  expect(SECURE_WEB_PREFERENCES.nodeIntegration).toBe(false);
  expect(SECURE_WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
  expect(SECURE_WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
  expect(SECURE_WEB_PREFERENCES.webSecurity).toBe(true);
  expect(SECURE_WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
  expect(SECURE_WEB_PREFERENCES.webviewTag).toBe(false);

  const shell = fs.readFileSync(path.join(ROOT, 'main', 'electron', 'main.ts'), 'utf8');
  expect(shell).toMatch(/webPreferences:\s*\{\s*\.\.\.SECURE_WEB_PREFERENCES/);
  expect(shell).toMatch(/'will-navigate',\s*\(event\)\s*=>\s*event\.preventDefault\(\)/);
  expect(shell).toMatch(/setWindowOpenHandler\([^)]*\)\s*=>\s*\(?\{?\s*[\s\S]{0,120}action: 'deny'/);
  expect(shell).toMatch(/onBeforeRequest[\s\S]{0,300}cancel: !allowed/);
  expect(shell).toMatch(/'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/);
  expect(shell).toMatch(/requestSingleInstanceLock/);
  expect(shell).toMatch(/setPermissionRequestHandler\([^]*callback\(false\)/);
});

test('the CSP allows only our own scripts and no remote content', () => {
  const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(directives['frame-src']).toEqual(["'none'"]);
  expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  const html = fs.readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
  expect(html).toMatch(/http-equiv="Content-Security-Policy"[^>]*script-src 'self'/);
});

test('browser mode serves the CSP and Chromium enforces it', async ({ page, workbench }) => {
  const response = await page.goto(workbench.url);
  expect(response!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const outcome = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.appendChild(s);
    let remote = 'loaded';
    try {
      await fetch('https://example.com/');
    } catch {
      remote = 'blocked';
    }
    return { inline: Boolean((window as unknown as { __inlineRan?: boolean }).__inlineRan), remote };
  });
  expect(outcome.inline).toBe(false);
  expect(outcome.remote).toBe('blocked');
  expect(violations.length).toBeGreaterThan(0);
});
