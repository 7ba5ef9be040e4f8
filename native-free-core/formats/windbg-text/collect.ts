import { hex } from '../../model/hex';
import { looksLikeAnalyze } from './analyze';
import { splitCommands, type CommandBlock } from './commands';
import { parseDisassembly } from './disassembly';
import { parseDt } from './dt';
import { parseMemoryDump } from './memory';
import { parseBugcheckCommand, parseEventLine, parseExceptionRecord, parseExpression, parseTargetLines } from './misc';
import { parseModules } from './modules';
import { parsePool } from './pool';
import { parseRegisterLine, readRegisterRun } from './registers';
import { parseStack } from './stack';
import { MAX_LINE_LENGTH, splitLines, type Line } from './text-lines';
import type { RegisterBlock, TranscriptCommand } from './types';
import { hexOf } from './values';
import { keepRaw, pcOf, warn, warnUnparsed, type Collected, type CollectedStack } from './collected';
import { handleAnalyze } from './collect-analyze';
import { readInstructionsAfter, sniff } from './sniff';

export type { Collected, CollectedAnalysis, CollectedStack } from './collected';

const MAX_WARNINGS = 200;

/** Reads a transcript command by command into a Collected. Never throws for a block: a block that fails becomes raw text and a warning. */
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
        warnUnparsed(c, block, sniff(c, s.unparsed, label));
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
      warnUnparsed(c, block, sniff(c, d.unparsed, label));
      return contextSwitched;
    }
    case 'memory': {
      const m = parseMemoryDump(block.verb, out);
      for (const ch of m.chunks) c.dataChunks.push({ ...ch, source: label });
      for (const u of m.unreadable) c.unreadable.push({ address: hex(u.address), size: u.size, line: u.line });
      warnUnparsed(c, block, sniff(c, m.unparsed, label));
      return contextSwitched;
    }
    case 'pool': {
      const p = parsePool(block.args, out);
      c.pools.push(p.pool);
      warnUnparsed(c, block, sniff(c, p.unparsed, label));
      return contextSwitched;
    }
    case 'type': {
      const t = parseDt(block.args, out);
      c.types.push(t.type);
      warnUnparsed(c, block, sniff(c, t.unparsed, label));
      return contextSwitched;
    }
    case 'modules': {
      const m = parseModules(out);
      c.modules.push(...m.modules);
      warnUnparsed(c, block, sniff(c, m.unparsed, label));
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

