import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const CHUNK = 1024 * 1024;
const PROGRESS_STEP = 16 * CHUNK;
const SHA256 = /^[0-9a-f]{64}$/;

export interface StagedFile {
  sha256: string;
  size: number;
  tempPath: string;
}

/**
 * Content-addressed store of dump files: `<root>/ab/abcdef…` by sha256.
 * A file gets in by copy to `<root>/tmp/<pid>-…part`, fsync, rename, fsync of
 * the folder; the database row is written only after that, so a row always
 * has its file. What a crash can leave behind (temp files, a stored file
 * without a row) is removed by `cleanup`.
 */
export class DumpStore {
  readonly tempDir: string;
  private counter = 0;

  constructor(readonly root: string) {
    this.tempDir = path.join(root, 'tmp');
    fs.mkdirSync(this.tempDir, { recursive: true });
  }

  /** Path of a stored file relative to the library folder's store root. */
  relativePath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(sha256.slice(0, 2), sha256);
  }

  absolutePath(sha256: string): string {
    return path.join(this.root, this.relativePath(sha256));
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.absolutePath(sha256));
  }

  /** A fresh temp file name; the pid in it tells cleanup whether its writer is still alive. */
  newTempPath(): string {
    return path.join(this.tempDir, `${process.pid}-${Date.now().toString(36)}-${(this.counter++).toString(36)}-${crypto.randomBytes(4).toString('hex')}.part`);
  }

  /** Copies `source` to `tempPath` while hashing it, then fsyncs the copy. `onBytes` hears the bytes copied so far, every 16 MiB. */
  stageFile(source: string, tempPath = this.newTempPath(), onBytes?: (copied: number) => void): StagedFile {
    const hash = crypto.createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    const input = fs.openSync(source, 'r');
    let out: number | undefined;
    let size = 0;
    try {
      out = fs.openSync(tempPath, 'wx');
      for (;;) {
        const n = fs.readSync(input, buf, 0, CHUNK, null);
        if (n === 0) break;
        const chunk = buf.subarray(0, n);
        hash.update(chunk);
        writeAll(out, chunk);
        size += n;
        if (onBytes && size % PROGRESS_STEP < n) onBytes(size);
      }
      fs.fsyncSync(out);
    } catch (e) {
      if (out !== undefined) fs.closeSync(out);
      out = undefined;
      fs.rmSync(tempPath, { force: true });
      throw e;
    } finally {
      fs.closeSync(input);
      if (out !== undefined) fs.closeSync(out);
    }
    return { sha256: hash.digest('hex'), size, tempPath };
  }

  /** Writes bytes (e.g. pasted WinDbg text) to a temp file, fsynced. */
  stageBytes(bytes: Uint8Array, tempPath = this.newTempPath()): StagedFile {
    const fd = fs.openSync(tempPath, 'wx');
    try {
      writeAll(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: bytes.length, tempPath };
  }

  /** Moves a staged file to its place (atomic rename) and makes the rename durable. Returns the relative path. */
  commit(staged: StagedFile): string {
    const target = this.absolutePath(staged.sha256);
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    fs.renameSync(staged.tempPath, target);
    fsyncDir(dir);
    return this.relativePath(staged.sha256);
  }

  discard(staged: { tempPath: string }): void {
    fs.rmSync(staged.tempPath, { force: true });
  }

  remove(sha256: string): void {
    fs.rmSync(this.absolutePath(sha256), { force: true });
  }

  /** Every sha256 with a file in the store. */
  listStored(): string[] {
    const out: string[] = [];
    for (const prefix of safeReaddir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of safeReaddir(path.join(this.root, prefix))) {
        if (SHA256.test(name) && name.startsWith(prefix)) out.push(name);
      }
    }
    return out;
  }

  /**
   * Removes temp files whose writer is gone and stored files no row refers to.
   * Call it only when no other live process uses this library (see LibraryOwners).
   */
  cleanup(isReferenced: (sha256: string) => boolean): { tempFiles: number; orphans: number } {
    let tempFiles = 0;
    let orphans = 0;
    for (const name of safeReaddir(this.tempDir)) {
      const pid = Number(name.split('-')[0]);
      if (pid === process.pid) continue;
      fs.rmSync(path.join(this.tempDir, name), { force: true, recursive: true });
      tempFiles++;
    }
    for (const sha of this.listStored()) {
      if (!isReferenced(sha)) {
        this.remove(sha);
        orphans++;
      }
    }
    return { tempFiles, orphans };
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

function fsyncDir(dir: string): void {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
