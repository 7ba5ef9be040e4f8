import { blamedFrame } from '../../native-free-core/analysis/bucket';
import type { CrashReport, StackFrame } from '../../native-free-core/model/report';

/** The searchable columns a report gives its case. */
export interface ReportColumns {
  code?: string;
  codeName?: string;
  faultingModule?: string;
  faultingFunction?: string;
  bucket?: string;
  osBuild?: number;
  arch?: string;
  crashTime?: string;
}

/**
 * The frame the crash is blamed on, as the bucket names it: past the
 * bugcheck and exception-dispatch frames and the OS's own modules (the
 * analysis engine's rule, so the list, the title and the bucket agree).
 */
export function faultingFrame(report: CrashReport): StackFrame | undefined {
  return blamedFrame(report) ?? report.stack[0];
}

export function normalizeCode(code: string): string {
  const bare = code.trim().toLowerCase().replace(/^0x/, '').replace(/^0+(?=[0-9a-f])/, '');
  return `0x${bare}`;
}

export function reportColumns(report: CrashReport): ReportColumns {
  const code = report.bugcheck?.code ?? report.exception?.code;
  const codeName = report.bugcheck ? report.bugcheck.name : report.exception?.name;
  const frame = faultingFrame(report);
  return {
    code: code ? normalizeCode(code) : undefined,
    codeName: codeName || undefined,
    faultingModule: frame?.module,
    faultingFunction: frame?.function,
    bucket: report.bucket,
    osBuild: report.system.osBuild,
    arch: report.system.arch,
    crashTime: report.crashTime,
  };
}

/** A title people recognise: "0x3b SYSTEM_SERVICE_EXCEPTION in fltmgr!TreeUnlinkMulti". */
export function defaultTitle(columns: ReportColumns, fileName: string): string {
  if (!columns.code) return fileName;
  const what = columns.codeName ? `${columns.code} ${columns.codeName}` : columns.code;
  const where = columns.faultingModule ? ` in ${columns.faultingModule}${columns.faultingFunction ? `!${columns.faultingFunction}` : ''}` : '';
  return `${what}${where}`;
}
