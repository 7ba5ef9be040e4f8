import type { CrashReport, StackFrame } from '../model/report';

/**
 * Frame signatures: what two frames must share to count as "the same frame"
 * when stacks are compared. `module!function`, module lower-case and without
 * its extension, function undecorated (x86 `_Name@12` → `Name`); the offset
 * is display-only because it changes with every build.
 */

/** Aliases of the kernel image: every build names it differently. */
const MODULE_ALIASES: Record<string, string> = {
  ntoskrnl: 'nt',
  ntkrnlmp: 'nt',
  ntkrnlpa: 'nt',
  ntkrpamp: 'nt',
  ntkrla57: 'nt',
  halmacpi: 'hal',
  halacpi: 'hal',
};

/**
 * Frames that describe how the crash was reported rather than where it
 * happened, skipped as `!analyze` does: the bugcheck path, trap and
 * exception-dispatch frames, and debugger breaks.
 */
const SKIPPED_FUNCTIONS = new Set([
  'KeBugCheck', 'KeBugCheckEx', 'KeBugCheck2', 'KiBugCheck2', 'KiBugCheckDebugBreak', 'KeBugCheckWithTf',
  'RtlpBreakWithStatusInstruction', 'DbgBreakPoint', 'DbgBreakPointWithStatus', 'DbgUserBreakPoint',
  'KiPageFault', 'KiPageFaultShadow', 'KiGeneralProtectionFault', 'KiGeneralProtectionFaultShadow',
  'KiDoubleFaultAbort', 'KiDivideErrorFault', 'KiInvalidOpcodeFault', 'KiBreakpointTrap',
  'KiDebugTrapOrFault', 'KiStackFault', 'KiNmiInterrupt', 'KiMcheckAbort',
  'KiTrap00', 'KiTrap01', 'KiTrap03', 'KiTrap06', 'KiTrap08', 'KiTrap0C', 'KiTrap0D', 'KiTrap0E',
  'KiExceptionDispatch', 'KiDispatchException', 'KiRaiseException', 'KiRaiseSecurityCheckFailure',
  'KiFastFailDispatch', 'KiSystemServiceHandler', 'KiSystemServiceExit',
  'RtlDispatchException', 'RtlpExecuteHandlerForException', 'RtlpExecuteHandler2', 'ExecuteHandler2',
  'ExecuteHandler', 'RtlRaiseException', 'RtlRaiseStatus', 'KiUserExceptionDispatcher',
  'KiUserExceptionDispatch', '__C_specific_handler', 'except_handler3', 'except_handler4',
]);

/** Modules whose frames may be skipped above (the skip list only applies inside them). */
const SYSTEM_MODULES = new Set(['nt', 'hal', 'ntdll', 'kernelbase', 'kernel32']);

/** Kernel-core modules that !analyze passes over when it picks the module to blame. */
export const CORE_MODULES: ReadonlySet<string> = new Set(['nt', 'hal', 'ntdll', 'kernelbase']);

/**
 * Names repeat across a library (every case has nt!KiSystemServiceCopyEnd),
 * so normalised names are memoised; the memo is dropped when it grows past
 * MEMO_LIMIT entries, which bounds its memory.
 */
const MEMO_LIMIT = 100_000;
const moduleMemo = new Map<string, string>();
const functionMemo = new Map<string, string>();

function memo(map: Map<string, string>, key: string, compute: (k: string) => string): string {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= MEMO_LIMIT) map.clear();
    v = compute(key);
    map.set(key, v);
  }
  return v;
}

export function normalizeModule(module: string): string {
  return memo(moduleMemo, module, (raw) => {
    const m = raw.trim().toLowerCase().replace(/\.(sys|dll|exe|drv|ocx|efi)$/, '');
    return MODULE_ALIASES[m] ?? m;
  });
}

/**
 * `_KeBugCheckEx@20` → `KeBugCheckEx`, `@KfAcquireSpinLock@4` → `KfAcquireSpinLock`;
 * C++ names and templates are kept as they are.
 */
export function normalizeFunction(fn: string): string {
  return memo(functionMemo, fn, (raw) => {
    const f = raw.trim();
    const stdcall = /^[_@]([A-Za-z_$?][\w$?]*)@\d+$/.exec(f);
    if (stdcall) return stdcall[1]!;
    return /^_[A-Za-z][\w$]*$/.test(f) && !f.startsWith('__') ? f.slice(1) : f;
  });
}

/** `?? ::FNODOBFM::\`string'` chunks: out-of-line code of some unknown function, not an identity. */
export function isOutlinedChunk(fn: string): boolean {
  return /^\?\?\s*::[A-Z]{8}::/.test(fn.trim()) || fn.includes("::`string'");
}

/** Is the frame one of the bugcheck / exception-dispatch frames that !analyze skips? */
export function isSkippedFrame(frame: StackFrame): boolean {
  if (!frame.module || !frame.function) return false;
  return SYSTEM_MODULES.has(normalizeModule(frame.module)) && SKIPPED_FUNCTIONS.has(normalizeFunction(frame.function));
}

/**
 * The matching key of a frame, or null for a frame that carries no identity:
 * skipped bugcheck/dispatch frames, outlined `?? ::XXXXXXXX::` chunks, and raw
 * addresses without a module. A module without a symbol keys on its module
 * offset (`test_app+0x429e`), which is stable within one build of the module.
 */
export function frameSignature(frame: StackFrame): string | null {
  if (!frame.module) return null;
  if (!frame.function) {
    const module = normalizeModule(frame.module);
    return module && frame.offset ? `${module}+${frame.offset.toLowerCase()}` : null;
  }
  // '' stands for "no signature" in the memo
  const sig = memo(signatureMemo, frame.module + '\u0001' + frame.function, () => symbolSignature(frame.module!, frame.function!) ?? '');
  return sig === '' ? null : sig;
}

const signatureMemo = new Map<string, string>();

function symbolSignature(rawModule: string, rawFunction: string): string | null {
  const module = normalizeModule(rawModule);
  if (!module || isOutlinedChunk(rawFunction)) return null;
  const fn = normalizeFunction(rawFunction);
  if (!fn || (SYSTEM_MODULES.has(module) && SKIPPED_FUNCTIONS.has(fn))) return null;
  return `${module}!${fn}`;
}

/** Frames considered per stack: enough for every real fault, bounded for the alignment cost. */
export const MAX_SIGNATURE_FRAMES = 48;

/** One matchable frame: its signature and the index of the frame in the report's stack. */
export interface SignedFrame {
  signature: string;
  frameIndex: number;
}

/**
 * The matchable frames of a stack, top first: skipped frames left out,
 * direct recursion (the same signature repeated) collapsed to one, at most
 * MAX_SIGNATURE_FRAMES.
 */
export function signedFrames(frames: readonly StackFrame[]): SignedFrame[] {
  const out: SignedFrame[] = [];
  for (let i = 0; i < frames.length && out.length < MAX_SIGNATURE_FRAMES; i++) {
    const sig = frameSignature(frames[i]!);
    if (sig === null) continue;
    if (out.length > 0 && out[out.length - 1]!.signature === sig) continue;
    out.push({ signature: sig, frameIndex: i });
  }
  return out;
}

export function stackSignature(report: Pick<CrashReport, 'stack'>): string[] {
  return signedFrames(report.stack).map((f) => f.signature);
}

/**
 * The module !analyze would blame: the first matchable frame outside the
 * kernel core (nt, hal, ntdll, kernelbase), else the first matchable frame.
 */
export function faultingModule(report: Pick<CrashReport, 'stack'>): string | undefined {
  let first: string | undefined;
  for (const frame of report.stack) {
    if (frameSignature(frame) === null || !frame.module) continue;
    const m = normalizeModule(frame.module);
    first ??= m;
    if (!CORE_MODULES.has(m)) return m;
  }
  return first;
}
