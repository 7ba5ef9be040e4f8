import type { DecodedInstruction } from '../disasm/disassembler';
import { parseHex } from '../model/hex';
import type { AnalysisContext } from './types';
import { instructionFromText } from './text-instruction';

/** Longest function prefix decoded when walking back from a fault. */
const MAX_FUNCTION_BYTES = 0x4000;
/** Window tried when nothing tells where the function starts. */
const BOUNDED_WALK_BYTES = 0x60;
/** Bytes decoded after the fault, so jumps back into the walked range are seen. */
const AFTER_FAULT_BYTES = 0x200;

export interface CodeView {
  instructions: DecodedInstruction[];
  source: 'disassembler' | 'transcript';
  /** where decoding started; the function start when startKnown. */
  start: bigint;
  startKnown: boolean;
  /** index of the faulting instruction in `instructions`. */
  faultIndex: number;
}

/** Where the function holding `ip` starts: symbols/.pdata first, then frame 0's "function+offset". */
export function functionStart(ctx: AnalysisContext, ip: bigint): { start: bigint; end?: bigint } | undefined {
  const range = ctx.deps.functionRange?.(ip);
  if (range && range.start <= ip && ip - range.start <= BigInt(MAX_FUNCTION_BYTES)) return range;
  for (const frame of ctx.report.stack.slice(0, 3)) {
    if (!frame.function || !frame.offset) continue;
    try {
      if (parseHex(frame.address) !== ip) continue;
      const offset = parseHex(frame.offset);
      if (offset <= BigInt(MAX_FUNCTION_BYTES)) return { start: ip - offset };
    } catch {
      continue;
    }
  }
  return undefined;
}

function decodeRange(ctx: AnalysisContext, start: bigint, ip: bigint, after: number): DecodedInstruction[] | undefined {
  const dis = ctx.deps.disassembler;
  if (!dis) return undefined;
  const bitness = ctx.arch === 'x86' ? 32 : 64;
  const before = Number(ip - start);
  const head = ctx.memory.read(start, before + 1);
  if (!head) return undefined;
  let bytes = ctx.memory.read(start, before + after);
  if (!bytes) {
    const partial = ctx.memory.readPartial?.(start, before + after);
    bytes = partial && partial.length > before ? partial : head;
  }
  return dis.decode(bytes, start, bitness);
}

function fromDisassembler(ctx: AnalysisContext, ip: bigint): CodeView | undefined {
  const dis = ctx.deps.disassembler;
  if (!dis) return undefined;
  const known = functionStart(ctx, ip);
  const after = known?.end && known.end > ip ? Math.min(Number(known.end - ip), AFTER_FAULT_BYTES) : AFTER_FAULT_BYTES;
  if (known) {
    const list = decodeRange(ctx, known.start, ip, after);
    const idx = list?.findIndex((i) => i.address === ip) ?? -1;
    if (list && idx >= 0) return { instructions: list, source: 'disassembler', start: known.start, startKnown: true, faultIndex: idx };
  }
  // Bounded walk: the longest window whose linear decode lands exactly on ip.
  const bitness = ctx.arch === 'x86' ? 32 : 64;
  for (let back = BOUNDED_WALK_BYTES; back > 0; back--) {
    const start = ip - BigInt(back);
    const prefix = ctx.memory.read(start, back);
    if (!prefix) continue;
    const decoded = dis.decode(prefix, start, bitness);
    const last = decoded[decoded.length - 1];
    if (!last || last.invalid || last.address + BigInt(last.length) !== ip || decoded.some((i) => i.invalid)) continue;
    const list = decodeRange(ctx, start, ip, after);
    const idx = list?.findIndex((i) => i.address === ip) ?? -1;
    if (list && idx >= 0) return { instructions: list, source: 'disassembler', start, startKnown: false, faultIndex: idx };
  }
  const only = decodeRange(ctx, ip, ip, after);
  if (only && only[0]?.address === ip && !only[0].invalid) return { instructions: only, source: 'disassembler', start: ip, startKnown: false, faultIndex: 0 };
  return undefined;
}

function fromTranscript(ctx: AnalysisContext, ip: bigint): CodeView | undefined {
  const lines = ctx.report.disassembly ?? [];
  const byAddress = new Map<bigint, DecodedInstruction>();
  for (const line of lines) {
    const ins = instructionFromText(line, ctx.arch);
    if (ins && !byAddress.has(ins.address)) byAddress.set(ins.address, ins);
  }
  const instructions = [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  // Text without bytes: an instruction runs up to the next listed one (x86 instructions are at most 15 bytes).
  instructions.forEach((ins, i) => {
    const next = instructions[i + 1];
    if (ins.length === 0 && next && next.address - ins.address <= 15n) ins.length = Number(next.address - ins.address);
  });
  const faultIndex = instructions.findIndex((i) => i.address === ip);
  if (faultIndex < 0) return undefined;
  const known = functionStart(ctx, ip);
  const start = instructions[0]!.address;
  return { instructions, source: 'transcript', start, startKnown: known !== undefined && known.start === start, faultIndex };
}

/**
 * The code around a fault: decoded from memory with the disassembler when the
 * bytes are there (dump memory or a transcript's `u` bytes), else read from
 * the transcript's disassembly text.
 */
export function codeAroundFault(ctx: AnalysisContext, ip: bigint): CodeView | undefined {
  const decoded = fromDisassembler(ctx, ip);
  if (decoded?.startKnown) return decoded;
  const text = fromTranscript(ctx, ip);
  if (!decoded) return text;
  if (!text) return decoded;
  return text.faultIndex > decoded.faultIndex ? text : decoded;
}

/** Only the faulting instruction (no walk needed). */
export function instructionAt(ctx: AnalysisContext, ip: bigint): { instruction: DecodedInstruction; source: 'disassembler' | 'transcript' } | undefined {
  const dis = ctx.deps.disassembler;
  if (dis) {
    const bytes = ctx.memory.read(ip, 16) ?? ctx.memory.readPartial?.(ip, 16);
    if (bytes && bytes.length > 0) {
      const [first] = dis.decode(bytes, ip, ctx.arch === 'x86' ? 32 : 64, 1);
      if (first && !first.invalid && first.length <= bytes.length) return { instruction: first, source: 'disassembler' };
    }
  }
  for (const line of ctx.report.disassembly ?? []) {
    try {
      if (parseHex(line.address) !== ip) continue;
    } catch {
      continue;
    }
    const ins = instructionFromText(line, ctx.arch);
    if (ins) return { instruction: ins, source: 'transcript' };
  }
  return undefined;
}
