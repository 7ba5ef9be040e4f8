import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../ipc/app-context';
import { dispatch, type Handlers } from '../ipc/dispatch';
import { CONTENT_SECURITY_POLICY } from '../security';
import { handleUpload } from './upload';

export interface WebServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface WebServerOptions {
  ctx: AppContext;
  handlers: Handlers;
  /** the built renderer (dist/renderer) */
  staticDir: string;
  port?: number;
  /** extra routes (uploads) that need the raw request; return true when handled */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean> | boolean;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const MAX_BODY = 1024 * 1024;

/**
 * Browser mode: the same handler table as Electron's IPC, served on
 * 127.0.0.1 only, on a random port. Every API request carries the random
 * token from the printed URL; static files of the renderer need none.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = crypto.randomBytes(24).toString('hex');
  const staticRoot = path.resolve(options.staticDir);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `internal error: ${e instanceof Error ? e.message : String(e)}`);
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const port = (server.address() as AddressInfo).port;
    const host = req.headers.host ?? '';
    // DNS rebinding guard: only our own loopback origin may talk to us.
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'text/plain', 'forbidden host');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/api/')) {
      const given = req.headers['x-crashbench-token'] ?? url.searchParams.get('token');
      if (typeof given !== 'string' || !timingSafeEqual(given, token)) return send(res, 401, 'text/plain', 'missing or wrong token');
      if (options.extraRoutes && (await options.extraRoutes(req, res, url))) return;
      if (url.pathname === '/api/events' && req.method === 'GET') return serveEvents(req, res);
      if (url.pathname === '/api/upload' && req.method === 'POST') return handleUpload(options.ctx, req, res, url);
      const m = /^\/api\/invoke\/([\w:.-]+)$/.exec(url.pathname);
      if (m && req.method === 'POST') {
        let body: unknown;
        try {
          body = JSON.parse((await readBody(req)) || '{}');
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'invalid-request', message: 'request body is not JSON' } });
        }
        return sendJson(res, 200, await dispatch(options.handlers, m[1], body));
      }
      return send(res, 404, 'text/plain', 'no such API route');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    return serveStatic(url.pathname, res);
  }

  function serveEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = options.ctx.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'text/plain', 'bad path');
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(staticRoot, '.' + rel);
    if (!file.startsWith(staticRoot + path.sep)) return send(res, 403, 'text/plain', 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) {
        if (rel === '/index.html') return send(res, 500, 'text/plain', `the renderer is not built (${staticRoot}); run npm run build`);
        return send(res, 404, 'text/plain', 'not found');
      }
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      res.end(data);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}
