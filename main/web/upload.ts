import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { AppContext } from '../ipc/app-context';
import { importJobsFor } from '../ipc/handlers';

/** Largest single upload browser mode accepts (kernel dumps are big; memory stays flat because the body is streamed). */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024 * 1024;

/**
 * Browser mode's drag and drop: POST /api/upload?name=<file name>&job=<id>
 * streams the body to a temp file under the original name, imports it like
 * any other file, and removes the temp copy. Answers the IPC result shape.
 */
export async function handleUpload(ctx: AppContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const name = plainName(url.searchParams.get('name') ?? '') || 'upload.dmp';
  const jobId = /^[\w-]{1,64}$/.test(url.searchParams.get('job') ?? '') ? url.searchParams.get('job')! : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-upload-'));
  const file = path.join(dir, name);
  try {
    await streamTo(req, file);
    const outcome = await importJobsFor(ctx).importPaths([file], jobId);
    for (const list of [outcome.imported, outcome.duplicates, outcome.failed]) for (const item of list) item.file = name;
    reply(res, 200, { ok: true, value: outcome });
  } catch (e) {
    reply(res, 200, { ok: false, error: { code: 'bad-input', message: `upload of ${name} failed: ${e instanceof Error ? e.message : String(e)}` } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function plainName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '').trim().slice(0, 200);
}

function streamTo(req: http.IncomingMessage, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) {
        req.destroy();
        out.destroy();
        reject(new Error('file too large'));
      }
    });
    req.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
    req.pipe(out);
  });
}

function reply(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(value));
}
