// Import from the UI: dropped or picked files (Electron: their paths;
// browser mode: streamed uploads), pasted WinDbg text, the File dialog.
// One job at a time is shown with its progress and a cancel button.
import type { ImportOutcome } from '../../../main/ipc/contract';
import { api, call } from './api';

export interface ImportState {
  jobId: string;
  label: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  current?: string;
}

function newJobId(): string {
  const a = new Uint8Array(8);
  crypto.getRandomValues(a);
  return [...a].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function token(): string {
  return new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('crashbench-token') ?? '';
}

class Imports {
  active = $state<ImportState | null>(null);
  last = $state<ImportOutcome | null>(null);
  error = $state('');
  private cancelled = false;
  private xhr: XMLHttpRequest | null = null;

  /** imports this window did not start (File → Import…, a dump opened from the OS, another window) */
  private external = new Set<string>();
  private adoptNext = false;

  constructor() {
    api.on('import:progress', (p) => {
      if (this.active && this.adoptNext) {
        // the File dialog's import: main names the job
        this.adoptNext = false;
        this.active.jobId = p.jobId;
      }
      if (!this.active && !this.external.has(p.jobId)) {
        this.external.add(p.jobId);
        this.active = { jobId: p.jobId, label: 'Importing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
      }
      if (this.active && p.jobId === this.active.jobId) {
        this.active.filesDone = p.filesDone;
        this.active.filesTotal = p.filesTotal;
        if (api.transport === 'electron' || this.external.has(p.jobId)) {
          this.active.bytesDone = p.bytesDone;
          this.active.bytesTotal = p.bytesTotal;
        }
        this.active.current = p.currentFile;
      }
    });
    api.on('import:done', (outcome) => {
      if (!this.external.has(outcome.jobId)) return;
      this.external.delete(outcome.jobId);
      this.last = outcome;
      if (this.active?.jobId === outcome.jobId) this.active = null;
    });
  }

  /** Files dropped on the window or chosen with the file input. */
  async importFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    const paths = api.pathForFile ? files.map((f) => api.pathForFile!(f)).filter(Boolean) : [];
    if (paths.length === files.length) return this.run(`Importing ${files.length} file(s)`, (jobId) => call('import:paths', { paths, jobId }));
    return this.uploadAll(files);
  }

  async importText(text: string, name?: string): Promise<void> {
    await this.run('Importing pasted text', () => call('import:text', { text, name }));
  }

  async importWithDialog(): Promise<void> {
    this.adoptNext = true;
    await this.run('Importing', () => call('import:dialog', {}));
    this.adoptNext = false;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    this.xhr?.abort();
    if (this.active) await call('import:cancel', { jobId: this.active.jobId }).catch(() => undefined);
  }

  dismiss(): void {
    this.last = null;
    this.error = '';
  }

  private async run(label: string, fn: (jobId: string) => Promise<ImportOutcome | null>): Promise<void> {
    const jobId = newJobId();
    this.cancelled = false;
    this.error = '';
    this.active = { jobId, label, filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
    try {
      const outcome = await fn(jobId);
      if (outcome) this.last = outcome;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.active = null;
    }
  }

  /** Browser mode: each file streamed to /api/upload, one after another, with byte progress. */
  private async uploadAll(files: File[]): Promise<void> {
    const jobId = newJobId();
    const bytesTotal = files.reduce((a, f) => a + f.size, 0);
    this.cancelled = false;
    this.error = '';
    this.active = { jobId, label: `Importing ${files.length} file(s)`, filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal };
    const merged: ImportOutcome = { jobId, imported: [], duplicates: [], failed: [], cancelled: false };
    let before = 0;
    try {
      for (const [i, file] of files.entries()) {
        if (this.cancelled) {
          merged.cancelled = true;
          break;
        }
        this.active.filesDone = i;
        this.active.current = file.name;
        const outcome = await this.upload(file, jobId, (loaded) => {
          if (this.active) this.active.bytesDone = before + loaded;
        });
        before += file.size;
        merged.imported.push(...outcome.imported);
        merged.duplicates.push(...outcome.duplicates);
        merged.failed.push(...outcome.failed);
      }
      this.last = merged;
    } catch (e) {
      if (this.cancelled) this.last = { ...merged, cancelled: true };
      else this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.xhr = null;
      this.active = null;
    }
  }

  private upload(file: File, jobId: string, onBytes: (loaded: number) => void): Promise<ImportOutcome> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}&job=${jobId}`);
      xhr.setRequestHeader('x-crashbench-token', token());
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => onBytes(e.loaded);
      xhr.onerror = () => reject(new Error(`upload of ${file.name} failed`));
      xhr.onabort = () => reject(new Error('cancelled'));
      xhr.onload = () => {
        try {
          const r = JSON.parse(xhr.responseText) as { ok: true; value: ImportOutcome } | { ok: false; error: { message: string } };
          if (r.ok) resolve(r.value);
          else reject(new Error(r.error.message));
        } catch {
          reject(new Error(`upload of ${file.name}: ${xhr.status} ${xhr.responseText.slice(0, 200)}`));
        }
      };
      xhr.send(file);
    });
  }
}

export const imports = new Imports();
