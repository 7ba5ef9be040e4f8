import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../main/library/library';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../main/library/migrations';
import { tempDir } from './library-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1, 2, 3 … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('upgrade a library made by the version-1 schema, keeping its cases and making them searchable', () => {
    const dir = tempDir('migrate');
    dirs.push(dir);
    // A library as the first schema left it: no full-text index, no history.
    const old = new Database(path.join(dir, 'library.sqlite3'));
    old.pragma('journal_mode = WAL');
    expect(migrate(old, 1)).toEqual([1]);
    old
      .prepare(
        `INSERT INTO cases (id, title, status, file_name, created_at, updated_at, format, dump_type, code, code_name, faulting_module, faulting_function, when_at)
         VALUES (1, 'Old crash', 'investigating', 'old.dmp', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 'kernel-dump', 'triage', '0x3b', 'SYSTEM_SERVICE_EXCEPTION', 'fltmgr', 'TreeUnlinkMulti', '2020-01-01T00:00:00.000Z')`,
      )
      .run();
    old.prepare("INSERT INTO frames (case_id, idx, module, function, address, trust) VALUES (1, 0, 'fltmgr', 'TreeUnlinkMulti', '0xfffff8800106f141', 'context')").run();
    old.prepare("INSERT INTO notes (case_id, text, created_at, updated_at) VALUES (1, 'written before the upgrade', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')").run();
    old.close();

    const lib = Library.open(dir);
    try {
      expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(lib.listCases({ text: 'TreeUnlinkMulti' }).rows.map((r) => r.title)).toEqual(['Old crash']);
      expect(lib.listCases({ text: 'upgrade' }).total).toBe(1);
      lib.renameCase(1, 'Old crash, renamed');
      expect(lib.getCase(1)!.history.map((h) => h.action)).toEqual(['renamed']);
      expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      lib.close();
    }
    // Opening again applies nothing.
    const again = new Database(path.join(dir, 'library.sqlite3'));
    expect(migrate(again)).toEqual([]);
    again.close();
  });

  it('refuse a library from a newer Crashbench', () => {
    const dir = tempDir('newer');
    dirs.push(dir);
    const db = new Database(path.join(dir, 'library.sqlite3'));
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => Library.open(dir)).toThrow(/newer than this Crashbench/);
  });
});
