import { StructReader } from '../../io/struct-reader';
import type { AddressSpace } from '../../model/address-space';
import { hex } from '../../model/hex';
import type { Arch, CpuContext, ExceptionInfo, Provenance } from '../../model/report';
import { readContextAt } from '../cpu-context/context-record';
import { EXCEPTION_RECORD32_SIZE, EXCEPTION_RECORD64_SIZE, readExceptionRecord, type EXCEPTION_RECORD } from './exception-record';
import { KTRAP_FRAME32, KTRAP_FRAME32_SIZE, KTRAP_FRAME64, KTRAP_FRAME64_SIZE, readKtrapFrame32, readKtrapFrame64 } from './ktrap-frame';

/** Where a bug check's arguments point at the fault (as !analyze -v reads them). */
interface ArgumentMeaning {
  exceptionRecordArg?: number;
  contextArg?: number;
  exceptionCodeArg?: number;
  exceptionAddressArg?: number;
  /** Argument holding the faulting instruction address, for a trap-frame search. */
  trapIpArg?: number;
}

function argumentMeaning(code: number): ArgumentMeaning | null {
  switch (code) {
    case 0x7e:
    case 0x1000007e:
    case 0x8e:
    case 0x1000008e:
      return { exceptionCodeArg: 0, exceptionAddressArg: 1, exceptionRecordArg: 2, contextArg: 3 };
    case 0x3b:
      return { exceptionCodeArg: 0, exceptionAddressArg: 1, contextArg: 2 };
    case 0x1e:
    case 0x1000001e:
      return { exceptionCodeArg: 0, exceptionAddressArg: 1 };
    case 0x50:
    case 0x10000050:
      return { trapIpArg: 2 };
    case 0xa:
    case 0xd1:
    case 0x1000000a:
    case 0x100000d1:
      return { trapIpArg: 3 };
    default:
      return null;
  }
}

export interface FaultInput {
  arch: Arch | undefined;
  bits: 64 | 32;
  bugCheckCode: number;
  args: bigint[];
  memory: AddressSpace;
  /** Context saved in the dump header (or the triage block), used when nothing better is found. */
  savedContext: CpuContext | null;
  /** Stack range to search for a KTRAP_FRAME (x64). */
  stack: { address: bigint; size: number } | null;
}

export interface FaultResult {
  context: CpuContext | null;
  exception: ExceptionInfo | null;
  exceptionRecord: EXCEPTION_RECORD | null;
  contextProvenance: Provenance | null;
  exceptionProvenance: Provenance | null;
  notes: string[];
}

function readExceptionAt(memory: AddressSpace, bits: 64 | 32, va: bigint): EXCEPTION_RECORD | null {
  const size = bits === 64 ? EXCEPTION_RECORD64_SIZE : EXCEPTION_RECORD32_SIZE;
  const b = memory.read(va, size);
  if (!b) return null;
  const rec = readExceptionRecord(new StructReader(b, 'dump memory', `EXCEPTION_RECORD@${hex(va)}`, 0), bits);
  return rec.NumberParameters <= 15 ? rec : null;
}

export function exceptionInfo(rec: EXCEPTION_RECORD, bits: 64 | 32): ExceptionInfo {
  const info: ExceptionInfo = {
    code: hex(rec.ExceptionCode),
    address: hex(rec.ExceptionAddress),
    flags: hex(rec.ExceptionFlags),
    parameters: rec.ExceptionInformation.map((p) => hex(p)),
  };
  if (rec.ExceptionCode === 0xc0000005 && rec.ExceptionInformation.length >= 2) {
    const kind = rec.ExceptionInformation[0]!;
    info.accessType = kind === 0n ? 'read' : kind === 1n ? 'write' : kind === 8n ? 'execute' : undefined;
    if (!info.accessType) delete info.accessType;
    const a = rec.ExceptionInformation[1]!;
    info.accessAddress = hex(bits === 32 ? a & 0xffffffffn : a);
  }
  return info;
}

/** The first 64 KiB of the stack, as far as the dump holds it; null when that cannot hold a trap frame. */
function stackToScan(memory: AddressSpace, stack: { address: bigint; size: number }, frameSize: number): Uint8Array | null {
  const maxScan = Math.min(stack.size, 0x10000);
  const bytes = memory.readPartial ? memory.readPartial(stack.address, maxScan) : memory.read(stack.address, maxScan);
  return bytes && bytes.length >= frameSize ? bytes : null;
}

/** Looks on the stack for an x64 KTRAP_FRAME whose Rip is the faulting instruction and whose CS is kernel code. */
function findTrapFrame64(memory: AddressSpace, stack: { address: bigint; size: number }, ip: bigint): { va: bigint; registers: Record<string, string> } | null {
  const bytes = stackToScan(memory, stack, KTRAP_FRAME64_SIZE);
  if (!bytes) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const start = Number((8n - (stack.address & 7n)) & 7n);
  for (let at = start; at + KTRAP_FRAME64_SIZE <= bytes.length; at += 8) {
    if (view.getBigUint64(at + KTRAP_FRAME64.Rip, true) !== ip) continue;
    if ((view.getUint16(at + KTRAP_FRAME64.SegCs, true) & 0xfff8) !== 0x10) continue;
    const r = new StructReader(bytes.subarray(at, at + KTRAP_FRAME64_SIZE), 'dump memory', 'KTRAP_FRAME', 0);
    return { va: stack.address + BigInt(at), registers: readKtrapFrame64(r) };
  }
  return null;
}

/** Same search for an x86 KTRAP_FRAME: Eip is the faulting instruction and CS is kernel code (0x8). */
function findTrapFrame32(memory: AddressSpace, stack: { address: bigint; size: number }, ip: bigint): { va: bigint; registers: Record<string, string> } | null {
  const bytes = stackToScan(memory, stack, KTRAP_FRAME32_SIZE);
  if (!bytes) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const want = Number(ip & 0xffffffffn);
  const start = Number((4n - (stack.address & 3n)) & 3n);
  for (let at = start; at + KTRAP_FRAME32_SIZE <= bytes.length; at += 4) {
    if (view.getUint32(at + KTRAP_FRAME32.Eip, true) !== want) continue;
    if ((view.getUint32(at + KTRAP_FRAME32.SegCs, true) & 0xfff8) !== 0x8) continue;
    const va = stack.address + BigInt(at);
    const r = new StructReader(bytes.subarray(at, at + KTRAP_FRAME32_SIZE), 'dump memory', 'KTRAP_FRAME', 0);
    return { va, registers: readKtrapFrame32(r, va) };
  }
  return null;
}

/**
 * Finds the context of the fault the way !analyze -v does: from the bug
 * check arguments (CONTEXT / EXCEPTION_RECORD addresses, or a KTRAP_FRAME on
 * the stack whose Rip is the faulting address), falling back to the context
 * saved in the dump.
 */
export function findFaultContext(input: FaultInput): FaultResult {
  const out: FaultResult = { context: null, exception: null, exceptionRecord: null, contextProvenance: null, exceptionProvenance: null, notes: [] };
  const meaning = argumentMeaning(input.bugCheckCode);
  const argName = (i: number) => `BugCheckParameter${i + 1}`;
  const hdr = `DUMP_HEADER${input.bits}`;
  if (meaning?.exceptionRecordArg !== undefined) {
    const va = input.args[meaning.exceptionRecordArg]!;
    const rec = va ? readExceptionAt(input.memory, input.bits, va) : null;
    if (rec) {
      out.exceptionRecord = rec;
      out.exception = exceptionInfo(rec, input.bits);
      out.exceptionProvenance = { source: 'memory', detail: `EXCEPTION_RECORD at ${hex(va)} (${hdr}.${argName(meaning.exceptionRecordArg)})` };
    } else out.notes.push(`the exception record at ${hex(va)} (${argName(meaning.exceptionRecordArg)}) is not in the dump`);
  }
  if (!out.exception && meaning?.exceptionCodeArg !== undefined && meaning.exceptionAddressArg !== undefined) {
    const code = input.args[meaning.exceptionCodeArg]! & 0xffffffffn;
    out.exception = { code: hex(code), address: hex(input.args[meaning.exceptionAddressArg]!) };
    out.exceptionProvenance = { source: 'header', detail: `${hdr}.${argName(meaning.exceptionCodeArg)} and ${argName(meaning.exceptionAddressArg)}` };
  }
  if (meaning?.contextArg !== undefined) {
    const va = input.args[meaning.contextArg]!;
    const ctx = va ? readContextAt(input.memory, input.arch, va) : null;
    if (ctx) {
      out.context = { ...ctx, provenance: { source: 'memory', detail: `CONTEXT at ${hex(va)} (${hdr}.${argName(meaning.contextArg)})` } };
      out.contextProvenance = out.context.provenance!;
      return out;
    }
    out.notes.push(`the context record at ${hex(va)} (${argName(meaning.contextArg)}) is not in the dump`);
  }
  if (meaning?.trapIpArg !== undefined && (input.arch === 'x64' || input.arch === 'x86') && input.stack) {
    const ip = input.args[meaning.trapIpArg]!;
    const found = !ip ? null : input.arch === 'x64' ? findTrapFrame64(input.memory, input.stack, ip) : findTrapFrame32(input.memory, input.stack, ip);
    if (found) {
      const pc = input.arch === 'x64' ? 'Rip' : 'Eip';
      const prov: Provenance = { source: 'memory', detail: `KTRAP_FRAME at ${hex(found.va)} on the stack (${pc} = ${hdr}.${argName(meaning.trapIpArg)})` };
      out.context = { arch: input.arch, registers: found.registers, provenance: prov };
      out.contextProvenance = prov;
      return out;
    }
    if (ip) out.notes.push(`no KTRAP_FRAME with Rip ${hex(ip)} found on the stack`);
  }
  if (input.savedContext) {
    out.context = input.savedContext;
    out.contextProvenance = input.savedContext.provenance ?? null;
  }
  return out;
}
