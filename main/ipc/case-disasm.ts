import type { Disassembler, DecodedInstruction } from '../../native-free-core/disasm/disassembler';
import { bytesToHex, hex } from '../../native-free-core/model/hex';
import type { InstructionLine } from '../../native-free-core/model/report';
import type { DisassemblyLine, DisassemblyReply } from './contract';
import { readCaseMemory, type CaseMemory } from './case-dumps';

const MAX_INSTRUCTION = 15;

/**
 * Instructions around `address`: decoded from the dump's bytes where the
 * dump holds them (x86 decoding backwards needs a start that lands exactly
 * on `address`; the farthest such start wins), else the transcript's own
 * `u` listing around that address.
 */
export function disassembleAround(mem: CaseMemory, disasm: Disassembler, address: bigint, before: number, after: number): DisassemblyReply {
  const decoded = decodeFromBytes(mem, disasm, address, before, after);
  if (decoded) return { address: hex(address), lines: decoded.lines, source: decoded.fromDump ? 'dump' : 'transcript' };
  const fromText = transcriptLines(mem.report.disassembly ?? [], address, before, after);
  if (fromText.length > 0) return { address: hex(address), lines: fromText, source: 'transcript' };
  return { address: hex(address), lines: [], source: 'none', note: 'the dump holds no code bytes at this address' };
}

function decodeFromBytes(mem: CaseMemory, disasm: Disassembler, address: bigint, before: number, after: number): { lines: DisassemblyLine[]; fromDump: boolean } | null {
  const back = before * MAX_INSTRUCTION;
  const forward = (after + 1) * MAX_INSTRUCTION;
  const start = address > BigInt(back) ? address - BigInt(back) : 0n;
  const { bytes, fromDump } = readCaseMemory(mem, start, Number(address - start) + forward);
  const at = Number(address - start);
  if (bytes[at] === null || bytes[at] === undefined) return null;
  // the contiguous run of present bytes around the address
  let lo = at;
  while (lo > 0 && bytes[lo - 1] !== null) lo--;
  let hi = at;
  while (hi < bytes.length && bytes[hi] !== null) hi++;
  const buf = Uint8Array.from(bytes.slice(lo, hi) as number[]);
  const rel = at - lo;

  const tail = disasm.decode(buf.subarray(rel), address, mem.bitness, after + 1);
  let head: DecodedInstruction[] = [];
  for (let k = Math.min(rel, back); k > 0 && before > 0; k--) {
    const tried = disasm.decode(buf.subarray(rel - k, rel), address - BigInt(k), mem.bitness, k);
    const last = tried[tried.length - 1];
    if (!last || last.address + BigInt(last.length) !== address) continue;
    const kept = tried.slice(-before);
    if (kept.some((i) => i.invalid)) continue;
    head = kept;
    break;
  }
  return { lines: [...head.map((i) => toLine(i, false)), ...tail.map((i, n) => toLine(i, n === 0))], fromDump: fromDump > 0 };
}

function toLine(i: DecodedInstruction, current: boolean): DisassemblyLine {
  const line: DisassemblyLine = { address: hex(i.address), bytes: bytesToHex(i.bytes), text: i.text, writes: i.registersWritten, reads: i.registersRead, flow: i.flow };
  if (i.branchTarget !== undefined) line.target = hex(i.branchTarget);
  if (current) line.current = true;
  return line;
}

function transcriptLines(lines: InstructionLine[], address: bigint, before: number, after: number): DisassemblyLine[] {
  if (lines.length === 0) return [];
  let best = -1;
  let bestDistance = -1n;
  lines.forEach((l, i) => {
    let a: bigint;
    try {
      a = BigInt(l.address);
    } catch {
      return;
    }
    const d = a > address ? a - address : address - a;
    if (best < 0 || d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  if (best < 0 || bestDistance > 0x1000n) return [];
  const exact = bestDistance === 0n;
  const centre = lines[best];
  return lines.slice(Math.max(0, best - before), best + after + 1).map((l): DisassemblyLine => (exact && l === centre ? { ...l, current: true } : { ...l }));
}
