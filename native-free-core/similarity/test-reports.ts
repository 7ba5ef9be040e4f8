import { emptyReport, type CrashReport } from '../model/report';
import { framesFromCallSites } from './call-site';

/** A minimal kernel-transcript report with the given call sites, for tests and the evaluation. */
export function reportFromCallSites(callSites: readonly string[], extra: Partial<CrashReport> = {}): CrashReport {
  return { ...emptyReport('windbg-text', 'transcript'), stack: framesFromCallSites(callSites), ...extra };
}
