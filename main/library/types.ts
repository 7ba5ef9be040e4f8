// Plain types of the case library, shared by main, the IPC contract and the
// renderer. No Node imports here.
import type { CrashReport, EvidenceRef } from '../../native-free-core/model/report';

export type CaseStatus = 'new' | 'investigating' | 'resolved' | 'error';
export type HypothesisStatus = 'open' | 'supported' | 'refuted';
export type CaseSort = 'crashTime' | 'imported' | 'code' | 'module' | 'bucket' | 'title' | 'status';

export interface CaseQuery {
  text?: string;
  code?: string;
  module?: string;
  bucket?: string;
  tag?: string;
  status?: CaseStatus;
  /** ISO dates (or YYYY-MM-DD, whole days) bounding the crash time; cases without one use their import time */
  from?: string;
  to?: string;
  sort?: CaseSort;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** One page of cases and how many match in all. */
export interface CaseList {
  /** matches in all; for a full-text query matching more than 10,000 cases, 10,000 with totalIsLowerBound set */
  total: number;
  /** true when total is a lower bound ("10,000+"): pages past it may still hold rows */
  totalIsLowerBound?: boolean;
  rows: CaseSummary[];
}

export interface CaseSummary {
  id: number;
  title: string;
  status: CaseStatus;
  tags: string[];
  /** bugcheck or exception code, "0x3b" */
  code?: string;
  codeName?: string;
  faultingModule?: string;
  faultingFunction?: string;
  bucket?: string;
  osBuild?: number;
  arch?: string;
  crashTime?: string;
  importedAt: string;
  format: string;
  dumpType: string;
  fileName: string;
  error?: string;
}

/** What a hypothesis can point at: a finding by id, or one of the report's EvidenceRef shapes. */
export type EvidenceTarget = EvidenceRef | { kind: 'finding'; id: string };

export interface Evidence {
  id: number;
  hypothesisId: number;
  ref: EvidenceTarget;
  note?: string;
  createdAt: string;
}

export interface Hypothesis {
  id: number;
  caseId: number;
  text: string;
  status: HypothesisStatus;
  /** 0..1 */
  confidence?: number;
  createdAt: string;
  updatedAt: string;
  evidence: Evidence[];
}

export interface Note {
  id: number;
  caseId: number;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEntry {
  id: number;
  caseId: number;
  at: string;
  action: string;
  /** the entry as a sentence, e.g. "linked finding 'Byte-lane corruption …' to hypothesis 'race in …'" */
  text: string;
  /** JSON: the structured fields, and `summary`, the sentence as written when the entry was made */
  detail?: string;
}

export interface DumpFileInfo {
  sha256: string;
  size: number;
  originalName: string;
  storedPath: string;
  format: string;
  importedAt: string;
}

export interface CaseDetail extends CaseSummary {
  report?: CrashReport;
  hypotheses: Hypothesis[];
  notes: Note[];
  history: HistoryEntry[];
  file?: DumpFileInfo;
}

/** What the plots count cases by. */
export type CountKey = 'bucket' | 'module' | 'code' | 'day';

export interface CountRow {
  key: string;
  count: number;
}
