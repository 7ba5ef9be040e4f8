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

// Frames that belong to the crash machinery rather than to the fault.
const MACHINERY = /^(KeBugCheck|KiBugCheck|KiPageFault|KiGeneralProtectionFault|KiSystemServiceHandler|KiExceptionDispatch|KiDispatchException|RtlDispatchException|KiTrap|KiInvalidOpcodeFault|KiDoubleFault|RtlRaiseException|KiRaiseException|RaiseException|KiUserExceptionDispatcher)/;
const KERNEL_MODULES = /^(nt|ntoskrnl|ntkrnlmp|ntkrnlpa|ntkrpamp|hal|ntdll|kernelbase|kernel32)$/i;

/** The first frame that is not part of the bugcheck / exception dispatch itself. */
export function faultingFrame(report: CrashReport): StackFrame | undefined {
  const frames = report.stack;
  const candidate = frames.find((f) => !(f.function && MACHINERY.test(f.function) && (!f.module || KERNEL_MODULES.test(f.module))));
  return candidate ?? frames[0];
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
