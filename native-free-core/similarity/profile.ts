import type { CrashReport } from '../model/report';
import { codeProfile, type CodeProfile } from './crash-code';
import { faultingModule, stackSignature } from './signature';

/**
 * What the similarity measure needs of a report, small enough to keep for
 * every case of a 100,000-case library in memory.
 */
export interface SimilarityProfile {
  /** matchable frame signatures, top first (see signature.ts). */
  signatures: string[];
  code: CodeProfile;
  faultingModule?: string;
  /** distinct finding kinds, sorted. */
  findingKinds: string[];
}

export type ProfileSource = Pick<CrashReport, 'stack' | 'bugcheck' | 'exception' | 'system' | 'findings'>;

export function profileOf(report: ProfileSource): SimilarityProfile {
  return {
    signatures: stackSignature(report),
    code: codeProfile(report),
    faultingModule: faultingModule(report),
    findingKinds: [...new Set(report.findings.map((f) => f.kind))].sort(),
  };
}
