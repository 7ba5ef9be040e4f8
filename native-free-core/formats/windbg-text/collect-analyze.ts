import type { Hex } from '../../model/hex';
import { parseAnalyze } from './analyze';
import { parseInstructionLine } from './disassembly';
import { parseExceptionRecord } from './misc';
import { parseRegisterLine, readRegisterRun } from './registers';
import { parseStack } from './stack';
import type { Line } from './text-lines';
import type { RegisterBlock } from './types';
import { hexOf } from './values';
import { pcOf, warn, type Collected, type CollectedAnalysis, type CollectedStack } from './collected';
import { readInstructionsAfter, sniff } from './sniff';

/** One !analyze output (or KEY lines joined to it): its keys, and the stack, registers, instructions and exception record inside. */
export function handleAnalyze(c: Collected, out: Line[], continuation: boolean): void {
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
    for (const l of s.unparsed.filter((x) => /^\s*WARNING:/i.test(x.text)).slice(0, 5)) warn(c, `line ${l.no}: the debugger warned: ${l.text.trim().slice(0, 160)}`);
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

