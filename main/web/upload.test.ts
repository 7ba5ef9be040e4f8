import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../app/context';
import type { AppContext } from '../ipc/app-context';
import { createHandlers } from '../ipc/handlers';
import { startWebServer, type WebServer } from './server';

const SEED2 = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'seed', 'crash2-stack.txt');
let dir: string;
let ctx: AppContext;
let server: WebServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-upload-'));
  ctx = createAppContext('browser', path.join(dir, 'library'));
  server = await startWebServer({ ctx, handlers: createHandlers(ctx), staticDir: path.join(dir, 'no-renderer') });
});

afterAll(async () => {
  await server.close();
  ctx.library.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = (name: string, body: Uint8Array, token = server.token) =>
  fetch(`http://127.0.0.1:${server.port}/api/upload?name=${encodeURIComponent(name)}&job=j1`, { method: 'POST', headers: { 'x-crashbench-token': token }, body: Buffer.from(body) });

describe('browser-mode upload (drag and drop)', () => {
  it('streams a dropped file into the library under its plain name, and recognises it again', async () => {
    const bytes = fs.readFileSync(SEED2);
    const r = (await (await upload('../../etc/crash2-stack.txt', bytes)).json()) as { ok: boolean; value: { jobId: string; imported: { caseId: number; file: string }[] } };
    expect(r.ok).toBe(true);
    expect(r.value.jobId).toBe('j1');
    expect(r.value.imported).toEqual([{ caseId: expect.any(Number), file: 'crash2-stack.txt' }]);
    expect(ctx.library.getSummary(r.value.imported[0]!.caseId)!.fileName).toBe('crash2-stack.txt');
    const again = (await (await upload('copy.txt', bytes)).json()) as { value: { duplicates: { caseId: number }[] } };
    expect(again.value.duplicates.map((d) => d.caseId)).toEqual([r.value.imported[0]!.caseId]);
    // the temp copy is gone
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('crashbench-upload-') && fs.existsSync(path.join(os.tmpdir(), f, 'copy.txt')))).toEqual([]);
  });

  it('needs the token', async () => {
    expect((await upload('x.txt', new Uint8Array([1]), 'wrong')).status).toBe(401);
  });
});
