import type { StackFrame } from '../model/report';

/**
 * A frame as the walker produces it: the report's StackFrame plus the
 * registers recovered for it (what Breakpad prints under each frame) and
 * the addresses the formatters need. `toReportFrames` strips the extras.
 */
export interface WalkedFrame extends StackFrame {
  /** Registers known for this frame, lower-case names, as hex. */
  registers: Record<string, string>;
  /** Image file name of the module (e.g. test_app.exe), when the address is in one. */
  moduleFile?: string;
  /** Module-relative address of the function start, when a symbol was found. */
  functionStart?: string;
  /** Module-relative address of the source line start, when known. */
  lineStart?: string;
  /** Module base, when the address is in a module. */
  moduleBase?: string;
  /** Whether the module had symbols (undefined when the address is in no module). */
  moduleHasSymbols?: boolean;
}

/** The report's contract fields only (index, address, module, function, offset, file, line, sp, returnAddress, trust). */
export function toReportFrames(frames: readonly StackFrame[]): StackFrame[] {
  return frames.map((f) => {
    const out: StackFrame = { index: f.index, address: f.address, trust: f.trust };
    if (f.module !== undefined) out.module = f.module;
    if (f.function !== undefined) out.function = f.function;
    if (f.offset !== undefined) out.offset = f.offset;
    if (f.file !== undefined) out.file = f.file;
    if (f.line !== undefined) out.line = f.line;
    if (f.sp !== undefined) out.sp = f.sp;
    if (f.returnAddress !== undefined) out.returnAddress = f.returnAddress;
    if (f.args !== undefined) out.args = f.args;
    if (f.inline !== undefined) out.inline = f.inline;
    if (f.provenance !== undefined) out.provenance = f.provenance;
    return out;
  });
}
