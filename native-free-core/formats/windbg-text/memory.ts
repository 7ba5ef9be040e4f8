import type { Hex } from '../../model/hex';
import { hex, bytesToHex } from '../../model/hex';
import type { AddressSpace } from '../../model/address-space';
import type { Line } from './text-lines';
import { parseWinDbgHex } from './values';

/** Bytes read from one contiguous run of d* lines. */
export interface MemoryChunk {
  address: bigint;
  bytes: Uint8Array;
  firstLine: number;
  lastLine: number;
}

export interface UnreadableChunk {
  address: bigint;
  size: number;
  line: number;
}

export interface MemoryDumpParse {
  chunks: MemoryChunk[];
  unreadable: UnreadableChunk[];
  unparsed: Line[];
}

const LINE_ADDRESS = /^\s*((?:0x)?[0-9a-f]{8}(?:`[0-9a-f]{8})?|(?:0x)?[0-9a-f]{16})\s+(.*)$/i;

/** Unit size of a display command: db 1, dw 2, dd/dc/dds 4, dq/dqs 8, dp/dps by the printed width. */
function unitOf(verb: string): number | 'pointer' {
  switch (verb) {
    case 'db':
      return 1;
    case 'dw':
      return 2;
    case 'dd':
    case 'dc':
    case 'dds':
      return 4;
    case 'dq':
    case 'dqs':
      return 8;
    default:
      return 'pointer';
  }
}

const VALUE_OF_WIDTH: Record<number, RegExp> = {
  1: /^(?:[0-9a-f]{2}|\?\?)$/i,
  2: /^(?:[0-9a-f]{4}|\?{4})$/i,
  4: /^(?:[0-9a-f]{8}|\?{8})$/i,
  8: /^(?:[0-9a-f]{8}`[0-9a-f]{8}|[0-9a-f]{16}|\?{8}`\?{8}|\?{16})$/i,
};

/** Parses dq/dd/db/dw/dc/dp/dps output into byte chunks (little-endian memory order). */
export function parseMemoryDump(verb: string, lines: Line[]): MemoryDumpParse {
  const chunks: MemoryChunk[] = [];
  const unreadable: UnreadableChunk[] = [];
  const unparsed: Line[] = [];
  let unit = unitOf(verb);
  const symbolic = verb.endsWith('s') && verb !== 'ds';
  let current: { address: bigint; bytes: number[]; firstLine: number; lastLine: number } | null = null;
  const flush = () => {
    if (current && current.bytes.length > 0) {
      chunks.push({ address: current.address, bytes: Uint8Array.from(current.bytes), firstLine: current.firstLine, lastLine: current.lastLine });
    }
    current = null;
  };
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const m = LINE_ADDRESS.exec(line.text);
    const address = m ? parseWinDbgHex(m[1]!) : null;
    if (!m || address === null) {
      unparsed.push(line);
      flush();
      continue;
    }
    // The values end at the first wide gap: what follows is dc/db's ASCII column or dps's symbol.
    const area = symbolic ? m[2]!.trim() : m[2]!.trim().split(/\s{2,}/)[0]!;
    let tokens = area.split(/\s+/);
    if (unit === 1) tokens = tokens.flatMap((t) => (/^[0-9a-f?]{2}-[0-9a-f?]{2}$/i.test(t) ? t.split('-') : [t]));
    if (unit === 'pointer') unit = tokens[0] && VALUE_OF_WIDTH[8]!.test(tokens[0]) ? 8 : 4;
    const width = unit;
    const re = VALUE_OF_WIDTH[width]!;
    const limit = symbolic ? 1 : 64;
    let offset = 0n;
    let took = 0;
    for (const t of tokens) {
      if (took >= limit || !re.test(t)) break;
      took++;
      const at = (address + offset) & 0xffffffffffffffffn;
      if (t.includes('?')) {
        flush();
        const last = unreadable[unreadable.length - 1];
        if (last && last.address + BigInt(last.size) === at) last.size += width;
        else unreadable.push({ address: at, size: width, line: line.no });
      } else {
        const v = BigInt('0x' + t.replace('`', ''));
        if (!current || current.address + BigInt(current.bytes.length) !== at) {
          flush();
          current = { address: at, bytes: [], firstLine: line.no, lastLine: line.no };
        }
        for (let b = 0; b < width; b++) current.bytes.push(Number((v >> BigInt(8 * b)) & 0xffn));
        current.lastLine = line.no;
      }
      offset += BigInt(width);
    }
    if (took === 0) {
      unparsed.push(line);
      flush();
    }
  }
  flush();
  return { chunks, unreadable, unparsed };
}

/** Instruction bytes of a `u` listing as memory chunks: consecutive instructions form one chunk. */
export function codeChunks(instructions: { address: Hex; bytes?: string; line: number }[]): MemoryChunk[] {
  const runs: { address: bigint; bytes: number[]; firstLine: number; lastLine: number }[] = [];
  for (const ins of instructions) {
    if (!ins.bytes) continue;
    const at = BigInt(ins.address);
    let cur = runs[runs.length - 1];
    if (!cur || cur.address + BigInt(cur.bytes.length) !== at) {
      cur = { address: at, bytes: [], firstLine: ins.line, lastLine: ins.line };
      runs.push(cur);
    }
    for (let i = 0; i + 1 < ins.bytes.length; i += 2) cur.bytes.push(parseInt(ins.bytes.slice(i, i + 2), 16));
    cur.lastLine = ins.line;
  }
  return runs.map((c) => ({ address: c.address, bytes: Uint8Array.from(c.bytes), firstLine: c.firstLine, lastLine: c.lastLine }));
}

export function chunkHex(chunk: MemoryChunk): { address: Hex; bytes: string } {
  return { address: hex(chunk.address), bytes: bytesToHex(chunk.bytes) };
}

interface Range {
  address: bigint;
  bytes: Uint8Array;
  label?: string;
}

/** The memory a transcript shows, as an AddressSpace. Overlapping chunks: the first one shown wins. */
export class TranscriptMemory implements AddressSpace {
  private readonly ranges_: Range[];

  constructor(readonly pointerSize: 4 | 8, chunks: { address: bigint; bytes: Uint8Array; label?: string }[]) {
    const sorted = chunks.filter((c) => c.bytes.length > 0).map((c, order) => ({ ...c, order })).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.order - b.order));
    const merged: Range[] = [];
    for (const c of sorted) {
      const last = merged[merged.length - 1];
      const lastEnd = last ? last.address + BigInt(last.bytes.length) : -1n;
      if (last && c.address <= lastEnd) {
        const end = c.address + BigInt(c.bytes.length);
        if (end > lastEnd) {
          const grown = new Uint8Array(Number(end - last.address));
          grown.set(last.bytes, 0);
          grown.set(c.bytes.subarray(Number(lastEnd - c.address)), Number(lastEnd - last.address));
          last.bytes = grown;
        }
        continue;
      }
      merged.push({ address: c.address, bytes: c.bytes.slice(), ...(c.label ? { label: c.label } : {}) });
    }
    this.ranges_ = merged;
  }

  read(address: bigint, length: number): Uint8Array | null {
    if (length < 0) return null;
    const r = this.find(address);
    if (!r) return null;
    const start = Number(address - r.address);
    if (start + length > r.bytes.length) return null;
    return r.bytes.slice(start, start + length);
  }

  readPartial(address: bigint, length: number): Uint8Array {
    const r = this.find(address);
    if (!r || length <= 0) return new Uint8Array(0);
    const start = Number(address - r.address);
    return r.bytes.slice(start, Math.min(r.bytes.length, start + length));
  }

  ranges(): Iterable<{ address: bigint; size: number; label?: string }> {
    return this.ranges_.map((r) => ({ address: r.address, size: r.bytes.length, ...(r.label ? { label: r.label } : {}) }));
  }

  private find(address: bigint): Range | null {
    let lo = 0;
    let hi = this.ranges_.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges_[mid]!;
      if (address < r.address) hi = mid - 1;
      else if (address >= r.address + BigInt(r.bytes.length)) lo = mid + 1;
      else return r;
    }
    return null;
  }
}
