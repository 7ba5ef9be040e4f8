import { hex, parseHex, windbgAddress } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import type { Arch, StackFrame } from '../model/report';
import type { WalkedFrame } from './frame';
import { imageFileName } from './module-map';
import { crashingThread } from './walk';

/** WinDbg's call-site text: module!function+0x51, module+0x1234, or the bare address. */
export function callSite(frame: StackFrame, bits: 32 | 64 = 64): string {
  if (frame.module && frame.function) {
    const off = frame.offset && frame.offset !== '0x0' ? `+${frame.offset}` : '';
    return `${frame.module}!${frame.function}${off}`;
  }
  if (frame.module) return `${frame.module}+${frame.offset ?? '0x0'}`;
  return windbgAddress(frame.address, bits);
}

/**
 * WinDbg `k` output: "Child-SP RetAddr Call Site" (x64, ARM64) or
 * "ChildEBP RetAddr Call Site" (x86), one line per frame, header first.
 * `numbers` gives `kn` (frame numbers), `args` gives `kb` (Args to Child).
 */
export function formatWinDbgStack(frames: readonly StackFrame[], arch: Arch, options: { numbers?: boolean; args?: boolean } = {}): string[] {
  const bits = arch === 'x86' ? 32 : 64;
  const width = bits === 32 ? 8 : 17;
  const argsWidth = (width + 1) * (arch === 'x86' ? 3 : 4) - 1;
  let header = arch === 'x86' ? 'ChildEBP RetAddr  ' : 'Child-SP          RetAddr           ';
  if (options.args) header += `: ${'Args to Child'.padEnd(argsWidth)} : `;
  header += 'Call Site';
  const lines = [(options.numbers ? ' # ' : '') + header];
  for (const f of frames) {
    const regs = (f as Partial<WalkedFrame>).registers;
    const child = arch === 'x86' ? (regs?.ebp ?? f.sp) : f.sp;
    let col1 = child !== undefined ? windbgAddress(child, bits) : '?'.repeat(width);
    let col2 = f.returnAddress !== undefined ? windbgAddress(f.returnAddress, bits) : windbgAddress(0n, bits);
    // WinDbg gives an inlined call no frame of its own: "(Inline Function) --------`--------".
    if (f.inline) [col1, col2] = bits === 32 ? ['(Inline)', '--------'] : ['(Inline Function)', '--------`--------'];
    let site = callSite(f, bits);
    if (f.file !== undefined && f.line !== undefined) site += ` [${f.file} @ ${f.line}]`;
    if (f.trust === 'trap-frame' && f.sp !== undefined) site += ` (TrapFrame @ ${windbgAddress(f.sp, bits)})`;
    let line = options.numbers ? `${f.index.toString(16).padStart(2, '0')} ` : '';
    line += `${col1} ${col2} `;
    if (options.args) line += `: ${(f.inline ? [] : (f.args ?? [])).map((a) => windbgAddress(a, bits)).join(' ').padEnd(argsWidth)} : `;
    lines.push(line + site);
  }
  return lines;
}

const TRUST_TEXT: Record<string, string> = {
  context: 'given as instruction pointer in context',
  cfi: 'call frame info',
  epilogue: "emulating the function's epilogue",
  'trap-frame': 'the trap frame under the fault context',
  'frame-pointer': "previous frame's frame pointer",
  scan: 'stack scanning',
  prewalked: 'recovered by external stack walker',
  transcript: 'read from a debugger transcript',
};

const REGISTER_ORDER: Record<Arch, string[]> = {
  x86: ['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'eflags'],
  x64: ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'],
  arm64: [...Array.from({ length: 29 }, (_, i) => `x${i}`), 'fp', 'lr', 'sp', 'pc'],
};
const SHORT_NAME: Record<string, string> = { eflags: 'efl' };
const MAX_WIDTH = 80;

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

function registerLines(f: WalkedFrame, arch: Arch): string {
  const bits = arch === 'x86' ? 8 : 16;
  let out = '\n ';
  let col = 0;
  for (const name of REGISTER_ORDER[arch]) {
    const v = f.registers[name];
    if (v === undefined) continue;
    // Breakpad prints caller-saved x86 registers only for a full context.
    if (arch === 'x86' && f.trust !== 'context' && ['eax', 'ecx', 'edx', 'eflags'].includes(name)) continue;
    const text = ` ${(SHORT_NAME[name] ?? name).padStart(5)} = 0x${parseHex(v).toString(16).padStart(bits, '0')}`;
    if (col + text.length > MAX_WIDTH) {
      col = 0;
      out += '\n ';
    }
    out += text;
    col += text.length;
  }
  return out;
}

/**
 * One frame's heading as minidump_stackwalk prints it. Breakpad builds an
 * inline frame as a plain StackFrame copy, whose ReturnAddress() is its
 * lookup address: pc-1 for callers, so their offsets are one less.
 */
export function breakpadFrameHeader(f: WalkedFrame): string {
  let s = `${String(f.index).padStart(2)}  `;
  const pc = parseHex(f.address) - (f.inline && f.trust !== 'context' ? 1n : 0n);
  if (f.moduleFile !== undefined && f.moduleBase !== undefined) {
    s += f.moduleFile;
    if (f.function !== undefined) {
      s += `!${f.function}`;
      if (f.file !== undefined && f.line !== undefined && f.lineStart !== undefined) {
        const lineAddr = parseHex(f.moduleBase) + parseHex(f.lineStart);
        s += ` [${basename(f.file)} : ${f.line} + ${hex(pc - lineAddr)}]`;
      } else if (f.inline && f.functionStart !== undefined) {
        s += ` + ${hex(pc - parseHex(f.moduleBase) - parseHex(f.functionStart))}`;
      } else {
        s += ` + ${f.offset ?? '0x0'}`;
      }
    } else {
      s += ` + ${hex(pc - parseHex(f.moduleBase))}`;
    }
  } else {
    s += hex(pc);
  }
  return s;
}

/** The "Thread N (crashed)" block of minidump_stackwalk: frame headings, registers, "Found by". */
export function formatBreakpadThread(frames: readonly WalkedFrame[], arch: Arch, threadIndex: number, crashed = true): string {
  let out = `Thread ${threadIndex}${crashed ? ' (crashed)' : ''}\n`;
  if (frames.length === 0) out += ' <no frames>\n';
  for (const f of frames) {
    // Breakpad prints no registers for an inlined call, and says it was found by its inline record.
    if (f.inline) out += breakpadFrameHeader(f) + '\n \n    Found by: inline record\n';
    else out += breakpadFrameHeader(f) + registerLines(f, arch) + `\n    Found by: ${TRUST_TEXT[f.trust] ?? f.trust}\n`;
  }
  return out;
}

function crashReason(parsed: ParsedDump): string | undefined {
  const e = parsed.report.exception;
  if (!e) return undefined;
  if (parseHex(e.code) === 0xc0000005n) {
    const kind = e.accessType === 'write' ? '_WRITE' : e.accessType === 'execute' ? '_EXEC' : e.accessType === 'read' ? '_READ' : '';
    return `EXCEPTION_ACCESS_VIOLATION${kind}`;
  }
  return e.name ?? e.code;
}

/**
 * minidump_stackwalk-like text for a walked crashing thread: system and
 * crash summary, the thread block, and the loaded modules (with a warning
 * for modules on the stack that had no symbols).
 */
export function formatBreakpadStack(parsed: ParsedDump, frames: readonly WalkedFrame[]): string {
  const r = parsed.report;
  const arch = r.context?.arch ?? r.system.arch ?? 'x86';
  const lines: string[] = [];
  lines.push(`Operating system: Windows NT`);
  lines.push(`                  ${[r.system.osVersion, r.system.csdVersion].filter(Boolean).join(' ')}`);
  lines.push(`CPU: ${arch === 'x64' ? 'amd64' : arch}`);
  if (r.system.cpu) lines.push(`     ${r.system.cpu}`);
  if (r.system.processors !== undefined) lines.push(`     ${r.system.processors} CPU${r.system.processors !== 1 ? 's' : ''}`);
  lines.push('');
  lines.push('GPU: UNKNOWN');
  lines.push('');
  const reason = crashReason(parsed);
  if (reason && r.exception) {
    lines.push(`Crash reason:  ${reason}`);
    lines.push(`Crash address: ${hex(parseHex(r.exception.accessAddress ?? r.exception.address))}`);
    if (r.exception.parameters?.length) {
      lines.push('Crash parameters:');
      for (const p of r.exception.parameters) lines.push(`    value: 0x${parseHex(p).toString(16).padStart(16, '0')}  description: `);
    }
  } else {
    lines.push('No crash');
  }
  lines.push(r.uptimeSeconds !== undefined ? `Process uptime: ${r.uptimeSeconds} seconds` : 'Process uptime: not available');
  lines.push('');
  const thread = crashingThread(parsed);
  const index = thread ? r.threads.indexOf(thread) : 0;
  let out = lines.join('\n') + '\n' + formatBreakpadThread(frames, arch, Math.max(0, index), reason !== undefined);
  const missing = new Set(frames.filter((f) => f.moduleHasSymbols === false && f.moduleFile).map((f) => f.moduleFile!.toLowerCase()));
  out += '\nLoaded modules:\n';
  const main = r.modules.find((m) => !m.unloaded);
  const sorted = r.modules.filter((m) => !m.unloaded).sort((a, b) => (parseHex(a.base) < parseHex(b.base) ? -1 : 1));
  sorted.forEach((m) => {
    const base = parseHex(m.base);
    const end = base + parseHex(m.size) - 1n;
    const file = imageFileName(m.name);
    let line = `0x${base.toString(16).padStart(8, '0')} - 0x${end.toString(16).padStart(8, '0')}  ${file}  ${m.version ?? '???'}`;
    if (m === main) line += '  (main)';
    if (missing.has(file.toLowerCase())) line += `  (WARNING: No symbols, ${basename(m.debugFile ?? '')}, ${m.debugId ?? ''})`;
    out += line + '\n';
  });
  return out;
}
