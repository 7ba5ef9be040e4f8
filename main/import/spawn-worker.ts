import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts an import worker. Built code runs `import-worker.js` beside this
 * module; from TypeScript sources (tests, tsx) the worker loads
 * `import-worker.ts` through tsx's loader, as Node cannot run .ts itself.
 */
export function spawnImportWorker(storeRoot: string): Worker {
  const here = import.meta.url;
  // Bundles keep the worker beside their entry point; code-split chunks live one folder below it.
  const built = [new URL('./import-worker.js', here), new URL('../import-worker.js', here)].find((u) => !here.endsWith('.ts') && fs.existsSync(fileURLToPath(u)));
  if (built) return new Worker(built, { workerData: { storeRoot } });
  const entry = new URL('./import-worker.ts', here).href;
  const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { eval: true, workerData: { storeRoot } });
}
