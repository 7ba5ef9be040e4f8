import type { CrashReport } from '../model/report';
import { lookupBugcheck } from './catalog/bugchecks';
import { lookupNtStatus } from './catalog/ntstatus';
import type { AnalysisResult } from './types';

/**
 * The report with the analysis written in: findings, bucket, and the
 * catalog names of the bug check and exception when the parser left them
 * out. Returns a new object; the input is not changed.
 */
export function applyAnalysis(report: CrashReport, analysis: AnalysisResult): CrashReport {
  const out: CrashReport = { ...report, findings: analysis.findings };
  if (analysis.bucket) out.bucket = analysis.bucket;
  if (report.bugcheck && !report.bugcheck.name) {
    const name = lookupBugcheck(report.bugcheck.code)?.name;
    if (name) out.bugcheck = { ...report.bugcheck, name };
  }
  if (report.exception && !report.exception.name) {
    const name = lookupNtStatus(report.exception.code)?.name;
    if (name) out.exception = { ...report.exception, name };
  }
  return out;
}
