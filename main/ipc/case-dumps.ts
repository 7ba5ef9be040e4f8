import { FileByteSource } from '../fs/file-byte-source';
import { processSource } from '../pipeline/process';
import type { Library } from '../library/library';
import type { AddressSpace } from '../../native-free-core/model/address-space';
import type { CrashReport, KnownMemory } from '../../native-free-core/model/report';
import { hexToBytes } from '../../native-free-core/model/hex';

/** The memory of one case: the stored dump re-opened, overlaid with the bytes its transcript shows. */
export interface CaseMemory {
  report: CrashReport;
  dump?: AddressSpace;
  known: { address: bigint; bytes: Uint8Array }[];
  bitness: 32 | 64;
  close(): void;
}

const MAX_OPEN = 4;

/**
 * Re-opens the stored dump file of a case (never a path from the renderer)
 * and keeps the last few parsed dumps open, so paging through memory or
 * disassembly does not parse the file again on every request.
 */
export class CaseDumpCache {
  private readonly open = new Map<number, CaseMemory>();

  /** `symbolPath`: the folders a re-opened dump walks its stack with (the settings and _NT_SYMBOL_PATH, as at import) */
  constructor(
    private readonly library: Library,
    private readonly symbolPath?: () => string[],
  ) {}

  get(caseId: number): CaseMemory | undefined {
    const hit = this.open.get(caseId);
    if (hit) {
      this.open.delete(caseId);
      this.open.set(caseId, hit);
      return hit;
    }
    const detail = this.library.getCase(caseId);
    if (!detail?.report) return undefined;
    const report = detail.report;
    const known = knownBytes(report.knownMemory ?? []);
    const bitness: 32 | 64 = report.system.arch === 'x86' ? 32 : 64;
    let memory: CaseMemory = { report, known, bitness, close: () => {} };
    const file = report.format === 'windbg-text' ? undefined : this.library.dumpPath(caseId);
    if (file) {
      const source = new FileByteSource(file);
      try {
        const parsed = processSource(source, this.symbolPath ? { symbolPath: this.symbolPath() } : {});
        memory = { report, known, bitness, dump: parsed.memory, close: () => source.close() };
      } catch {
        source.close();
      }
    }
    this.open.set(caseId, memory);
    while (this.open.size > MAX_OPEN) {
      const [oldest, value] = this.open.entries().next().value!;
      value.close();
      this.open.delete(oldest);
    }
    return memory;
  }

  forget(caseId: number): void {
    this.open.get(caseId)?.close();
    this.open.delete(caseId);
  }

  closeAll(): void {
    for (const m of this.open.values()) m.close();
    this.open.clear();
  }
}

function knownBytes(blocks: KnownMemory[]): { address: bigint; bytes: Uint8Array }[] {
  const out: { address: bigint; bytes: Uint8Array }[] = [];
  for (const b of blocks) {
    try {
      out.push({ address: BigInt(b.address), bytes: hexToBytes(b.bytes) });
    } catch {
      // a malformed block in a stored report is skipped, not fatal
    }
  }
  return out;
}

/** The case's memory as an AddressSpace: the dump overlaid with the transcript's bytes. */
export function overlaySpace(mem: CaseMemory): AddressSpace {
  return {
    pointerSize: mem.bitness === 32 ? 4 : 8,
    read(address, length) {
      if (length < 0 || length > 1 << 20) return null;
      const { bytes } = readCaseMemory(mem, address, length);
      return bytes.every((b) => b !== null) ? Uint8Array.from(bytes as number[]) : null;
    },
    ranges: () => [...(mem.dump?.ranges() ?? []), ...mem.known.map((k) => ({ address: k.address, size: k.bytes.length, label: 'transcript' }))],
  };
}

/** Byte-by-byte view of `length` bytes at `address`: the dump first, then the transcript's own bytes. */
export function readCaseMemory(mem: CaseMemory, address: bigint, length: number): { bytes: (number | null)[]; fromDump: number; fromText: number } {
  const bytes: (number | null)[] = new Array(length).fill(null);
  let fromDump = 0;
  let fromText = 0;
  if (mem.dump) {
    const got = readPresent(mem.dump, address, length);
    for (let i = 0; i < length; i++) {
      if (got[i] !== null) {
        bytes[i] = got[i]!;
        fromDump++;
      }
    }
  }
  const end = address + BigInt(length);
  for (const k of mem.known) {
    const kEnd = k.address + BigInt(k.bytes.length);
    if (kEnd <= address || k.address >= end) continue;
    for (let a = k.address > address ? k.address : address; a < kEnd && a < end; a++) {
      const i = Number(a - address);
      if (bytes[i] === null) {
        bytes[i] = k.bytes[Number(a - k.address)]!;
        fromText++;
      }
    }
  }
  return { bytes, fromDump, fromText };
}

/**
 * Every byte the dump holds in [address, address+length): the whole range in
 * one read when it is all there, else run by run (readPartial gives each
 * present run; absent bytes are stepped over one at a time, since a
 * minidump range may start at any byte).
 */
function readPresent(space: AddressSpace, address: bigint, length: number): (number | null)[] {
  const out: (number | null)[] = new Array(length).fill(null);
  const whole = space.read(address, length);
  if (whole) {
    for (let i = 0; i < length; i++) out[i] = whole[i]!;
    return out;
  }
  let i = 0;
  while (i < length) {
    const run = space.readPartial ? space.readPartial(address + BigInt(i), length - i) : space.read(address + BigInt(i), 1);
    if (run && run.length > 0) {
      for (let k = 0; k < run.length && i + k < length; k++) out[i + k] = run[k]!;
      i += run.length;
    } else i++;
  }
  return out;
}
