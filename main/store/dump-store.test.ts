import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DumpStore } from './dump-store';
import { LibraryOwners } from './library-owners';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'crashbench-store-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('DumpStore', () => {
  it('stages a copy with its sha256 and moves it to ab/abcdef…', () => {
    const store = new DumpStore(path.join(root, 'dumps'));
    const src = path.join(root, 'in.dmp');
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 7);
    fs.writeFileSync(src, bytes);
    const staged = store.stageFile(src);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    expect(staged).toMatchObject({ sha256: sha, size: bytes.length });
    expect(path.dirname(staged.tempPath)).toBe(store.tempDir);
    expect(store.commit(staged)).toBe(path.join(sha.slice(0, 2), sha));
    expect(fs.readFileSync(store.absolutePath(sha)).equals(bytes)).toBe(true);
    expect(fs.readdirSync(store.tempDir)).toEqual([]);
    expect(store.listStored()).toEqual([sha]);
    expect(() => store.relativePath('../../etc/passwd')).toThrow();
  });

  it('leaves no temp file behind when the source cannot be read', () => {
    const store = new DumpStore(path.join(root, 'dumps'));
    expect(() => store.stageFile(path.join(root, 'missing.dmp'))).toThrow();
    expect(fs.readdirSync(store.tempDir)).toEqual([]);
  });

  it('cleans temp files of other processes and unreferenced files, keeping its own temp files', () => {
    const store = new DumpStore(path.join(root, 'dumps'));
    const keep = store.commit(store.stageBytes(new TextEncoder().encode('keep')));
    const drop = store.commit(store.stageBytes(new TextEncoder().encode('drop')));
    const mine = store.newTempPath();
    fs.writeFileSync(mine, 'in progress');
    fs.writeFileSync(path.join(store.tempDir, '999999999-x.part'), 'left by a dead importer');
    fs.writeFileSync(path.join(store.root, 'not-a-hash'), 'ignored');
    const keepSha = path.basename(keep);
    expect(store.cleanup((sha) => sha === keepSha)).toEqual({ tempFiles: 1, orphans: 1 });
    expect(store.listStored()).toEqual([keepSha]);
    expect(fs.existsSync(mine)).toBe(true);
    expect(fs.existsSync(path.join(store.root, drop))).toBe(false);
    expect(fs.existsSync(path.join(store.root, 'not-a-hash'))).toBe(true);
  });
});

describe('LibraryOwners', () => {
  it('sees other live processes and forgets dead ones', () => {
    const owners = new LibraryOwners(root);
    owners.register();
    fs.writeFileSync(path.join(root, 'owners', String(process.ppid)), '');
    fs.writeFileSync(path.join(root, 'owners', '999999999'), '');
    expect(owners.otherLiveOwners()).toEqual([process.ppid]);
    expect(fs.existsSync(path.join(root, 'owners', '999999999'))).toBe(false);
    owners.release();
    expect(fs.existsSync(path.join(root, 'owners', String(process.pid)))).toBe(false);
  });
});
