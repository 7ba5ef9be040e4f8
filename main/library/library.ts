import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CrashReport } from '../../native-free-core/model/report';
import { DumpStore, type StagedFile } from '../store/dump-store';
import { LibraryOwners } from '../store/library-owners';
import { formatCaseMarkdown } from './case-markdown';
import { historyText, type HistoryLookup } from './history-text';
import { listCaseIds } from './case-list';
import { compileCaseQuery, whereSql } from './case-query';
import { insertFtsRow, migrate, writeFtsRow } from './migrations';
import { defaultTitle, reportColumns, type ReportColumns } from './report-summary';
import {
  caseStatusSchema,
  confidenceSchema,
  evidenceRefSchema,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportedCaseSchema,
  hypothesisStatusSchema,
  reportSchema,
  type ExportedCase,
} from './schemas';
import type {
  CaseDetail,
  CaseQuery,
  CaseStatus,
  CaseSummary,
  CountKey,
  CountRow,
  DumpFileInfo,
  Evidence,
  EvidenceTarget,
  HistoryEntry,
  CaseList,
  Hypothesis,
  HypothesisStatus,
  Note,
} from './types';

export const DATABASE_FILE = 'library.sqlite3';
export const STORE_FOLDER = 'dumps';
/** Frames kept per case in the frames table (the whole stack stays in the report JSON). */
const MAX_INDEXED_FRAMES = 256;

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** What the import pipeline hands over for one file. */
export interface NewCaseInput {
  fileName: string;
  dump?: { sha256: string; size: number; originalName: string; storedPath: string; format: string };
  report?: CrashReport;
  /** why the file could not be read; the case gets status 'error'. */
  error?: string;
  /** format detected even when parsing failed */
  format?: string;
  title?: string;
  status?: CaseStatus;
  tags?: string[];
  createdAt?: string;
  updatedAt?: string;
}

/** What replaceReport changed beyond the report itself. */
export interface ReanalysisResult {
  /** evidence linked to findings the new report no longer has (still linked) */
  staleEvidence: Evidence[];
  /** the title was the default one and now names the new fault */
  titleChanged: boolean;
}

export interface OpenOptions {
  /** Skip removing leftovers of interrupted imports (default: clean when no other process has the library open). */
  skipCleanup?: boolean;
}

interface CaseRow {
  id: number;
  title: string;
  status: CaseStatus;
  error: string | null;
  file_name: string;
  created_at: string;
  format: string;
  dump_type: string;
  code: string | null;
  code_name: string | null;
  faulting_module: string | null;
  faulting_function: string | null;
  bucket: string | null;
  os_build: number | null;
  arch: string | null;
  crash_time: string | null;
  tags: string | null;
}

const SUMMARY_COLUMNS = `c.id, c.title, c.status, c.error, c.file_name, c.created_at, c.format, c.dump_type, c.code, c.code_name,
  c.faulting_module, c.faulting_function, c.bucket, c.os_build, c.arch, c.crash_time,
  (SELECT group_concat(tag, char(31)) FROM case_tags t WHERE t.case_id = c.id) AS tags`;

/**
 * The case library: one SQLite file (WAL, foreign keys, numbered migrations,
 * FTS5) and the content-addressed dump store beside it. Every method is
 * synchronous (better-sqlite3); every change is one transaction.
 */
export class Library {
  readonly store: DumpStore;
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;

  private constructor(
    readonly dir: string,
    readonly db: Database.Database,
    private readonly owners: LibraryOwners,
  ) {
    this.store = new DumpStore(path.join(dir, STORE_FOLDER));
  }

  static open(dir: string, options: OpenOptions = {}): Library {
    fs.mkdirSync(dir, { recursive: true });
    const db = new Database(path.join(dir, DATABASE_FILE));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // 64 MiB of page cache: a 100,000-case library's indexes stay in memory.
      db.pragma('cache_size = -65536');
      migrate(db);
    } catch (e) {
      db.close();
      throw e;
    }
    const owners = new LibraryOwners(dir);
    const library = new Library(dir, db, owners);
    if (!options.skipCleanup && owners.otherLiveOwners().length === 0) library.cleanupStore();
    owners.register();
    return library;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.owners.release();
  }

  /** Removes temp files and stored files that no dump row names (leftovers of an interrupted import or delete). */
  cleanupStore(): { tempFiles: number; orphans: number } {
    const known = new Set(this.db.prepare('SELECT sha256 FROM dump_files').pluck().all() as string[]);
    return this.store.cleanup((sha) => known.has(sha));
  }

  // ---- queries -------------------------------------------------------------

  listCases(q: CaseQuery = {}): CaseList {
    const { ids, ...total } = listCaseIds({ stmt: (sql: string) => this.stmt(sql), caseCount: () => this.caseCount() }, q);
    return { ...total, rows: this.summariesInOrder(ids) };
  }

  private summariesInOrder(ids: number[]): CaseSummary[] {
    if (ids.length === 0) return [];
    const rows = this.stmt(`SELECT ${SUMMARY_COLUMNS} FROM cases c WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as CaseRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is CaseRow => !!r).map(toSummary);
  }

  /** Number of cases (cheap: SQLite counts the smallest index). */
  caseCount(): number {
    return this.stmt('SELECT count(*) FROM cases').pluck().get() as number;
  }

  /** Every case id, oldest first. */
  caseIds(): number[] {
    return this.stmt('SELECT id FROM cases ORDER BY id').pluck().all() as number[];
  }

  getSummary(id: number): CaseSummary | undefined {
    const row = this.stmt(`SELECT ${SUMMARY_COLUMNS} FROM cases c WHERE c.id = ?`).get(id) as CaseRow | undefined;
    return row && toSummary(row);
  }

  getCase(id: number): CaseDetail | undefined {
    const summary = this.getSummary(id);
    if (!summary) return undefined;
    const json = this.stmt('SELECT json FROM reports WHERE case_id = ?').pluck().get(id) as string | undefined;
    const detail: CaseDetail = {
      ...summary,
      hypotheses: this.hypothesesOf(id),
      notes: (this.stmt('SELECT * FROM notes WHERE case_id = ? ORDER BY id').all(id) as NoteRow[]).map(toNote),
      history: [],
    };
    if (json) detail.report = JSON.parse(json) as CrashReport;
    const lookup = detailLookup(detail);
    detail.history = (this.stmt('SELECT * FROM history WHERE case_id = ? ORDER BY id').all(id) as HistoryRow[]).map((r) => toHistory(r, lookup));
    const file = this.stmt('SELECT d.* FROM dump_files d JOIN cases c ON c.dump_id = d.id WHERE c.id = ?').get(id) as DumpRow | undefined;
    if (file) detail.file = toDumpInfo(file);
    return detail;
  }

  /** Absolute path of the stored dump of a case, for re-analysis. */
  dumpPath(caseId: number): string | undefined {
    const sha = this.stmt('SELECT d.sha256 FROM dump_files d JOIN cases c ON c.dump_id = d.id WHERE c.id = ?').pluck().get(caseId) as string | undefined;
    return sha ? this.store.absolutePath(sha) : undefined;
  }

  /** The case a stored file already belongs to (the oldest), if any. */
  findCaseBySha256(sha256: string): number | undefined {
    return this.stmt('SELECT c.id FROM cases c JOIN dump_files d ON d.id = c.dump_id WHERE d.sha256 = ? ORDER BY c.id LIMIT 1').pluck().get(sha256) as number | undefined;
  }

  /**
   * Case counts grouped for the plots: by bucket, faulting module, code, or day of the crash.
   * Cases without a readable crash time are left out of the days (see countWithoutCrashTime).
   */
  countsBy(key: CountKey, q: CaseQuery = {}, limit = 50): CountRow[] {
    const expr = { bucket: 'c.bucket', module: 'c.faulting_module', code: 'c.code', day: 'substr(c.when_at, 1, 10)' }[key];
    if (!expr) throw new Error(`cannot count by ${key}`);
    const c = compileCaseQuery({ ...q, sort: undefined, offset: 0 });
    const where = whereSql(c, false);
    const present = key === 'day' ? HAS_CRASH_TIME : `${expr} IS NOT NULL`;
    const filter = where ? `${where} AND ${present}` : `WHERE ${present}`;
    const order = key === 'day' ? 'key ASC' : 'count DESC, key ASC';
    const cap = key === 'day' ? 100_000 : Math.max(1, Math.min(limit, 10_000));
    return this.stmt(`SELECT ${expr} AS key, count(*) AS count FROM cases c ${filter} GROUP BY key ORDER BY ${order} LIMIT ?`).all(...c.columnParams, ...c.idParams, cap) as CountRow[];
  }

  /** How many cases (of those the query matches) have no readable crash time, so no day on the crashes-over-time plot. */
  countWithoutCrashTime(q: CaseQuery = {}): number {
    const c = compileCaseQuery({ ...q, sort: undefined, offset: 0 });
    const where = whereSql(c, false);
    const filter = where ? `${where} AND NOT (${HAS_CRASH_TIME})` : `WHERE NOT (${HAS_CRASH_TIME})`;
    return this.stmt(`SELECT count(*) FROM cases c ${filter}`).pluck().get(...c.columnParams, ...c.idParams) as number;
  }

  // ---- import --------------------------------------------------------------

  /**
   * Puts one staged file in the store and its case in the database. A file
   * whose sha256 is already there gives the existing case and the staged
   * copy is dropped. Order: rename into the store, then one transaction.
   */
  addStagedFile(staged: StagedFile, input: Omit<NewCaseInput, 'dump'> & { originalName: string; format: string }): { caseId: number; duplicate: boolean } {
    const existing = this.findCaseBySha256(staged.sha256);
    if (existing !== undefined) {
      this.store.discard(staged);
      return { caseId: existing, duplicate: true };
    }
    const storedPath = this.store.commit(staged);
    // Checked again inside the transaction: another process may have imported the same bytes meanwhile.
    return this.db.transaction(() => {
      const raced = this.findCaseBySha256(staged.sha256);
      if (raced !== undefined) return { caseId: raced, duplicate: true };
      const caseId = this.insertCase({
        ...input,
        dump: { sha256: staged.sha256, size: staged.size, originalName: input.originalName, storedPath, format: input.format },
      });
      return { caseId, duplicate: false };
    }).immediate();
  }

  /** Inserts a case with its dump row, report, frames, findings and search text in one transaction. */
  insertCase(input: NewCaseInput): number {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      const createdAt = input.createdAt ?? now;
      let dumpId: number | null = null;
      if (input.dump) {
        const d = input.dump;
        dumpId = (this.stmt('SELECT id FROM dump_files WHERE sha256 = ?').pluck().get(d.sha256) as number | undefined) ?? null;
        if (dumpId === null) {
          dumpId = Number(
            this.stmt('INSERT INTO dump_files (sha256, size, original_name, stored_path, format, imported_at) VALUES (?, ?, ?, ?, ?, ?)').run(
              d.sha256,
              d.size,
              d.originalName,
              d.storedPath,
              d.format,
              now,
            ).lastInsertRowid,
          );
        }
      }
      const report = input.report;
      const cols = report ? reportColumns(report) : {};
      const status: CaseStatus = input.error ? 'error' : (input.status ?? 'new');
      const title = input.title ?? defaultTitle(cols, input.fileName);
      const caseId = Number(
        this.stmt(
          `INSERT INTO cases (dump_id, title, status, error, file_name, created_at, updated_at, format, dump_type, code, code_name,
             faulting_module, faulting_function, bucket, os_build, arch, crash_time, when_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          dumpId,
          title,
          status,
          input.error ?? null,
          input.fileName,
          createdAt,
          input.updatedAt ?? createdAt,
          report?.format ?? input.format ?? 'unknown',
          report?.dumpType ?? 'unknown',
          ...columnValues(cols, createdAt),
        ).lastInsertRowid,
      );
      if (report) {
        this.writeReportRows(caseId, report);
      }
      const tags = normalizeTags(input.tags ?? []);
      const tag = this.stmt('INSERT OR IGNORE INTO case_tags (case_id, tag) VALUES (?, ?)');
      for (const t of tags) tag.run(caseId, t);
      this.record(caseId, 'imported', input.error ? { file: input.fileName, error: input.error } : { file: input.fileName });
      insertFtsRow(this.db, caseId, {
        title,
        fileName: input.fileName,
        error: input.error,
        code: cols.code,
        codeName: cols.codeName,
        bucket: cols.bucket,
        faultingModule: cols.faultingModule,
        faultingFunction: cols.faultingFunction,
        report,
        tags,
        frames: report?.stack.slice(0, MAX_INDEXED_FRAMES) ?? [],
        findings: report?.findings.map((f) => f.text) ?? [],
        notes: [],
        hypotheses: [],
      });
      return caseId;
    })();
  }

  // ---- re-analysis ----------------------------------------------------------

  /**
   * Puts a freshly built report in place of a case's stored one (after new
   * symbols or a newer Crashbench): report, columns, frames, findings and
   * search text change; hypotheses, evidence, notes, tags and status stay, and
   * so does the title unless it is still the default one. A case in error
   * state becomes a 'new' case. Evidence links naming findings the new report
   * no longer has stay linked and are returned, so the user can review them.
   */
  replaceReport(caseId: number, report: CrashReport): ReanalysisResult {
    let result: ReanalysisResult = { staleEvidence: [], titleChanged: false };
    this.edit(caseId, () => {
      const row = this.stmt(`SELECT ${SUMMARY_COLUMNS} FROM cases c WHERE c.id = ?`).get(caseId) as CaseRow;
      const before = toSummary(row);
      const oldDefault = defaultTitle(before, row.file_name);
      const cols = reportColumns(report);
      const titleChanged = row.title === oldDefault && defaultTitle(cols, row.file_name) !== row.title;
      const title = row.title === oldDefault ? defaultTitle(cols, row.file_name) : row.title;
      const status: CaseStatus = row.status === 'error' ? 'new' : row.status;
      this.stmt(
        `UPDATE cases SET title = ?, status = ?, error = NULL, format = ?, dump_type = ?, code = ?, code_name = ?, faulting_module = ?,
           faulting_function = ?, bucket = ?, os_build = ?, arch = ?, crash_time = ?, when_at = ? WHERE id = ?`,
      ).run(
        title,
        status,
        report.format,
        report.dumpType,
        ...columnValues(cols, row.created_at),
        caseId,
      );
      this.stmt('DELETE FROM reports WHERE case_id = ?').run(caseId);
      this.stmt('DELETE FROM frames WHERE case_id = ?').run(caseId);
      this.stmt('DELETE FROM findings WHERE case_id = ?').run(caseId);
      this.writeReportRows(caseId, report);
      const findingIds = new Set(report.findings.map((f) => f.id));
      const staleEvidence = this.hypothesesOf(caseId)
        .flatMap((h) => h.evidence)
        .filter((e) => e.ref.kind === 'finding' && !findingIds.has(e.ref.id));
      this.record(caseId, 're-analysed', {
        summary: reanalysisText(before, cols, row.status, status, report.stack.length, report.findings.length, staleEvidence.length),
        bucket: cols.bucket ?? null,
        frames: report.stack.length,
        findings: report.findings.length,
        ...(staleEvidence.length ? { staleEvidence: staleEvidence.map((e) => e.id) } : {}),
      });
      result = { staleEvidence, titleChanged };
    });
    return result;
  }

  // ---- case edits ----------------------------------------------------------

  renameCase(id: number, title: string): void {
    const clean = title.trim();
    if (!clean) throw new Error('a case title cannot be empty');
    this.edit(id, () => {
      const before = this.stmt('SELECT title FROM cases WHERE id = ?').pluck().get(id);
      this.stmt('UPDATE cases SET title = ? WHERE id = ?').run(clean, id);
      this.record(id, 'renamed', { from: before, to: clean });
    });
  }

  setTags(id: number, tags: string[]): void {
    const clean = normalizeTags(tags);
    this.edit(id, () => {
      const before = this.stmt('SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag').pluck().all(id);
      this.stmt('DELETE FROM case_tags WHERE case_id = ?').run(id);
      const ins = this.stmt('INSERT INTO case_tags (case_id, tag) VALUES (?, ?)');
      for (const t of clean) ins.run(id, t);
      this.record(id, 'tagged', { from: before, to: clean });
    });
  }

  setStatus(id: number, status: CaseStatus): void {
    const s = caseStatusSchema.parse(status);
    this.edit(id, () => {
      const before = this.stmt('SELECT status FROM cases WHERE id = ?').pluck().get(id);
      this.stmt('UPDATE cases SET status = ? WHERE id = ?').run(s, id);
      this.record(id, 'status', { from: before, to: s });
    });
  }

  /** Deletes a case; its stored file goes too when no other case uses it. */
  deleteCase(id: number): void {
    const orphanSha = this.db.transaction(() => {
      const dumpId = this.stmt('SELECT dump_id FROM cases WHERE id = ?').pluck().get(id) as number | null | undefined;
      if (dumpId === undefined) throw new NotFoundError(`no case ${id}`);
      this.stmt('DELETE FROM case_fts WHERE rowid = ?').run(id);
      this.stmt('DELETE FROM cases WHERE id = ?').run(id);
      if (dumpId === null) return undefined;
      const users = this.stmt('SELECT count(*) FROM cases WHERE dump_id = ?').pluck().get(dumpId) as number;
      if (users > 0) return undefined;
      const sha = this.stmt('SELECT sha256 FROM dump_files WHERE id = ?').pluck().get(dumpId) as string;
      this.stmt('DELETE FROM dump_files WHERE id = ?').run(dumpId);
      return sha;
    })();
    // After the commit: a crash before this line leaves an orphan that the next open removes.
    if (orphanSha) this.store.remove(orphanSha);
  }

  // ---- hypotheses and evidence ---------------------------------------------

  addHypothesis(caseId: number, h: { text: string; status?: HypothesisStatus; confidence?: number }): Hypothesis {
    const text = requireText(h.text, 'hypothesis');
    const status = hypothesisStatusSchema.parse(h.status ?? 'open');
    const confidence = h.confidence === undefined ? null : confidenceSchema.parse(h.confidence);
    let id = 0;
    this.edit(caseId, (now) => {
      id = Number(
        this.stmt('INSERT INTO hypotheses (case_id, text, status, confidence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(caseId, text, status, confidence, now, now)
          .lastInsertRowid,
      );
      this.record(caseId, 'hypothesis added', { id, text, status });
    });
    return this.hypothesis(id)!;
  }

  updateHypothesis(id: number, patch: { text?: string; status?: HypothesisStatus; confidence?: number | null }): Hypothesis {
    const caseId = this.caseOf('hypotheses', id);
    this.edit(caseId, (now) => {
      const before = this.stmt('SELECT text, status, confidence FROM hypotheses WHERE id = ?').get(id);
      if (patch.text !== undefined) this.stmt('UPDATE hypotheses SET text = ? WHERE id = ?').run(requireText(patch.text, 'hypothesis'), id);
      if (patch.status !== undefined) this.stmt('UPDATE hypotheses SET status = ? WHERE id = ?').run(hypothesisStatusSchema.parse(patch.status), id);
      if (patch.confidence !== undefined) {
        this.stmt('UPDATE hypotheses SET confidence = ? WHERE id = ?').run(patch.confidence === null ? null : confidenceSchema.parse(patch.confidence), id);
      }
      this.stmt('UPDATE hypotheses SET updated_at = ? WHERE id = ?').run(now, id);
      this.record(caseId, 'hypothesis edited', { id, before, patch });
    });
    return this.hypothesis(id)!;
  }

  deleteHypothesis(id: number): void {
    const caseId = this.caseOf('hypotheses', id);
    this.edit(caseId, () => {
      const text = this.stmt('SELECT text FROM hypotheses WHERE id = ?').pluck().get(id);
      this.stmt('DELETE FROM hypotheses WHERE id = ?').run(id);
      this.record(caseId, 'hypothesis deleted', { id, text });
    });
  }

  addEvidence(hypothesisId: number, target: EvidenceTarget, note?: string): Evidence {
    const ref = evidenceRefSchema.parse(target);
    const caseId = this.caseOf('hypotheses', hypothesisId);
    let id = 0;
    this.edit(caseId, (now) => {
      id = Number(
        this.stmt('INSERT INTO evidence (hypothesis_id, kind, ref, note, created_at) VALUES (?, ?, ?, ?, ?)').run(hypothesisId, ref.kind, JSON.stringify(ref), note?.trim() || null, now)
          .lastInsertRowid,
      );
      this.stmt('UPDATE hypotheses SET updated_at = ? WHERE id = ?').run(now, hypothesisId);
      this.record(caseId, 'evidence linked', { hypothesisId, ref });
    });
    return toEvidence(this.stmt('SELECT * FROM evidence WHERE id = ?').get(id) as EvidenceRow);
  }

  removeEvidence(id: number): void {
    const row = this.stmt('SELECT e.*, h.case_id FROM evidence e JOIN hypotheses h ON h.id = e.hypothesis_id WHERE e.id = ?').get(id) as (EvidenceRow & { case_id: number }) | undefined;
    if (!row) throw new NotFoundError(`no evidence ${id}`);
    this.edit(row.case_id, (now) => {
      this.stmt('DELETE FROM evidence WHERE id = ?').run(id);
      this.stmt('UPDATE hypotheses SET updated_at = ? WHERE id = ?').run(now, row.hypothesis_id);
      this.record(row.case_id, 'evidence unlinked', { hypothesisId: row.hypothesis_id, ref: JSON.parse(row.ref) });
    });
  }

  // ---- notes ---------------------------------------------------------------

  addNote(caseId: number, text: string): Note {
    const clean = requireText(text, 'note');
    let id = 0;
    this.edit(caseId, (now) => {
      id = Number(this.stmt('INSERT INTO notes (case_id, text, created_at, updated_at) VALUES (?, ?, ?, ?)').run(caseId, clean, now, now).lastInsertRowid);
      this.record(caseId, 'note added', { id, note: clean });
    });
    return toNote(this.stmt('SELECT * FROM notes WHERE id = ?').get(id) as NoteRow);
  }

  updateNote(id: number, text: string): Note {
    const clean = requireText(text, 'note');
    const caseId = this.caseOf('notes', id);
    this.edit(caseId, (now) => {
      const before = this.stmt('SELECT text FROM notes WHERE id = ?').pluck().get(id);
      this.stmt('UPDATE notes SET text = ?, updated_at = ? WHERE id = ?').run(clean, now, id);
      this.record(caseId, 'note edited', { id, before });
    });
    return toNote(this.stmt('SELECT * FROM notes WHERE id = ?').get(id) as NoteRow);
  }

  deleteNote(id: number): void {
    const caseId = this.caseOf('notes', id);
    this.edit(caseId, () => {
      const text = this.stmt('SELECT text FROM notes WHERE id = ?').pluck().get(id);
      this.stmt('DELETE FROM notes WHERE id = ?').run(id);
      this.record(caseId, 'note deleted', { id, text });
    });
  }

  // ---- export / import of one case ------------------------------------------

  exportCase(id: number, format: 'json' | 'md'): string {
    const detail = this.getCase(id);
    if (!detail) throw new NotFoundError(`no case ${id}`);
    if (format === 'md') return formatCaseMarkdown(detail);
    const out: ExportedCase = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      case: {
        title: detail.title,
        status: detail.status,
        tags: detail.tags,
        fileName: detail.fileName,
        createdAt: detail.importedAt,
        updatedAt: (this.stmt('SELECT updated_at FROM cases WHERE id = ?').pluck().get(id) as string) ?? detail.importedAt,
        ...(detail.error ? { error: detail.error } : {}),
      },
      ...(detail.file ? { file: { sha256: detail.file.sha256, size: detail.file.size, originalName: detail.file.originalName, format: detail.file.format } } : {}),
      ...(detail.report ? { report: detail.report as unknown as ExportedCase['report'] } : {}),
      hypotheses: detail.hypotheses.map((h) => ({
        text: h.text,
        status: h.status,
        ...(h.confidence !== undefined ? { confidence: h.confidence } : {}),
        createdAt: h.createdAt,
        updatedAt: h.updatedAt,
        evidence: h.evidence.map((e) => ({ ref: e.ref, ...(e.note ? { note: e.note } : {}), createdAt: e.createdAt })),
      })),
      notes: detail.notes.map((n) => ({ text: n.text, createdAt: n.createdAt, updatedAt: n.updatedAt })),
      history: detail.history.map((h) => ({ at: h.at, action: h.action, ...(h.detail ? { detail: h.detail } : {}) })),
    };
    return JSON.stringify(out, null, 2);
  }

  /**
   * Creates a new case from an exported one (the dump itself is not in the
   * export: the case links to it when this library holds the same sha256).
   */
  importExportedCase(json: string | unknown): number {
    const raw = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
    const data = exportedCaseSchema.parse(raw);
    if (data.report) reportSchema.parse(data.report);
    return this.db.transaction(() => {
      const dumpRow = data.file ? (this.stmt('SELECT * FROM dump_files WHERE sha256 = ?').get(data.file.sha256) as DumpRow | undefined) : undefined;
      const caseId = this.insertCase({
        fileName: data.case.fileName,
        ...(dumpRow ? { dump: { sha256: dumpRow.sha256, size: dumpRow.size, originalName: dumpRow.original_name, storedPath: dumpRow.stored_path, format: dumpRow.format } } : {}),
        report: data.report as CrashReport | undefined,
        error: data.case.error,
        format: data.file?.format,
        title: data.case.title,
        status: data.case.status,
        tags: data.case.tags,
        createdAt: data.case.createdAt,
        updatedAt: data.case.updatedAt,
      });
      if (!data.case.error) this.stmt('UPDATE cases SET status = ? WHERE id = ?').run(data.case.status, caseId);
      const insH = this.stmt('INSERT INTO hypotheses (case_id, text, status, confidence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      const insE = this.stmt('INSERT INTO evidence (hypothesis_id, kind, ref, note, created_at) VALUES (?, ?, ?, ?, ?)');
      for (const h of data.hypotheses) {
        const hid = Number(insH.run(caseId, h.text, h.status, h.confidence ?? null, h.createdAt, h.updatedAt).lastInsertRowid);
        for (const e of h.evidence) insE.run(hid, e.ref.kind, JSON.stringify(e.ref), e.note ?? null, e.createdAt);
      }
      const insN = this.stmt('INSERT INTO notes (case_id, text, created_at, updated_at) VALUES (?, ?, ?, ?)');
      for (const n of data.notes) insN.run(caseId, n.text, n.createdAt, n.updatedAt);
      // The exported history comes first, then the 'imported' entry insertCase wrote is replaced by one naming the export.
      this.stmt('DELETE FROM history WHERE case_id = ?').run(caseId);
      const insHist = this.stmt('INSERT INTO history (case_id, at, action, detail) VALUES (?, ?, ?, ?)');
      for (const h of data.history) insHist.run(caseId, h.at, h.action, h.detail ?? null);
      this.record(caseId, 'imported from export', { exportedAt: data.exportedAt, linkedDump: !!dumpRow });
      writeFtsRow(this.db, caseId);
      return caseId;
    })();
  }

  // ---- helpers -------------------------------------------------------------

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs one edit of a case in a transaction, touches updated_at and refreshes its search text. */
  private edit(caseId: number, fn: (now: string) => void): void {
    this.db.transaction(() => {
      const now = new Date().toISOString();
      if (this.stmt('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, caseId).changes === 0) throw new NotFoundError(`no case ${caseId}`);
      fn(now);
      writeFtsRow(this.db, caseId);
    })();
  }

  /** The report JSON and its indexed frames and findings (the caller has removed any previous rows). */
  private writeReportRows(caseId: number, report: CrashReport): void {
    this.stmt('INSERT INTO reports (case_id, json) VALUES (?, ?)').run(caseId, JSON.stringify(report));
    const frame = this.stmt('INSERT OR IGNORE INTO frames (case_id, idx, module, function, offset, address, trust) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const f of report.stack.slice(0, MAX_INDEXED_FRAMES)) {
      frame.run(caseId, f.index, f.module ?? null, f.function ?? null, f.offset ?? null, f.address, f.trust);
    }
    const finding = this.stmt('INSERT OR IGNORE INTO findings (case_id, finding_id, kind, severity, text) VALUES (?, ?, ?, ?, ?)');
    for (const f of report.findings) finding.run(caseId, f.id, f.kind, f.severity, f.text);
  }

  /** Writes a history entry; its detail keeps the structured fields and the sentence people read (named as the case is now). */
  private record(caseId: number, action: string, detail?: Record<string, unknown>): void {
    const withSummary = { ...detail, summary: historyText(action, detail, this.historyLookup(caseId)) };
    this.stmt('INSERT INTO history (case_id, at, action, detail) VALUES (?, ?, ?, ?)').run(caseId, new Date().toISOString(), action, JSON.stringify(withSummary));
  }

  private historyLookup(caseId: number): HistoryLookup {
    return {
      finding: (id) => this.stmt('SELECT text FROM findings WHERE case_id = ? AND finding_id = ?').pluck().get(caseId, id) as string | undefined,
      hypothesis: (id) => this.stmt('SELECT text FROM hypotheses WHERE case_id = ? AND id = ?').pluck().get(caseId, id) as string | undefined,
      frame: (index) => {
        const f = this.stmt('SELECT module, function FROM frames WHERE case_id = ? AND idx = ?').get(caseId, index) as { module: string | null; function: string | null } | undefined;
        return f ? [f.module, f.function].filter(Boolean).join('!') || undefined : undefined;
      },
    };
  }

  private caseOf(table: 'hypotheses' | 'notes', id: number): number {
    const caseId = this.stmt(`SELECT case_id FROM ${table} WHERE id = ?`).pluck().get(id) as number | undefined;
    if (caseId === undefined) throw new NotFoundError(`no ${table === 'notes' ? 'note' : 'hypothesis'} ${id}`);
    return caseId;
  }

  private hypothesis(id: number): Hypothesis | undefined {
    const row = this.stmt('SELECT * FROM hypotheses WHERE id = ?').get(id) as HypothesisRow | undefined;
    if (!row) return undefined;
    const evidence = (this.stmt('SELECT * FROM evidence WHERE hypothesis_id = ? ORDER BY id').all(id) as EvidenceRow[]).map(toEvidence);
    return toHypothesis(row, evidence);
  }

  private hypothesesOf(caseId: number): Hypothesis[] {
    const rows = this.stmt('SELECT * FROM hypotheses WHERE case_id = ? ORDER BY id').all(caseId) as HypothesisRow[];
    const evidence = this.stmt('SELECT e.* FROM evidence e JOIN hypotheses h ON h.id = e.hypothesis_id WHERE h.case_id = ? ORDER BY e.id').all(caseId) as EvidenceRow[];
    return rows.map((r) => toHypothesis(r, evidence.filter((e) => e.hypothesis_id === r.id).map(toEvidence)));
  }
}

interface DumpRow {
  id: number;
  sha256: string;
  size: number;
  original_name: string;
  stored_path: string;
  format: string;
  imported_at: string;
}
interface HypothesisRow {
  id: number;
  case_id: number;
  text: string;
  status: HypothesisStatus;
  confidence: number | null;
  created_at: string;
  updated_at: string;
}
interface EvidenceRow {
  id: number;
  hypothesis_id: number;
  kind: string;
  ref: string;
  note: string | null;
  created_at: string;
}
interface NoteRow {
  id: number;
  case_id: number;
  text: string;
  created_at: string;
  updated_at: string;
}
interface HistoryRow {
  id: number;
  case_id: number;
  at: string;
  action: string;
  detail: string | null;
}

function toSummary(r: CaseRow): CaseSummary {
  const s: CaseSummary = {
    id: r.id,
    title: r.title,
    status: r.status,
    tags: r.tags ? r.tags.split('\u001f').sort() : [],
    importedAt: r.created_at,
    format: r.format,
    dumpType: r.dump_type,
    fileName: r.file_name,
  };
  if (r.code !== null) s.code = r.code;
  if (r.code_name !== null) s.codeName = r.code_name;
  if (r.faulting_module !== null) s.faultingModule = r.faulting_module;
  if (r.faulting_function !== null) s.faultingFunction = r.faulting_function;
  if (r.bucket !== null) s.bucket = r.bucket;
  if (r.os_build !== null) s.osBuild = r.os_build;
  if (r.arch !== null) s.arch = r.arch;
  if (r.crash_time !== null) s.crashTime = r.crash_time;
  if (r.error !== null) s.error = r.error;
  return s;
}

function toDumpInfo(r: DumpRow): DumpFileInfo {
  return { sha256: r.sha256, size: r.size, originalName: r.original_name, storedPath: r.stored_path, format: r.format, importedAt: r.imported_at };
}

function toHypothesis(r: HypothesisRow, evidence: Evidence[]): Hypothesis {
  const h: Hypothesis = { id: r.id, caseId: r.case_id, text: r.text, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at, evidence };
  if (r.confidence !== null) h.confidence = r.confidence;
  return h;
}

function toEvidence(r: EvidenceRow): Evidence {
  const e: Evidence = { id: r.id, hypothesisId: r.hypothesis_id, ref: JSON.parse(r.ref) as Evidence['ref'], createdAt: r.created_at };
  if (r.note !== null) e.note = r.note;
  return e;
}

function toNote(r: NoteRow): Note {
  return { id: r.id, caseId: r.case_id, text: r.text, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toHistory(r: HistoryRow, lookup: HistoryLookup): HistoryEntry {
  let parsed: unknown;
  try {
    parsed = r.detail === null ? undefined : JSON.parse(r.detail);
  } catch {
    parsed = undefined;
  }
  const h: HistoryEntry = { id: r.id, caseId: r.case_id, at: r.at, action: r.action, text: historyText(r.action, parsed, lookup) };
  if (r.detail !== null) h.detail = r.detail;
  return h;
}

/** Names for history entries written before they carried their own sentence: from the case as it is now. */
function detailLookup(detail: CaseDetail): HistoryLookup {
  return {
    finding: (id) => detail.report?.findings.find((f) => f.id === id)?.text,
    hypothesis: (id) => detail.hypotheses.find((h) => h.id === id)?.text,
    frame: (index) => {
      const f = detail.report?.stack.find((x) => x.index === index);
      return f ? [f.module, f.function].filter(Boolean).join('!') || undefined : undefined;
    },
  };
}

function reanalysisText(
  before: CaseSummary,
  after: { bucket?: string },
  statusBefore: CaseStatus,
  statusAfter: CaseStatus,
  frames: number,
  findings: number,
  stale: number,
): string {
  const parts = [`rebuilt the report from the stored file: ${frames} frame${frames === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}`];
  if ((before.bucket ?? null) !== (after.bucket ?? null)) parts.push(`bucket ${before.bucket ?? '(none)'} → ${after.bucket ?? '(none)'}`);
  if (statusBefore !== statusAfter) parts.push(`status ${statusBefore} → ${statusAfter}`);
  if (stale) parts.push(`${stale} evidence link${stale === 1 ? '' : 's'} name${stale === 1 ? 's' : ''} a finding the new report no longer has`);
  return parts.join('; ');
}

function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0 && t.length <= 100))].sort();
}

function requireText(text: string, what: string): string {
  const clean = text.trim();
  if (!clean) throw new Error(`a ${what} cannot be empty`);
  return clean;
}

// when_at falls back to the import time when the crash time is missing or unreadable.
const HAS_CRASH_TIME = 'c.crash_time IS NOT NULL AND c.when_at <> c.created_at';

/** The searchable report columns in table order, code … crash_time, when_at: shared by insert and re-analysis. */
function columnValues(cols: ReportColumns, importedAt: string): (string | number | null)[] {
  return [
    cols.code ?? null,
    cols.codeName ?? null,
    cols.faultingModule ?? null,
    cols.faultingFunction ?? null,
    cols.bucket ?? null,
    cols.osBuild ?? null,
    cols.arch ?? null,
    cols.crashTime ?? null,
    whenAt(cols.crashTime, importedAt),
  ];
}

/** Crash time when it parses, else import time, as a full ISO string so text order is time order. */
function whenAt(crashTime: string | undefined, importedAt: string): string {
  if (crashTime) {
    const t = Date.parse(crashTime);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return importedAt;
}
