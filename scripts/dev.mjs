// `npm run dev`: the renderer from Vite's dev server (hot reload), talking to
// a browser-mode server (the real main-side code) through Vite's proxy.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
spawnSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], { stdio: 'inherit', cwd: root });

const server = spawn(process.execPath, [path.join(root, 'dist', 'web', 'server.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const { url, token } = await new Promise((resolve) => server.once('message', resolve));
const api = new URL(url);

const vite = await createServer({
  configFile: path.join(root, 'renderer', 'vite.config.ts'),
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: `http://127.0.0.1:${api.port}`, changeOrigin: true } },
  },
});
await vite.listen();
const devUrl = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`Crashbench dev: open ${devUrl}?token=${token}`);

const stop = async () => {
  server.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
