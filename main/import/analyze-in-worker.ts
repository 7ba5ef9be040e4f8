import type { CrashReport } from '../../native-free-core/model/report';
import type { AnalyzeOutcome } from './analyze-task';
import { spawnImportWorker } from './spawn-worker';

/**
 * Parses and analyzes one file on an import worker thread, so a large kernel
 * dump does not hold up the app's main thread. The worker lives for this one
 * file; if it dies (out of memory on a hostile dump, say) that is the error.
 */
export function analyzeInWorker(storeRoot: string, file: string, symbolPath: string[]): Promise<{ report: CrashReport } | { error: string }> {
  return new Promise((resolve) => {
    const worker = spawnImportWorker(storeRoot);
    let settled = false;
    const finish = (outcome: AnalyzeOutcome) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(outcome);
    };
    worker.on('message', (m: AnalyzeOutcome | { ready: true }) => {
      if ('ready' in m) worker.postMessage({ analyze: true, file, symbolPath });
      else finish(m);
    });
    worker.on('error', (e) => finish({ error: `the analysis worker failed: ${e.message}` }));
    worker.on('exit', (code) => finish({ error: `the analysis worker stopped (exit code ${code})` }));
  });
}
