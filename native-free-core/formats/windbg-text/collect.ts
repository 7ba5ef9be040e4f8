import type { Hex } from '../../model/hex';
import type { ModuleInfo } from '../../model/report';
import { looksLikeAnalyze, parseAnalyze, type AnalyzeParse } from './analyze';
import { splitCommands, type CommandBlock } from './commands';
import { parseDisassembly, parseInstructionLine, parseLabelLine, type ParsedInstruction } from './disassembly';
import { parseDt } from './dt';
import { parseMemoryDump, type MemoryChunk } from './memory';
import { parseBugcheckCommand, parseEventLine, parseExceptionRecord, parseExpression, parseFatalSystemError, parseKernelEventLine, parseTargetLines, type ExceptionRecordText } from './misc';
import { parseModules } from './modules';
import { parsePool } from './pool';
import { readRegisterRun, parseRegisterLine } from './registers';
import { isHeaderlessStackRow, isWrappedStackTail, looksLikeStackHeader, parseStack, type StackRow } from './stack';
import { MAX_LINE_LENGTH, splitLines, type Line } from './text-lines';
import type { ExpressionResult, LastEvent, PoolOutput, RawBlock, RegisterBlock, TargetInfo, TranscriptCommand, TypeOutput, UnreadableMemory } from './types';
import { hexOf } from './values';
import { hex } from '../../model/hex';

export interface CollectedStack {
  source: string;
  rows: StackRow[];
  lines: [number, number];
  /** a k command issued after .cxr/.trap/.ecxr: it describes the fault. */
  afterContextSwitch: boolean;
  fromAnalyze: boolean;
  /** the pc of the context in effect (after .cxr/.trap, or !analyze's CONTEXT/TRAP_FRAME): frame 0's address. */
  contextPc?: Hex;
  /** a thread's listing inside `~*k` output. */
  thread?: { ordinal: number; processId: number; threadId: number; marker?: 'current' | 'exception' };
}

export interface CollectedInstruction extends ParsedInstruction {
  source: string;
}

export interface CollectedChunk extends MemoryChunk {
  source: string;
}

export interface CollectedAnalysis extends AnalyzeParse {
  /** the fault instruction named by FAULTING_IP. */
  faultingIp?: { symbol?: string; address?: Hex; line: number };
  lastControlTransfer?: { from: Hex; to: Hex; line: number };
}

/** Everything the transcript holds, before it is turned into a report. */
export interface Collected {
  commands: TranscriptCommand[];
  analyses: CollectedAnalysis[];
  stacks: CollectedStack[];
  registerBlocks: RegisterBlock[];
  /** registers by line, per block (same order as registerBlocks). */
  registerLines: Record<string, number>[];
  instructions: CollectedInstruction[];
  dataChunks: CollectedChunk[];
  unreadable: UnreadableMemory[];
  pools: PoolOutput[];
  types: TypeOutput[];
  modules: ModuleInfo[];
  bugcheckCommands: { code?: Hex; args: Hex[]; lines: [number, number]; source: string }[];
  exceptionRecords: (ExceptionRecordText & { source: string })[];
  events: LastEvent[];
  kernelEvents: LastEvent[];
  lastEvent?: LastEvent;
  targets: TargetInfo[];
  expressions: ExpressionResult[];
  rawBlocks: RawBlock[];
  warnings: string[];
  /** working state while reading: the pc of the last .cxr/.trap/.ecxr register dump. */
  contextPc?: Hex | undefined;
}

const MAX_WARNINGS = 200;

function pcOf(registers: Record<string, Hex>): Hex | undefined {
  return registers['rip'] ?? registers['eip'];
}

export function collect(text: string): Collected {
  const c: Collected = {
    commands: [], analyses: [], stacks: [], registerBlocks: [], registerLines: [], instructions: [], dataChunks: [], unreadable: [],
    pools: [], types: [], modules: [], bugcheckCommands: [], exceptionRecords: [], events: [], kernelEvents: [], targets: [], expressions: [], rawBlocks: [], warnings: [],
  };
  const longLines: number[] = [];
  const lines = splitLines(text, longLines);
  if (longLines.length > 0) warn(c, `line ${longLines[0]}: ${longLines.length} line${longLines.length === 1 ? ' is' : 's are'} longer than ${MAX_LINE_LENGTH} characters; only the start of each is read`);
  const blocks = splitCommands(lines);
  let contextSwitched = false;
  for (const block of blocks) {
    const cmd: TranscriptCommand = { prompt: block.prompt, command: block.command, firstLine: block.firstLine, lastLine: block.lastLine, kind: block.kind };
    if (block.comment) cmd.comment = block.comment;
    c.commands.push(cmd);
    try {
      contextSwitched = handleBlock(c, block, contextSwitched);
    } catch (e) {
      warn(c, `line ${block.firstLine}: output of "${block.command || 'text'}" could not be read (${e instanceof Error ? e.message : String(e)}); kept as text`);
      keepRaw(c, block);
    }
  }
  if (c.warnings.length > MAX_WARNINGS) {
    const dropped = c.warnings.length - MAX_WARNINGS;
    c.warnings.length = MAX_WARNINGS;
    c.warnings.push(`${dropped} more warnings not shown`);
  }
  return c;
}

function warn(c: Collected, message: string): void {
  c.warnings.push(message);
}

function keepRaw(c: Collected, block: CommandBlock): void {
  c.rawBlocks.push({ command: block.command, lines: [block.firstLine, block.lastLine], text: block.output.map((l) => l.text).join('\n') });
}

function warnUnparsed(c: Collected, block: CommandBlock, unparsed: Line[]): void {
  const meaningful = unparsed.filter((l) => l.text.trim() !== '' && l.text.trim() !== '...');
  if (meaningful.length === 0) return;
  const first = meaningful[0]!;
  const what = block.command ? `"${block.command}"` : 'the text before the first prompt';
  const n = meaningful.length;
  warn(c, `line ${first.no}: ${n} line${n === 1 ? '' : 's'} of ${what} not understood (first: "${first.text.trim().slice(0, 80)}")`);
}

const THREAD_HEADER = /^\s*([.#])?\s*(\d{1,5})\s+Id:\s*([0-9a-f]{1,8})\.([0-9a-f]{1,8})\b/i;

/** `~*k` prints one listing per thread under "  1  Id: 1450.1a2c Suspend: ..." headers ('.' current, '#' the exception's thread). */
function splitThreads(out: Line[]): { lines: Line[]; header?: number; thread?: CollectedStack['thread'] }[] {
  const segments: { lines: Line[]; header?: number; thread?: CollectedStack['thread'] }[] = [{ lines: [] }];
  for (const line of out) {
    const m = THREAD_HEADER.exec(line.text);
    if (m) {
      const thread: NonNullable<CollectedStack['thread']> = { ordinal: Number(m[2]), processId: parseInt(m[3]!, 16), threadId: parseInt(m[4]!, 16) };
      if (m[1] === '.') thread.marker = 'current';
      if (m[1] === '#') thread.marker = 'exception';
      segments.push({ lines: [], header: line.no, thread });
      continue;
    }
    segments[segments.length - 1]!.lines.push(line);
  }
  return segments.filter((seg) => seg.lines.length > 0 || seg.thread);
}

/** Returns whether a context switch (.cxr/.trap/.ecxr) is now in effect. */
function handleBlock(c: Collected, block: CommandBlock, contextSwitched: boolean): boolean {
  const out = block.output;
  const label = block.command || 'text';
  switch (block.kind) {
    case 'preamble': {
      if (looksLikeAnalyze(out)) handleAnalyze(c, out, false);
      else {
        const unparsed = sniff(c, out, 'text');
        if (unparsed.length === out.filter((l) => l.text.trim() !== '').length) keepRaw(c, block);
        warnUnparsed(c, block, unparsed);
      }
      return contextSwitched;
    }
    case 'analyze':
      handleAnalyze(c, out, false);
      return contextSwitched;
    case 'stack': {
      for (const seg of splitThreads(out)) {
        const s = parseStack(seg.lines);
        if (s.rows.length > 0) {
          const first = seg.header ?? seg.lines[0]!.no;
          const last = seg.lines[seg.lines.length - 1]?.no ?? first;
          const st: CollectedStack = { source: block.command, rows: s.rows, lines: seg.thread ? [first, last] : [block.firstLine, block.lastLine], afterContextSwitch: contextSwitched && !seg.thread, fromAnalyze: false };
          if (seg.thread) st.thread = seg.thread;
          else if (contextSwitched && c.contextPc !== undefined) st.contextPc = c.contextPc;
          c.stacks.push(st);
        }
        warnUnparsed(c, block, s.unparsed);
      }
      return contextSwitched;
    }
    case 'registers': {
      const found = handleRegisters(c, block.verb, block.args, out, label, block);
      if (block.verb === '.cxr' || block.verb === '.trap' || block.verb === '.ecxr') return block.args !== '' || found ? true : false;
      return contextSwitched;
    }
    case 'exception-record': {
      const r = parseExceptionRecord(out);
      if (r) c.exceptionRecords.push({ ...r, source: label });
      else keepRaw(c, block);
      return contextSwitched;
    }
    case 'disassembly': {
      const d = parseDisassembly(out);
      for (const ins of d.instructions) c.instructions.push({ ...ins, source: label });
      warnUnparsed(c, block, d.unparsed);
      return contextSwitched;
    }
    case 'memory': {
      const m = parseMemoryDump(block.verb, out);
      for (const ch of m.chunks) c.dataChunks.push({ ...ch, source: label });
      for (const u of m.unreadable) c.unreadable.push({ address: hex(u.address), size: u.size, line: u.line });
      warnUnparsed(c, block, m.unparsed);
      return contextSwitched;
    }
    case 'pool': {
      const p = parsePool(block.args, out);
      c.pools.push(p.pool);
      warnUnparsed(c, block, p.unparsed);
      return contextSwitched;
    }
    case 'type': {
      const t = parseDt(block.args, out);
      c.types.push(t.type);
      warnUnparsed(c, block, t.unparsed);
      return contextSwitched;
    }
    case 'modules': {
      const m = parseModules(out);
      c.modules.push(...m.modules);
      warnUnparsed(c, block, m.unparsed);
      return contextSwitched;
    }
    case 'bugcheck': {
      const b = parseBugcheckCommand(out);
      if (b) c.bugcheckCommands.push({ ...b, source: '.bugcheck' });
      else keepRaw(c, block);
      return contextSwitched;
    }
    case 'vertarget': {
      const t = parseTargetLines(out);
      if (t) c.targets.push(t);
      else keepRaw(c, block);
      return contextSwitched;
    }
    case 'lastevent': {
      for (const l of out) {
        const e = parseEventLine(l);
        if (e) {
          c.lastEvent = e;
          c.events.push(e);
          break;
        }
      }
      if (!c.lastEvent) keepRaw(c, block);
      return contextSwitched;
    }
    case 'expression': {
      const expr = block.command.replace(/^\?\s*/, '');
      const r = parseExpression(expr, out);
      if (r) c.expressions.push(r);
      else keepRaw(c, block);
      return contextSwitched;
    }
    case 'raw': {
      if (looksLikeAnalyze(out, true)) {
        // e.g. !ruleinfo followed by the rest of the !analyze output the docs joined to it.
        handleAnalyze(c, out, true);
        keepRaw(c, block);
        return contextSwitched;
      }
      keepRaw(c, block);
      const unparsed = sniff(c, out, label);
      if (out.some((l) => l.text.trim() !== '') && unparsed.length > 0) {
        warn(c, `line ${block.firstLine}: command "${block.command}" is not interpreted; its output is kept as text`);
      }
      return contextSwitched;
    }
    default:
      keepRaw(c, block);
      return contextSwitched;
  }
}

function handleRegisters(c: Collected, verb: string, args: string, out: Line[], label: string, block: CommandBlock): boolean {
  const start = out.findIndex((l) => parseRegisterLine(l.text) !== null);
  if (start < 0) {
    const meaningful = out.filter((l) => l.text.trim() !== '' && !/^(Resetting default (scope|context)|Last set context:)/i.test(l.text.trim()));
    if (meaningful.length > 0) {
      keepRaw(c, block);
      warnUnparsed(c, block, meaningful);
    }
    return false;
  }
  const run = readRegisterRun(out, start)!;
  const rb: RegisterBlock = { source: verb === 'r' ? 'r' : verb, registers: run.registers, lines: [run.firstLine, run.lastLine] };
  const a = /^(?:0x)?([0-9a-f`]+)/i.exec(args);
  if (a && verb !== 'r') {
    const v = hexOf(a[1]!);
    if (v !== null) rb.address = v;
  }
  if (run.flagsText) rb.flagsText = run.flagsText;
  const rest = out.slice(run.end);
  const unparsed = readInstructionsAfter(c, rest, rb, label);
  c.registerBlocks.push(rb);
  c.registerLines.push(run.registerLines);
  if (verb !== 'r') c.contextPc = pcOf(rb.registers);
  warnUnparsed(c, block, unparsed.filter((l) => !/^(Resetting default (scope|context)|Last set context:)/i.test(l.text.trim())));
  return true;
}

/** The label + instruction lines printed under a register dump. */
function readInstructionsAfter(c: Collected, rest: Line[], rb: RegisterBlock | null, source: string): Line[] {
  const unparsed: Line[] = [];
  let label: string | undefined;
  for (const l of rest) {
    if (l.text.trim() === '') continue;
    const lab = parseLabelLine(l.text);
    if (lab) {
      label = lab;
      if (rb) rb.symbol ??= lab;
      continue;
    }
    const ins = parseInstructionLine(l.text, l.no, label);
    if (ins) {
      c.instructions.push({ ...ins, source });
      label = undefined;
      continue;
    }
    unparsed.push(l);
  }
  return unparsed;
}

function handleAnalyze(c: Collected, out: Line[], continuation: boolean): void {
  const ap: CollectedAnalysis = parseAnalyze(out);
  const primary = c.analyses[0];
  if (continuation && primary) {
    for (const [k, v] of Object.entries(ap.output.values)) {
      if (k in primary.output.values) continue;
      primary.output.values[k] = v;
      primary.output.valueLines[k] = ap.output.valueLines[k]!;
      primary.valueBody[k] = ap.valueBody[k]!;
    }
  } else {
    c.analyses.push(ap);
  }
  const source = '!analyze';
  const body = ap.valueBody;
  let analyzePc: Hex | undefined;
  for (const key of ['CONTEXT', 'TRAP_FRAME', 'EXCEPTION_CONTEXT']) {
    const b = body[key];
    if (!b) continue;
    const addr = /^([0-9a-f`]{8,17})\b/i.exec(b[0]!.text);
    const start = b.findIndex((l, i) => i > 0 && parseRegisterLine(l.text) !== null);
    if (start < 0) {
      if (addr) c.registerBlocks.push({ source: `!analyze ${key}`, address: hexOf(addr[1]!)!, registers: {}, lines: ap.output.valueLines[key]! }), c.registerLines.push({});
      continue;
    }
    const run = readRegisterRun(b, start)!;
    const rb: RegisterBlock = { source: `!analyze ${key}`, registers: run.registers, lines: [run.firstLine, run.lastLine] };
    if (addr) rb.address = hexOf(addr[1]!)!;
    if (run.flagsText) rb.flagsText = run.flagsText;
    readInstructionsAfter(c, b.slice(run.end), rb, `!analyze ${key}`);
    c.registerBlocks.push(rb);
    c.registerLines.push(run.registerLines);
    analyzePc ??= pcOf(rb.registers);
  }
  const stackBody = body['STACK_TEXT'];
  if (stackBody) {
    const s = parseStack(stackBody.slice(1));
    const bad = s.unparsed.filter((l) => !/^\s*WARNING:/i.test(l.text));
    if (bad.length > 0) warn(c, `line ${bad[0]!.no}: ${bad.length} STACK_TEXT line${bad.length === 1 ? '' : 's'} not understood (first: "${bad[0]!.text.trim().slice(0, 80)}")`);
    if (s.rows.length > 0) {
      const st: CollectedStack = { source: '!analyze STACK_TEXT', rows: s.rows, lines: ap.output.valueLines['STACK_TEXT']!, afterContextSwitch: false, fromAnalyze: true };
      // STACK_COMMAND ".cxr X ; kb" / ".trap X ; kb": the listing starts at that context's pc.
      if (analyzePc !== undefined && /\.(cxr|trap|ecxr)\b/i.test(ap.output.values['STACK_COMMAND'] ?? '')) st.contextPc = analyzePc;
      c.stacks.push(st);
    }
  }
  for (const key of ['FAULTING_IP', 'FOLLOWUP_IP']) {
    const b = body[key];
    if (!b) continue;
    let symbol: string | undefined;
    for (const l of b) {
      if (l.text.trim() === '') continue;
      const ins = parseInstructionLine(l.text, l.no, symbol);
      if (ins) {
        c.instructions.push({ ...ins, source: `!analyze ${key}` });
        if (key === 'FAULTING_IP' && !ap.faultingIp) {
          ap.faultingIp = { address: ins.line.address, line: l.no };
          if (symbol) ap.faultingIp.symbol = symbol;
        }
        break;
      }
      symbol = l.text.trim().replace(/\s*\[[^\]]*@[^\]]*\]\s*$/, '').replace(/\s+\.\.\.\s*$/, '').replace(/:$/, '');
    }
    if (key === 'FAULTING_IP' && !ap.faultingIp && symbol) ap.faultingIp = { symbol, line: ap.output.valueLines[key]![0] };
  }
  const exr = body['EXCEPTION_RECORD'];
  if (exr) {
    const r = parseExceptionRecord(exr);
    if (r) c.exceptionRecords.push({ ...r, source: `${source} EXCEPTION_RECORD` });
  }
  const lct = ap.output.values['LAST_CONTROL_TRANSFER'];
  if (lct) {
    const m = /from\s+([0-9a-f`]+)\s+to\s+([0-9a-f`]+)/i.exec(lct);
    if (m) ap.lastControlTransfer = { from: hexOf(m[1]!)!, to: hexOf(m[2]!)!, line: ap.output.valueLines['LAST_CONTROL_TRANSFER']![0] };
  }
  // Lines outside any KEY (banners, the u listing pasted after Followup:, event lines) may still say something.
  sniff(c, ap.otherLines, 'text');
}

/**
 * Finds what it can in text that has no command of its own: event lines, a
 * "Fatal System Error", target banners, register dumps, stack tables and
 * label + instruction listings. Returns the lines it did not understand.
 */
function sniff(c: Collected, lines: Line[], source: string): Line[] {
  const unparsed: Line[] = [];
  let label: string | undefined;
  let i = 0;
  const fatal = parseFatalSystemError(lines);
  if (fatal) c.bugcheckCommands.push({ ...fatal, source: 'Fatal System Error' });
  const target = parseTargetLines(lines);
  if (target) c.targets.push(target);
  while (i < lines.length) {
    const l = lines[i]!;
    const t = l.text;
    if (t.trim() === '') {
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
      const s = parseStack(lines.slice(i, j));
      if (s.rows.length > 0) c.stacks.push({ source, rows: s.rows, lines: [l.no, lines[j - 1]!.no], afterContextSwitch: false, fromAnalyze: false });
      unparsed.push(...s.unparsed);
      i = j;
      continue;
    }
    if (isHeaderlessStackRow(t)) {
      let j = i + 1;
      while (j < lines.length && lines[j]!.no === lines[j - 1]!.no + 1 && (isHeaderlessStackRow(lines[j]!.text) || isWrappedStackTail(lines[j]!.text))) j++;
      if (j - i >= 2) {
        const s = parseStack(lines.slice(i, j));
        if (s.rows.length > 0) c.stacks.push({ source, rows: s.rows, lines: [l.no, lines[j - 1]!.no], afterContextSwitch: false, fromAnalyze: false });
        unparsed.push(...s.unparsed);
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
    unparsed.push(l);
    i++;
  }
  return unparsed;
}
