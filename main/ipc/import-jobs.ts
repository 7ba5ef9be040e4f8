import crypto from 'node:crypto';
import type { ImportProgress, ImportResult } from '../import/types';
import type { AppContext } from './app-context';
import type { ImportOutcome } from './contract';

/** The library's import API as the handlers use it (main/import). */
export interface Importer {
  importPaths(paths: string[], options: { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal }): Promise<ImportResult>;
  importText(text: string, name: string): Promise<ImportResult>;
}

/**
 * Running imports, each with an id the UI uses to show progress and to
 * cancel. Progress and the result go to every renderer as events.
 */
export class ImportJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly ctx: AppContext,
    private readonly importer: Importer,
  ) {}

  async importPaths(paths: string[], jobId = newJobId()): Promise<ImportOutcome> {
    const abort = new AbortController();
    this.running.set(jobId, abort);
    try {
      const result = await this.importer.importPaths(paths, {
        signal: abort.signal,
        onProgress: (p) => this.ctx.events.emit('import:progress', { ...p, jobId }),
      });
      return this.finish(jobId, result);
    } finally {
      this.running.delete(jobId);
    }
  }

  async importText(text: string, name: string): Promise<ImportOutcome> {
    const jobId = newJobId();
    return this.finish(jobId, await this.importer.importText(text, name));
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    job?.abort();
    return Boolean(job);
  }

  private finish(jobId: string, result: ImportResult): ImportOutcome {
    const outcome: ImportOutcome = { ...result, jobId };
    this.ctx.events.emit('import:done', outcome);
    const n = result.imported.length + result.failed.length;
    if (n > 0) this.ctx.events.emit('library:changed', { reason: `imported ${n} file(s)` });
    return outcome;
  }
}

export function newJobId(): string {
  return crypto.randomBytes(8).toString('hex');
}
