// The IPC contract: one typed table, channel -> request schema -> response
// type. main validates every request against its schema before acting; the
// preload and the browser-mode client expose exactly these channels.
import { z } from 'zod';
import type { CaseDetail, CaseList, CaseSummary, CountRow, Evidence, Hypothesis, Note } from '../library/types';
import type { ImportProgress, ImportResult } from '../import/types';
import type { Comparison } from '../../native-free-core/similarity/compare';
import type { InstructionLine } from '../../native-free-core/model/report';
import type { DtResult } from '../../native-free-core/formats/pdb/type-values';

/** A phantom value that carries a response type through the table. */
const reply = <T>() => undefined as unknown as T;

const caseId = z.number().int().positive();
const isoDate = z.string().max(40);

export const caseQuerySchema = z
  .object({
    text: z.string().max(500).optional(),
    code: z.string().max(20).optional(),
    module: z.string().max(260).optional(),
    bucket: z.string().max(500).optional(),
    tag: z.string().max(100).optional(),
    status: z.enum(['new', 'investigating', 'resolved', 'error']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    sort: z.enum(['crashTime', 'imported', 'code', 'module', 'bucket', 'title', 'status']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  libraryDir: string;
  platform: string;
}

const hexValue = z.string().regex(/^0x[0-9a-f]{1,16}$/i, 'a 0x hex value');
const text = (max: number) => z.string().min(1).max(max);

/** The report's EvidenceRef shapes plus a finding by id (mirrors main/library/schemas). */
export const evidenceTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finding'), id: text(500) }).strict(),
  z.object({ kind: z.literal('register'), name: text(20), value: hexValue.optional() }).strict(),
  z.object({ kind: z.literal('address'), address: hexValue, label: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('frame'), index: z.number().int().nonnegative().max(100_000) }).strict(),
  z.object({ kind: z.literal('module'), name: text(260) }).strict(),
  z.object({ kind: z.literal('instruction'), address: hexValue, text: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('memory'), address: hexValue, size: z.number().int().nonnegative().max(1 << 20), label: z.string().max(500).optional() }).strict(),
  z.object({ kind: z.literal('transcript-line'), line: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('field'), structure: text(260), field: text(260), value: hexValue.optional() }).strict(),
]);

const caseStatus = z.enum(['new', 'investigating', 'resolved', 'error']);
const hypothesisStatus = z.enum(['open', 'supported', 'refuted']);

/** An import's result (main/import/types) tagged with the job that made it. */
export interface ImportOutcome extends ImportResult {
  jobId: string;
}
export interface ImportJobProgress extends ImportProgress {
  jobId: string;
}

export interface SimilarCase {
  caseId: number;
  score: number;
  parts?: Record<string, number | null>;
  summary: CaseSummary;
}

export interface SimilarityGroup {
  /** the group's first case */
  groupId: number;
  size: number;
  /** member case ids (the first 200) */
  members: number[];
  summary: CaseSummary;
}

/** `!pool address`: the pool block holding an address, from dump memory or the transcript's !pool output. */
export interface PoolReply {
  query: string;
  block?: {
    address: string;
    size: number;
    headerSize: number;
    bodyAddress: string;
    tag: string;
    allocated?: boolean;
    offsetInBlock: number;
    region?: string;
    source: 'memory' | 'transcript';
    tagDescription?: string;
    tagBinary?: string;
    structure?: { typeName: string; module?: string; field?: string; fieldOffset?: number };
  };
}

export interface MemoryReply {
  address: string;
  length: number;
  /** one entry per byte, null where the dump holds nothing */
  bytes: (number | null)[];
  /** where the bytes came from: the stored dump file, the transcript's own dq/db output, or both */
  source: 'dump' | 'transcript' | 'mixed' | 'none';
}

export interface DisassemblyLine extends InstructionLine {
  /** the line is the instruction the request centred on */
  current?: boolean;
  /** register names the instruction writes (for the provenance walk) */
  writes?: string[];
  reads?: string[];
  flow?: string;
  /** a direct branch's or call's target */
  target?: string;
}
export interface DisassemblyReply {
  address: string;
  lines: DisassemblyLine[];
  source: 'dump' | 'transcript' | 'none';
  /** why nothing was decoded (no bytes in the dump, …) */
  note?: string;
}

/** The app's settings as 'settings:get' / 'settings:set' answer them. */
export interface SettingsReply {
  /** local symbol folders saved in the settings, as the user typed them */
  symbolPath: string[];
  /** local folders _NT_SYMBOL_PATH / _NT_ALT_SYMBOL_PATH add after them (read-only here) */
  environmentSymbolPath: string[];
  /** where the settings are kept */
  file: string;
  /** the settings file could not be read (the defaults are shown) */
  error?: string;
}

export const ipcContract = {
  'app:info': { request: z.object({}).strict(), response: reply<AppInfo>() },
  'cases:list': { request: caseQuerySchema, response: reply<CaseList>() },
  'cases:get': { request: z.object({ id: caseId }).strict(), response: reply<CaseDetail>() },
  'cases:counts': {
    request: z.object({ key: z.enum(['bucket', 'module', 'code', 'day']), query: caseQuerySchema.optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
    response: reply<CountRow[]>(),
  },
  /** Cases the query matches that have no readable crash time (the crashes-over-time plot leaves them out). */
  'cases:count-without-crash-time': { request: z.object({ query: caseQuerySchema.optional() }).strict(), response: reply<number>() },
  'cases:rename': { request: z.object({ id: caseId, title: text(500) }).strict(), response: reply<CaseSummary>() },
  'cases:set-tags': { request: z.object({ id: caseId, tags: z.array(z.string().max(100)).max(100) }).strict(), response: reply<CaseSummary>() },
  'cases:set-status': { request: z.object({ id: caseId, status: caseStatus }).strict(), response: reply<CaseSummary>() },
  /** rebuilds the report from the stored file with the current symbol folders; fails with 'bad-input' when the file still does not parse */
  'cases:reanalyze': { request: z.object({ id: caseId }).strict(), response: reply<{ summary: CaseSummary; staleEvidence: Evidence[] }>() },
  'cases:delete': { request: z.object({ id: caseId }).strict(), response: reply<{ deleted: number }>() },
  'cases:export': { request: z.object({ id: caseId, format: z.enum(['json', 'md']) }).strict(), response: reply<{ text: string }>() },
  'cases:similar': { request: z.object({ id: caseId, limit: z.number().int().min(1).max(100).optional() }).strict(), response: reply<SimilarCase[]>() },
  /** groups of similar crashes across the library (the library's "group by similarity") */
  'cases:similarity-groups': { request: z.object({ threshold: z.number().min(0.1).max(1).optional() }).strict(), response: reply<{ groups: SimilarityGroup[]; singletons: number }>() },
  /** summaries of a few cases by id (a group's members) */
  'cases:summaries': { request: z.object({ ids: z.array(caseId).max(500) }).strict(), response: reply<CaseSummary[]>() },
  'cases:compare': { request: z.object({ left: caseId, right: caseId }).strict(), response: reply<Comparison>() },
  'case:memory': {
    request: z.object({ caseId, address: hexValue, length: z.number().int().min(1).max(4096) }).strict(),
    response: reply<MemoryReply>(),
  },
  /** lines of a WinDbg-text case's own transcript (the evidence a finding names by line) */
  'case:transcript': {
    request: z.object({ caseId, from: z.number().int().min(1), to: z.number().int().min(1) }).strict(),
    response: reply<{ first: number; lines: string[]; total: number }>(),
  },
  'case:pool': { request: z.object({ caseId, address: hexValue }).strict(), response: reply<PoolReply>() },
  /** which of these addresses the dump (or transcript) holds a byte at: the registers tab's "not in dump" hint */
  'case:probe': { request: z.object({ caseId, addresses: z.array(hexValue).max(256) }).strict(), response: reply<boolean[]>() },
  'case:disassemble': {
    request: z.object({ caseId, address: hexValue, before: z.number().int().min(0).max(64).optional(), after: z.number().int().min(0).max(128).optional() }).strict(),
    response: reply<DisassemblyReply>(),
  },
  /** `dt [-r depth] module!Type [address]` on a binary dump: the layout from the module's PDB on the symbol folders, values read from the stored dump; 'not-found' says which PDB was looked for where */
  'case:dt': { request: z.object({ caseId, type: text(500), address: hexValue.optional(), depth: z.number().int().min(0).max(9).optional() }).strict(), response: reply<DtResult & { pdb: string }>() },
  'hypotheses:add': {
    request: z.object({ caseId, text: text(4000), status: hypothesisStatus.optional(), confidence: z.number().min(0).max(1).optional() }).strict(),
    response: reply<Hypothesis>(),
  },
  'hypotheses:update': {
    request: z.object({ id: caseId, text: text(4000).optional(), status: hypothesisStatus.optional(), confidence: z.number().min(0).max(1).nullable().optional() }).strict(),
    response: reply<Hypothesis>(),
  },
  'hypotheses:delete': { request: z.object({ id: caseId }).strict(), response: reply<{ deleted: number }>() },
  'evidence:add': { request: z.object({ hypothesisId: caseId, ref: evidenceTargetSchema, note: z.string().max(4000).optional() }).strict(), response: reply<Evidence>() },
  'evidence:remove': { request: z.object({ id: caseId }).strict(), response: reply<{ deleted: number }>() },
  'notes:add': { request: z.object({ caseId, text: text(100_000) }).strict(), response: reply<Note>() },
  'notes:update': { request: z.object({ id: caseId, text: text(100_000) }).strict(), response: reply<Note>() },
  'notes:delete': { request: z.object({ id: caseId }).strict(), response: reply<{ deleted: number }>() },
  /** pasted WinDbg text becomes a case */
  'import:text': { request: z.object({ text: z.string().min(1).max(900_000), name: z.string().max(260).optional() }).strict(), response: reply<ImportOutcome>() },
  /** Electron: files or folders the user dropped or picked; progress comes as 'import:progress' events */
  'import:paths': { request: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000), jobId: z.string().max(64).optional() }).strict(), response: reply<ImportOutcome>() },
  'import:cancel': { request: z.object({ jobId: z.string().min(1).max(64) }).strict(), response: reply<{ cancelled: boolean }>() },
  /** Electron: File → Import… from a button in the UI (a main-side dialog, so the renderer never names paths) */
  'import:dialog': { request: z.object({}).strict(), response: reply<ImportOutcome | null>() },
  'settings:get': { request: z.object({}).strict(), response: reply<SettingsReply>() },
  /** symbol folders used for imports and re-opened dumps (with _NT_SYMBOL_PATH after them); local folders only */
  'settings:set': { request: z.object({ symbolPath: z.array(z.string().max(4096)).max(100) }).strict(), response: reply<SettingsReply>() },
} as const;

export type Channel = keyof typeof ipcContract;
export type RequestOf<C extends Channel> = z.input<(typeof ipcContract)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof ipcContract)[C]['response'];

export type IpcErrorCode = 'invalid-request' | 'unknown-channel' | 'not-found' | 'bad-input' | 'cancelled' | 'internal';
export interface IpcError {
  code: IpcErrorCode;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Events main pushes to the renderer (import progress and the like). */
export interface IpcEvents {
  'library:changed': { reason: string };
  /** files the OS asked the app to open (file association, second instance) */
  'app:open-files': { paths: string[] };
  'import:progress': ImportJobProgress;
  'import:done': ImportOutcome;
  /** main asks the UI to show a case (a dump opened from the OS was imported) */
  'app:show-case': { caseId: number };
}
export type EventName = keyof IpcEvents;

export const CHANNELS = Object.keys(ipcContract) as Channel[];

/** Thrown by handlers to answer a typed error instead of 'internal'. */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
