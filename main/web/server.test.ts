import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../app/context';
import type { AppContext } from '../ipc/app-context';
import { createHandlers } from '../ipc/handlers';
import { startWebServer, type WebServer } from './server';

let dir: string;
let ctx: AppContext;
let server: WebServer;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-web-'));
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  ctx = createAppContext('browser', path.join(dir, 'lib'));
  server = await startWebServer({ ctx, handlers: createHandlers(ctx), staticDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  ctx.library.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const invoke = (channel: string, body: unknown, token = server.token) =>
  fetch(`${base}/api/invoke/${channel}`, { method: 'POST', headers: { 'x-crashbench-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 with a random token in its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('answers the handler table with the token', async () => {
    const res = await invoke('app:info', {});
    const body = (await res.json()) as { ok: boolean; value: { mode: string } };
    expect(body.ok).toBe(true);
    expect(body.value.mode).toBe('browser');
  });

  it('refuses a wrong token, an unknown channel and an invalid request', async () => {
    expect((await invoke('app:info', {}, 'x'.repeat(48))).status).toBe(401);
    expect(((await (await invoke('nope', {})).json()) as { error: { code: string } }).error.code).toBe('unknown-channel');
    expect(((await (await invoke('cases:get', { id: 'DROP TABLE' })).json()) as { error: { code: string } }).error.code).toBe('invalid-request');
    expect(((await (await invoke('cases:get', { id: 99999 })).json()) as { error: { code: string } }).error.code).toBe('not-found');
  });

  it('serves the renderer with a CSP and never a file outside it', async () => {
    const res = await fetch(`${base}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await fetch(`${base}/..%2fsecret.txt`)).status).toBe(403);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: 'evil.example:80' } }, (r) => resolve(r.statusCode ?? 0));
    });
    expect(status).toBe(403);
  });
});
