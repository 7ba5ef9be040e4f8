import { tryParseHex } from '../model/hex';
import type { CrashReport, StackFrame } from '../model/report';
import { lookupBugcheck } from './catalog/bugchecks';
import { locateAddress } from './fault';

/** Frames that raise or dispatch a crash rather than cause it; buckets skip them. */
const NOISE = /^(nt|ntoskrnl|ntkrnlmp|ntkrnlpa|ntkrpamp|hal|ntdll|kernelbase|kernel32)!(KeBugCheck\w*|KiBugCheck\w*|KiPageFault|KiGeneralProtectionFault|KiDoubleFaultAbort|KiInvalidOpcodeFault|KiDivideErrorFault|KiBreakpointTrap|KiRaiseSecurityCheckFailure|KiFastFailDispatch|KiExceptionDispatch|KiRaiseException|KiDispatchException|KiSystemServiceHandler|DbgBreakPoint\w*|RtlpBreakWithStatusInstruction|KiSystemServiceCopyEnd|KiSystemServiceExit|KiUserExceptionDispatcher|RtlDispatchException|RtlRaiseException|RtlRaiseStatus|RaiseException|RtlpExecuteHandlerForException|RtlpExecuteHandlerForUnwind|RtlUnwindEx|RtlpUnwindHandler|UnhandledExceptionFilter|RtlReportException|RtlReportCriticalFailure|RtlpHeapHandleError|RtlpLogHeapFailure|\?\? ::FNODOBFM::\S*)$/i;

function moduleShort(frame: StackFrame): string | undefined {
  return frame.module?.replace(/\.(sys|dll|exe|drv)$/i, '');
}

function frameKey(frame: StackFrame): string | undefined {
  const mod = moduleShort(frame);
  if (frame.function) return `${mod ? mod + '!' : ''}${frame.function}`;
  return mod;
}

function isNoise(frame: StackFrame): boolean {
  const key = frameKey(frame);
  return key !== undefined && NOISE.test(key);
}

const OS_MODULES = /^(nt|ntoskrnl|ntkrnlmp|ntkrnlpa|ntkrpamp|hal|halmacpi|halacpi|ntdll|kernelbase|kernel32|verifierext|wdf01000)$/i;

function isOsFrame(frame: StackFrame): boolean {
  const mod = moduleShort(frame);
  return mod !== undefined && OS_MODULES.test(mod);
}

/**
 * The frame a crash is blamed on, as !analyze does: the frame at the fault
 * address unless it is in the OS (nt, hal, ntdll, kernel32) and a driver or
 * application frame follows, else the first frame that is not crash machinery.
 */
export function blamedFrame(report: CrashReport): StackFrame | undefined {
  const named = report.stack.filter((f) => f.module || f.function);
  const firstOutsideOs = named.find((f) => !isOsFrame(f) && !isNoise(f));
  const ip = tryParseHex(report.context?.registers.rip ?? report.context?.registers.eip) ?? tryParseHex(report.exception?.address);
  if (ip !== undefined) {
    const exact = report.stack.find((f) => tryParseHex(f.address) === ip);
    if (exact && (!isOsFrame(exact) || !firstOutsideOs)) return exact;
  }
  const crashMachineryOnTop = named.length > 0 && (isNoise(named[0]!) || report.bugcheck !== undefined || ip !== undefined);
  if (crashMachineryOnTop && firstOutsideOs) return firstOutsideOs;
  return named.find((f) => !isNoise(f));
}

function symbolForBucket(frame: StackFrame | undefined): string {
  if (!frame) return 'UNKNOWN';
  const mod = moduleShort(frame);
  const off = tryParseHex(frame.offset);
  const offText = off !== undefined ? '+' + off.toString(16) : '';
  if (frame.function) return `${mod ? mod + '!' : ''}${frame.function}${offText}`;
  if (mod) return `${mod}${offText}`;
  return 'Unknown_Module';
}

/** Without frames: the transcript's label of the faulting instruction, or module+offset of the fault address. */
function symbolWithoutFrame(report: CrashReport): string {
  const ip = tryParseHex(report.context?.registers.rip ?? report.context?.registers.eip) ?? tryParseHex(report.exception?.address)
    ?? (report.bugcheck ? faultArg(report) : undefined);
  if (ip === undefined) return 'UNKNOWN';
  const located = locateAddress(report, ip);
  if (!located?.symbol) return 'UNKNOWN';
  return located.symbol.replace(/\+0x([0-9a-f]+)$/i, '+$1');
}

function faultArg(report: CrashReport): bigint | undefined {
  const i = lookupBugcheck(report.bugcheck!.code)?.details?.faultAddressArg;
  return i === undefined ? undefined : tryParseHex(report.bugcheck!.args[i]);
}

/**
 * The bucket id in WinDbg's form: `X64_0x3B_fltmgr!TreeUnlinkMulti+51` for
 * kernel bug checks (no prefix on x86; `_W` for write IRQL faults), and
 * `c0000005_module!function+off` for user-mode exceptions.
 */
export function bucketId(report: CrashReport): string | undefined {
  const frame = blamedFrame(report);
  const symbol = frame ? symbolForBucket(frame) : symbolWithoutFrame(report);
  const arch = report.system.arch ?? report.context?.arch;
  const prefix = arch === 'x64' ? 'X64_' : arch === 'arm64' ? 'ARM64_' : '';
  if (report.bugcheck) {
    const code = tryParseHex(report.bugcheck.code);
    if (code === undefined) return undefined;
    const base = code & 0xfffn;
    let suffix = '';
    if ((base === 0xan || base === 0xd1n) && code < 0x1000n) {
      const access = tryParseHex(report.bugcheck.args[2]);
      if (access !== undefined && (access & 1n) === 1n) suffix = '_W';
    }
    return `${prefix}0x${code.toString(16).toUpperCase()}${suffix}_${symbol}`;
  }
  if (report.exception) {
    const code = tryParseHex(report.exception.code);
    if (code === undefined) return undefined;
    return `${(code & 0xffffffffn).toString(16).padStart(8, '0')}_${symbol}`;
  }
  return frame ? `${prefix}NO_EXCEPTION_${symbol}` : undefined;
}

/**
 * A stable grouping key for "same crash" across dumps: the crash code and the
 * first three blamed frames as module!function (offsets dropped, noise skipped).
 */
export function groupingSignature(report: CrashReport): string {
  const code = report.bugcheck
    ? 'bugcheck:' + (tryParseHex(report.bugcheck.code) ?? 0n).toString(16)
    : report.exception
      ? 'exception:' + ((tryParseHex(report.exception.code) ?? 0n) & 0xffffffffn).toString(16)
      : 'none';
  const frames: string[] = [];
  for (const f of report.stack) {
    if (isNoise(f)) continue;
    const key = frameKey(f);
    if (!key) continue;
    frames.push(key.toLowerCase());
    if (frames.length === 3) break;
  }
  return [code, ...frames].join('|');
}
