import { EMPTY_ADDRESS_SPACE } from '../../model/address-space';
import { hex } from '../../model/hex';
import { emptyReport, type Arch, type CrashReport, type KnownMemory, type StackFrame } from '../../model/report';
import type { ParsedDump } from '../../model/parsed-dump';

export interface SyntheticCrash {
  arch?: Arch;
  registers: Record<string, bigint>;
  /** [address, WinDbg text] of the function, in order; the fault is at registers.rip / eip. */
  code?: [bigint, string][];
  /** qwords (or dwords on x86) the "transcript" shows. */
  memory?: [bigint, bigint][];
  bugcheck?: { code: number; args: bigint[] };
  exception?: { code: number; address?: bigint; accessType?: 'read' | 'write' | 'execute'; accessAddress?: bigint; parameters?: bigint[] };
  frames?: StackFrame[];
  modules?: { name: string; base: bigint; size: number }[];
}

function le(value: bigint, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) s += ((value >> BigInt(i * 8)) & 0xffn).toString(16).padStart(2, '0');
  return s;
}

/** A small crash report built from a description, as a transcript would give it (text disassembly, shown memory). */
export function syntheticCrash(d: SyntheticCrash): ParsedDump {
  const arch = d.arch ?? 'x64';
  const r: CrashReport = emptyReport('windbg-text', 'transcript');
  r.system = { arch };
  r.context = { arch, registers: Object.fromEntries(Object.entries(d.registers).map(([k, v]) => [k, hex(v)])) };
  if (d.code) r.disassembly = d.code.map(([a, text]) => ({ address: hex(a), text }));
  const size = arch === 'x86' ? 4 : 8;
  if (d.memory) r.knownMemory = d.memory.map(([a, v]): KnownMemory => ({ address: hex(a), bytes: le(v, size), provenance: { source: 'transcript', detail: 'dq' } }));
  if (d.bugcheck) r.bugcheck = { code: hex(d.bugcheck.code), args: d.bugcheck.args.map(hex) };
  if (d.exception) {
    r.exception = { code: hex(d.exception.code), address: hex(d.exception.address ?? d.registers.rip ?? d.registers.eip ?? 0n) };
    if (d.exception.accessType) r.exception.accessType = d.exception.accessType;
    if (d.exception.accessAddress !== undefined) r.exception.accessAddress = hex(d.exception.accessAddress);
    if (d.exception.parameters) r.exception.parameters = d.exception.parameters.map(hex);
  }
  if (d.frames) r.stack = d.frames;
  if (d.modules) r.modules = d.modules.map((m) => ({ name: m.name, base: hex(m.base), size: hex(m.size) }));
  return { report: r, memory: EMPTY_ADDRESS_SPACE };
}

/** An address space over a few byte ranges, for tests. */
export function rangesSpace(ranges: [bigint, Uint8Array][], pointerSize: 4 | 8 = 8): import('../../model/address-space').AddressSpace {
  return {
    pointerSize,
    read(address: bigint, length: number) {
      for (const [start, bytes] of ranges) {
        if (address >= start && address + BigInt(length) <= start + BigInt(bytes.length)) {
          const off = Number(address - start);
          return bytes.slice(off, off + length);
        }
      }
      return null;
    },
    ranges: () => ranges.map(([address, bytes]) => ({ address, size: bytes.length })),
  };
}
