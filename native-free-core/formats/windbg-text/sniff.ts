import { parseEventLine, parseFatalSystemError, parseKernelEventLine, parseTargetLines } from './misc';
import { parseDisassembly, parseInstructionLine, parseLabelLine } from './disassembly';
import { parseRegisterLine, readRegisterRun } from './registers';
import { isHeaderlessStackRow, isWrappedStackTail, looksLikeStackHeader, parseStack } from './stack';
import type { Line } from './text-lines';
import type { RegisterBlock } from './types';
import type { Collected, CollectedStack } from './collected';

/** The label + instruction lines printed under a register dump. */
export function readInstructionsAfter(c: Collected, rest: Line[], rb: RegisterBlock | null, source: string): Line[] {
  const { instructions, unparsed } = parseDisassembly(rest, (label) => {
    if (rb) rb.symbol ??= label;
  });
  for (const ins of instructions) c.instructions.push({ ...ins, source });
  return unparsed;
}

/**
 * Finds what it can in text that has no command of its own: event lines, a
 * "Fatal System Error", target banners, register dumps, stack tables and
 * label + instruction listings. Returns the lines it did not understand.
 */
export function sniff(c: Collected, lines: Line[], source: string): Line[] {
  const unparsed: Line[] = [];
  let label: string | undefined;
  let thread: CollectedStack['thread'];
  let i = 0;
  const fatal = parseFatalSystemError(lines);
  if (fatal) c.bugcheckCommands.push({ ...fatal, source: 'Fatal System Error' });
  const target = parseTargetLines(lines);
  if (target) c.targets.push(target);
  /** Lines from..to-1 as a stack table of the current thread. */
  const collectStack = (from: number, to: number) => {
    const s = parseStack(lines.slice(from, to));
    if (s.rows.length > 0) c.stacks.push({ source, rows: s.rows, lines: [lines[from]!.no, lines[to - 1]!.no], afterContextSwitch: false, fromAnalyze: false, ...(thread ? { thread } : {}) });
    unparsed.push(...s.unparsed);
  };
  while (i < lines.length) {
    const l = lines[i]!;
    const t = l.text;
    if (t.trim() === '') {
      i++;
      continue;
    }
    // `!thread` / `!process` print "THREAD fffffa80... Cid 0abc.0def ..." above each thread's stack.
    const th = /^\s*THREAD\s+[0-9a-f`]{8,17}\s+Cid\s+([0-9a-f]{1,8})\.([0-9a-f]{1,8})\b/i.exec(t);
    if (th) {
      thread = { ordinal: 0, processId: parseInt(th[1]!, 16), threadId: parseInt(th[2]!, 16) };
      i++;
      continue;
    }
    if (fatal && l.no >= fatal.lines[0] && l.no <= fatal.lines[1]) {
      i++;
      continue;
    }
    const ev = parseEventLine(l);
    if (ev) {
      c.events.push(ev);
      i++;
      continue;
    }
    const kev = parseKernelEventLine(l);
    if (kev) {
      c.kernelEvents.push(kev);
      i++;
      continue;
    }
    if (looksLikeStackHeader(t)) {
      let j = i + 1;
      while (j < lines.length && lines[j]!.text.trim() !== '' && lines[j]!.no === lines[j - 1]!.no + 1) j++;
      collectStack(i, j);
      i = j;
      continue;
    }
    if (isHeaderlessStackRow(t)) {
      let j = i + 1;
      while (j < lines.length && lines[j]!.no === lines[j - 1]!.no + 1 && (isHeaderlessStackRow(lines[j]!.text) || isWrappedStackTail(lines[j]!.text))) j++;
      if (j - i >= 2) {
        collectStack(i, j);
        i = j;
        continue;
      }
    }
    if (parseRegisterLine(t)) {
      const run = readRegisterRun(lines, i)!;
      const rb: RegisterBlock = { source: 'text', registers: run.registers, lines: [run.firstLine, run.lastLine] };
      if (run.flagsText) rb.flagsText = run.flagsText;
      c.registerBlocks.push(rb);
      c.registerLines.push(run.registerLines);
      i = run.end;
      // the label and instruction that follow a register dump
      let k = i;
      while (k < lines.length && k < i + 2) {
        const lab = parseLabelLine(lines[k]!.text);
        if (lab) {
          rb.symbol ??= lab;
          label = lab;
          k++;
          continue;
        }
        break;
      }
      i = k;
      continue;
    }
    const lab = parseLabelLine(t);
    if (lab) {
      label = lab;
      i++;
      continue;
    }
    const ins = parseInstructionLine(t, l.no, label);
    if (ins) {
      c.instructions.push({ ...ins, source: source === 'text' ? 'listing' : source });
      label = undefined;
      i++;
      continue;
    }
    if (!isDebuggerChatter(t)) unparsed.push(l);
    i++;
  }
  return unparsed;
}

/** Banner and progress lines every debugger session prints; they carry nothing to read, so they are not warned about. */
const CHATTER = /^\s*(?:A fatal system error has occurred|Debugger entered on first try|Loading (?:Kernel|User) Symbols|Loading unloaded module list|Loading Dump File|Microsoft \(R\) Windows Debugger|Copyright \(c\)|Kernel Debugger connection|Symbol search path is|Executable search path is|Product: |Edition build lab|Machine Name:|Debug session time|System Uptime|Process Uptime|(?:Mini|Kernel Summary|Kernel Bitmap|Kernel Complete|User Mini) (?:Kernel )?Dump File|Use !analyze -v|Probably caused by|Followup:|Resetting default (?:scope|context)|Last set context:|\.{3,}\s*$|-{3,}\s*$)/i;

export function isDebuggerChatter(text: string): boolean {
  return CHATTER.test(text);
}
