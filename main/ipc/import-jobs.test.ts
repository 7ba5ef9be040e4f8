import { describe, expect, it } from 'vitest';
import type { AppContext } from './app-context';
import { EventBus } from './events';
import { ImportJobs, type Importer } from './import-jobs';

describe('ImportJobs', () => {
  it('cancels a running import through its job id and reports it', async () => {
    const events = new EventBus();
    const seen: string[] = [];
    events.subscribe((name) => seen.push(name));
    // an importer that reports progress and then waits until it is cancelled, as a long import does
    const importer: Importer = {
      importPaths: (_paths, { onProgress, signal }) =>
        new Promise((resolve) => {
          onProgress?.({ filesDone: 0, filesTotal: 10, bytesDone: 0, bytesTotal: 1000, currentFile: 'a.dmp' });
          signal!.addEventListener('abort', () => resolve({ imported: [], duplicates: [], failed: [], cancelled: true }));
        }),
      importText: async () => ({ imported: [], duplicates: [], failed: [], cancelled: false }),
    };
    const jobs = new ImportJobs({ events } as unknown as AppContext, importer);
    const running = jobs.importPaths(['/x'], 'job-7');
    expect(jobs.cancel('job-7')).toBe(true);
    const outcome = await running;
    expect(outcome).toMatchObject({ jobId: 'job-7', cancelled: true });
    expect(jobs.cancel('job-7')).toBe(false);
    expect(seen).toEqual(['import:progress', 'import:done']);
  });
});
