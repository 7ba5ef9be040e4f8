// Bundles the Node-side entry points (CLI, Electron main and preload,
// browser-mode server, workers) into dist/ with esbuild. Native and wasm
// packages stay external and load from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = ['better-sqlite3', 'iced-x86', 'electron'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  define: { __CRASHBENCH_VERSION__: JSON.stringify(pkg.version) },
};
const esmBanner = {
  js: "import { createRequire as __cbCreateRequire } from 'node:module'; const require = __cbCreateRequire(import.meta.url);",
};

const t0 = Date.now();
// Chunk names carry a content hash: without this, every rebuild would leave the previous chunks behind.
rmSync(new URL('../dist/cli/chunks', import.meta.url), { recursive: true, force: true });
await Promise.all([
  // Code splitting: each command's code (SQLite, iced-x86, zod) loads only when that command runs.
  build({ ...common, format: 'esm', banner: esmBanner, splitting: true, chunkNames: 'chunks/[name]-[hash]', entryPoints: { crashbench: 'main/cli/entry.ts' }, outdir: 'dist/cli', outExtension: { '.js': '.mjs' } }),
  build({ ...common, format: 'esm', banner: esmBanner, entryPoints: { server: 'main/web/entry.ts' }, outdir: 'dist/web', outExtension: { '.js': '.mjs' } }),
  // Electron's main process runs as ESM (import.meta.url locates the workers); the sandboxed preload must be CommonJS.
  build({ ...common, format: 'esm', banner: esmBanner, entryPoints: { main: 'main/electron/main.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.mjs' } }),
  // The import worker sits beside every entry point that may start it (spawn-worker.ts looks for ./import-worker.js).
  ...['cli', 'web', 'electron'].map((dir) =>
    build({ ...common, format: 'esm', banner: esmBanner, entryPoints: { 'import-worker': 'main/import/import-worker.ts' }, outdir: `dist/${dir}` }),
  ),
  build({ ...common, format: 'cjs', entryPoints: { preload: 'preload/preload.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' } }),
]);
console.log(`built dist/ (cli, web server, electron main and preload) in ${Date.now() - t0} ms`);
