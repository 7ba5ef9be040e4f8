import type Database from 'better-sqlite3';
import type { CrashReport } from '../../native-free-core/model/report';
import { defaultTitle, reportColumns } from './report-summary';

/**
 * Numbered schema migrations. `PRAGMA user_version` holds the number of the
 * last one applied; each runs in its own transaction, so a crash between two
 * leaves the database at a known version. Never edit a released migration:
 * add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'dump files, cases, reports, frames, findings, hypotheses, evidence, notes',
    up(db) {
      db.exec(`
        CREATE TABLE dump_files (
          id INTEGER PRIMARY KEY,
          sha256 TEXT NOT NULL UNIQUE,
          size INTEGER NOT NULL,
          original_name TEXT NOT NULL,
          stored_path TEXT NOT NULL,
          format TEXT NOT NULL,
          imported_at TEXT NOT NULL
        );
        -- One row per case: what the user edits (title, status) and the searchable columns of
        -- its report, so one composite index serves each filter with the default sort.
        CREATE TABLE cases (
          id INTEGER PRIMARY KEY,
          dump_id INTEGER REFERENCES dump_files(id) ON DELETE RESTRICT,
          title TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'new',
          error TEXT,
          file_name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          format TEXT NOT NULL,
          dump_type TEXT NOT NULL,
          code TEXT,
          code_name TEXT,
          faulting_module TEXT COLLATE NOCASE,
          faulting_function TEXT,
          bucket TEXT COLLATE NOCASE,
          os_build INTEGER,
          arch TEXT,
          crash_time TEXT,
          -- crash time when known, else import time: what date filters and the default sort use
          when_at TEXT NOT NULL
        );
        CREATE INDEX cases_dump ON cases(dump_id);
        CREATE INDEX cases_when ON cases(when_at);
        CREATE INDEX cases_created ON cases(created_at);
        CREATE INDEX cases_title ON cases(title COLLATE NOCASE);
        CREATE INDEX cases_status ON cases(status, when_at);
        CREATE INDEX cases_code ON cases(code, when_at);
        CREATE INDEX cases_module ON cases(faulting_module, when_at);
        CREATE INDEX cases_bucket ON cases(bucket, when_at);
        CREATE TABLE case_tags (
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          tag TEXT NOT NULL,
          PRIMARY KEY (case_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX case_tags_tag ON case_tags(tag, case_id);
        -- The normalized CrashReport JSON, apart from the list columns so a list reads few pages.
        CREATE TABLE reports (
          case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
          json TEXT NOT NULL
        );
        CREATE TABLE frames (
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          module TEXT,
          function TEXT,
          offset TEXT,
          address TEXT NOT NULL,
          trust TEXT NOT NULL,
          PRIMARY KEY (case_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX frames_symbol ON frames(module, function);
        CREATE TABLE findings (
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          finding_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          severity TEXT NOT NULL,
          text TEXT NOT NULL,
          PRIMARY KEY (case_id, finding_id)
        ) WITHOUT ROWID;
        CREATE INDEX findings_kind ON findings(kind);
        CREATE TABLE hypotheses (
          id INTEGER PRIMARY KEY,
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          text TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'supported', 'refuted')),
          confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX hypotheses_case ON hypotheses(case_id);
        CREATE TABLE evidence (
          id INTEGER PRIMARY KEY,
          hypothesis_id INTEGER NOT NULL REFERENCES hypotheses(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          ref TEXT NOT NULL,
          note TEXT,
          created_at TEXT NOT NULL
        );
        CREATE INDEX evidence_hypothesis ON evidence(hypothesis_id);
        CREATE TABLE notes (
          id INTEGER PRIMARY KEY,
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          text TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX notes_case ON notes(case_id);
      `);
    },
  },
  {
    version: 2,
    name: 'full-text index over case text',
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE case_fts USING fts5(
          title, tags, code, symbols, modules, findings, notes, hypotheses,
          content='', contentless_delete=1, tokenize='unicode61'
        );
      `);
      // Backfill from what version 1 holds, so an upgraded library is searchable at once.
      const ids = db.prepare('SELECT id FROM cases').pluck().all() as number[];
      for (const id of ids) writeFtsRow(db, id);
    },
  },
  {
    version: 3,
    name: 'edit history',
    up(db) {
      db.exec(`
        CREATE TABLE history (
          id INTEGER PRIMARY KEY,
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          detail TEXT
        );
        CREATE INDEX history_case ON history(case_id, id);
      `);
    },
  },
  {
    version: 4,
    name: 'full-text prefix index',
    up(db) {
      // The last word of a search is a prefix ("ndis" finds ndis!NdisMIndicateReceive): without a
      // prefix index, a short common prefix merges the doclists of every term it starts.
      db.exec(`
        DROP TABLE case_fts;
        CREATE VIRTUAL TABLE case_fts USING fts5(
          title, tags, code, symbols, modules, findings, notes, hypotheses,
          content='', contentless_delete=1, tokenize='unicode61', prefix='2 3 4'
        );
      `);
      const ids = db.prepare('SELECT id FROM cases').pluck().all() as number[];
      for (const id of ids) writeFtsRow(db, id);
    },
  },
  {
    version: 5,
    name: 'faulting module and function from the bucket',
    up(db) {
      // Transcripts that name the fault only in FAILURE_BUCKET_ID had an empty Faulting column (and title tail).
      const rows = db
        .prepare(
          `SELECT c.id, c.title, c.file_name, c.code, c.code_name, r.json FROM cases c JOIN reports r ON r.case_id = c.id
           WHERE c.faulting_module IS NULL AND c.bucket LIKE '%!%'`,
        )
        .all() as { id: number; title: string; file_name: string; code: string | null; code_name: string | null; json: string }[];
      const update = db.prepare('UPDATE cases SET faulting_module = ?, faulting_function = ?, title = ? WHERE id = ?');
      for (const r of rows) {
        const cols = reportColumns(JSON.parse(r.json) as CrashReport);
        if (!cols.faultingModule) continue;
        const oldDefault = defaultTitle({ code: r.code ?? undefined, codeName: r.code_name ?? undefined }, r.file_name);
        const title = r.title === oldDefault ? defaultTitle(cols, r.file_name) : r.title;
        update.run(cols.faultingModule, cols.faultingFunction ?? null, title, r.id);
        writeFtsRow(db, r.id);
      }
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies every migration above the database's version, up to `target`. Returns the versions applied. */
export function migrate(db: Database.Database, target = LATEST_VERSION): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new Error(`the case library has schema version ${current}, newer than this Crashbench understands (${LATEST_VERSION}); update Crashbench`);
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}

/** What the full-text row of a case is made of. */
export interface FtsSource {
  title: string;
  fileName: string;
  error?: string | null;
  code?: string | null;
  codeName?: string | null;
  bucket?: string | null;
  faultingModule?: string | null;
  faultingFunction?: string | null;
  report?: { exception?: { code?: string; name?: string }; process?: string } | null;
  tags: string[];
  frames: { module?: string | null; function?: string | null }[];
  findings: string[];
  notes: string[];
  hypotheses: string[];
}

/** Writes the full-text row of one case (rowid = case id), replacing any old one. */
export function insertFtsRow(db: Database.Database, caseId: number, s: FtsSource): void {
  const symbols = s.frames.map((f) => [f.module, f.function].filter(Boolean).join('!'));
  if (s.faultingModule && s.faultingFunction) symbols.push(`${s.faultingModule}!${s.faultingFunction}`);
  const modules = new Set<string>(s.frames.map((f) => f.module).filter((m): m is string => !!m));
  const exception = [s.report?.exception?.code, s.report?.exception?.name].filter(Boolean).join(' ');
  const code = [codeSearchForms(s.code ?? null), s.codeName, exception, s.bucket].filter(Boolean).join(' ');
  const text = [s.title, s.fileName, s.report?.process].filter(Boolean).join(' ');
  prepared(db, 'DELETE FROM case_fts WHERE rowid = ?').run(caseId);
  prepared(db, 'INSERT INTO case_fts(rowid, title, tags, code, symbols, modules, findings, notes, hypotheses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    caseId,
    text,
    s.tags.join(' '),
    code,
    symbols.join(' '),
    [...modules].join(' '),
    [...s.findings, s.error ?? ''].join('\n'),
    s.notes.join('\n'),
    s.hypotheses.join('\n'),
  );
}

/** Rewrites the full-text row of one case from what the tables hold. */
export function writeFtsRow(db: Database.Database, caseId: number): void {
  const c = db
    .prepare(
      `SELECT c.title, c.file_name, c.error, c.code, c.code_name, c.bucket, c.faulting_module, c.faulting_function, r.json
       FROM cases c LEFT JOIN reports r ON r.case_id = c.id WHERE c.id = ?`,
    )
    .get(caseId) as
    | { title: string; file_name: string; error: string | null; code: string | null; code_name: string | null; bucket: string | null; faulting_module: string | null; faulting_function: string | null; json: string | null }
    | undefined;
  if (!c) {
    db.prepare('DELETE FROM case_fts WHERE rowid = ?').run(caseId);
    return;
  }
  insertFtsRow(db, caseId, {
    title: c.title,
    fileName: c.file_name,
    error: c.error,
    code: c.code,
    codeName: c.code_name,
    bucket: c.bucket,
    faultingModule: c.faulting_module,
    faultingFunction: c.faulting_function,
    report: c.json ? (JSON.parse(c.json) as FtsSource['report']) : null,
    tags: db.prepare('SELECT tag FROM case_tags WHERE case_id = ?').pluck().all(caseId) as string[],
    frames: db.prepare('SELECT module, function FROM frames WHERE case_id = ? ORDER BY idx').all(caseId) as FtsSource['frames'],
    findings: db.prepare('SELECT text FROM findings WHERE case_id = ?').pluck().all(caseId) as string[],
    notes: db.prepare('SELECT text FROM notes WHERE case_id = ?').pluck().all(caseId) as string[],
    hypotheses: db.prepare('SELECT text FROM hypotheses WHERE case_id = ?').pluck().all(caseId) as string[],
  });
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

/** "0x3b" is also searchable as "3b" and "0000003b", the forms WinDbg prints. */
function codeSearchForms(code: string | null): string {
  if (!code) return '';
  const bare = code.replace(/^0x/i, '');
  return `${code} ${bare} ${bare.padStart(8, '0')}`;
}
