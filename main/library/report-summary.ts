import { blamedFrame } from '../../native-free-core/analysis/bucket';
import type { CrashReport, StackFrame } from '../../native-free-core/model/report';
import type { CaseSummary } from './types';

/** The searchable columns a report gives its case: the CaseSummary fields that come from the report. */
export type ReportColumns = Pick<CaseSummary, 'code' | 'codeName' | 'faultingModule' | 'faultingFunction' | 'bucket' | 'osBuild' | 'arch' | 'crashTime'>;

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

/**
 * module!function from a bucket such as "X64_0x50_nt!RtlSubtreePredecessor+9" or
 * "0xc4_IrqlExApcLte1_XDV_VRF_MyDriver!OnInterrupt": the transcript that names
 * the fault only in its FAILURE_BUCKET_ID still fills the Faulting column. The
 * module is the longest tail of the prefix's _-separated words that is a loaded
 * module's name (a module may have _ in its name), else the last word.
 */
export function bucketSymbol(bucket: string | undefined, moduleNames: string[] = []): { module: string; function: string } | undefined {
  const m = /^(.*?)!([^!\s]+?)(?:\+(?:0x)?[0-9a-f]+)?$/i.exec(bucket?.trim() ?? '');
  if (!m) return undefined;
  const words = m[1]!.split('_');
  const loaded = new Set(moduleNames.map((n) => n.replace(/\.(exe|dll|sys)$/i, '').toLowerCase()));
  let module = words.at(-1)!;
  for (let i = 0; i < words.length - 1; i++) {
    const tail = words.slice(i).join('_');
    if (loaded.has(tail.toLowerCase())) {
      module = tail;
      break;
    }
  }
  const fn = m[2]!;
  if (!module || !fn) return undefined;
  return { module, function: fn };
}

export function reportColumns(report: CrashReport): ReportColumns {
  const code = report.bugcheck?.code ?? report.exception?.code;
  const codeName = report.bugcheck ? report.bugcheck.name : report.exception?.name;
  const frame = faultingFrame(report);
  const fromBucket = frame?.module ? undefined : bucketSymbol(report.bucket, report.modules.map((x) => x.name));
  return {
    code: code ? normalizeCode(code) : undefined,
    codeName: codeName || undefined,
    faultingModule: frame?.module ?? fromBucket?.module,
    faultingFunction: frame?.module ? frame.function : (fromBucket?.function ?? frame?.function),
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
