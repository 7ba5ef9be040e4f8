import { readU64 } from '../model/address-space';
import { hex, hexToBytes, parseHex, tryParseHex, windbgAddress } from '../model/hex';
import type { Finding } from '../model/report';
import { differingByteLanes, isCanonical, isKernelAddress, isUserAddress, laneBits, nonZeroByteLanes } from './addresses';
import { ev, finding } from './findings';
import { forEachField, transcriptPools, transcriptTypes } from './transcript-extra';
import type { AnalysisContext } from './types';

/** A lane must be hit by at least this many values before it is called a pattern. */
const MIN_LANE_MEMBERS = 3;

export interface PointerItem {
  /** "TreeLink.Link.Parent" or "+0x18" */
  label: string;
  value: bigint;
  address?: bigint;
  line?: number;
}

export interface StructureItems {
  /** "fltmgr!_NAME_CACHE_NODE" or "memory" */
  name: string;
  address?: bigint;
  items: PointerItem[];
  lines?: [number, number];
  /** raw memory rather than typed fields: only strong patterns are reported. */
  untyped?: boolean;
}

function looksLikePointerField(type: string | undefined, value: string | undefined): boolean {
  if (type && /^Ptr(32|64)\b/.test(type)) return true;
  if (!value) return false;
  const v = value.trim();
  if (/^_|^\[/.test(v)) return false; // "_LARGE_INTEGER 0x3f`00067e77", "[ 0x... - 0x... ]"
  return /^0x[0-9a-f]{8}`[0-9a-f]{8}\b/i.test(v) || /^\(null\)/.test(v);
}

const structureCache = new WeakMap<object, StructureItems[]>();

/** Pointer-valued fields of every `dt` output, merged per structure (type at address). */
export function structuresFromTranscript(ctx: AnalysisContext): StructureItems[] {
  const cached = structureCache.get(ctx);
  if (cached) return cached;
  const result = readStructures(ctx);
  structureCache.set(ctx, result);
  return result;
}

function readStructures(ctx: AnalysisContext): StructureItems[] {
  const byKey = new Map<string, StructureItems>();
  for (const t of transcriptTypes(ctx.report)) {
    const address = tryParseHex(t.address);
    const name = `${t.module ? t.module + '!' : ''}${t.typeName}`;
    const key = `${t.typeName}@${address !== undefined ? hex(address) : t.addressExpression ?? ''}`;
    const s: StructureItems = byKey.get(key) ?? { name, items: [], lines: t.lines };
    if (address !== undefined) s.address = address;
    byKey.set(key, s);
    forEachField(t.fields, (f, path) => {
      if (!f.numeric || !looksLikePointerField(f.type, f.value)) return;
      if (s.items.some((i) => i.label === path)) return;
      const item: PointerItem = { label: path, value: parseHex(f.numeric), line: f.line };
      if (f.address) item.address = parseHex(f.address);
      s.items.push(item);
    });
  }
  return [...byKey.values()];
}

/** Qwords of a memory range as pointer items labelled by offset. */
export function structureFromMemory(ctx: AnalysisContext, name: string, start: bigint, size: number): StructureItems | undefined {
  const items: PointerItem[] = [];
  for (let off = 0; off + 8 <= size; off += 8) {
    const v = readU64(ctx.memory, start + BigInt(off));
    if (v !== null) items.push({ label: `+0x${off.toString(16)}`, value: v, address: start + BigInt(off) });
  }
  return items.length ? { name, address: start, items, untyped: true } : undefined;
}

/** Values believed good that a corrupted pointer can be compared with: registers, shown memory, pool blocks, other structures. */
function referenceValues(ctx: AnalysisContext, exclude: StructureItems): { value: bigint; label: string }[] {
  const refs: { value: bigint; label: string }[] = [];
  const add = (value: bigint, label: string) => {
    if (isKernelAddress(value, ctx.arch) && !refs.some((r) => r.value === value)) refs.push({ value, label });
  };
  for (const [name, text] of Object.entries(ctx.registers ?? {})) {
    try {
      add(parseHex(text), name);
    } catch {
      // not a number
    }
  }
  for (const km of ctx.report.knownMemory ?? []) {
    // Code bytes are not pointers; `dt` bytes are the structures being judged.
    if (km.provenance?.detail && /disassembly|code bytes|^u\b|^dt\b/i.test(km.provenance.detail)) continue;
    const bytes = hexToBytes(km.bytes);
    const base = tryParseHex(km.address);
    if (base === undefined) continue;
    for (let off = 0; off + 8 <= bytes.length && off < 0x800; off += 8) {
      const v = new DataView(bytes.buffer, bytes.byteOffset + off, 8).getBigUint64(0, true);
      add(v, `memory at ${windbgAddress(base + BigInt(off))}`);
    }
  }
  for (const pool of transcriptPools(ctx.report)) {
    try {
      if (pool.address) add(parseHex(pool.address), `!pool ${pool.query}`);
    } catch {
      // ignore
    }
  }
  for (const s of structuresFromTranscript(ctx)) {
    if (s.address !== undefined) add(s.address, s.name);
    if (s === exclude || (s.name === exclude.name && s.address === exclude.address)) continue;
    for (const i of s.items) add(i.value, `${s.name}.${i.label}`);
  }
  return refs;
}

interface LaneMember {
  label: string;
  value: bigint;
  reference?: { value: bigint; label: string };
  line?: number;
  address?: bigint;
  register?: boolean;
}

/** The single byte lane in which a value is non-zero, when the value is a user/non-canonical "pointer" with one stray byte in the upper half. */
function strayLane(value: bigint): number | undefined {
  const lanes = nonZeroByteLanes(value);
  return lanes.length === 1 && lanes[0]! >= 4 ? lanes[0] : undefined;
}

/**
 * Pointer anomalies of one structure: non-canonical pointers, user-mode
 * pointers inside a kernel structure, and the same byte lane corrupted
 * across several fields (compared with known-good values where a field is a
 * kernel pointer that differs from one in a single byte).
 */
export function structureAnomalies(ctx: AnalysisContext, s: StructureItems): Finding[] {
  const out: Finding[] = [];
  const kernelStructure = s.address !== undefined ? isKernelAddress(s.address, ctx.arch) : ctx.report.bugcheck !== undefined;
  const bits = ctx.arch === 'x86' ? 32 : 64;
  const a = (v: bigint) => windbgAddress(v, bits);
  const where = `${s.name}${s.address !== undefined ? ' at ' + a(s.address) : ''}`;
  const refs = referenceValues(ctx, s);
  const byLane = new Map<number, LaneMember[]>();
  const addLane = (lane: number, m: LaneMember) => {
    const list = byLane.get(lane) ?? [];
    if (!list.some((x) => x.label === m.label)) list.push(m);
    byLane.set(lane, list);
  };
  for (const item of s.items) {
    if (item.value === 0n) continue;
    const lane = strayLane(item.value);
    if (lane !== undefined && (kernelStructure || !isCanonical(item.value, ctx.arch))) {
      addLane(lane, { label: item.label, value: item.value, line: item.line, address: item.address });
      continue;
    }
    if (!isKernelAddress(item.value, ctx.arch)) continue;
    for (const r of refs) {
      const lanes = differingByteLanes(item.value, r.value);
      if (lanes.length === 1 && (nonZeroByteLanes(r.value ^ item.value)[0]! >= 4)) {
        addLane(lanes[0]!, { label: item.label, value: item.value, reference: r, line: item.line, address: item.address });
        break;
      }
    }
  }
  const explained = new Set<string>();
  for (const [lane, members] of [...byLane.entries()].sort((x, y) => y[1].length - x[1].length)) {
    if (members.length < (s.untyped ? MIN_LANE_MEMBERS + 1 : MIN_LANE_MEMBERS)) continue;
    for (const m of members) explained.add(m.label);
    const regs = Object.entries(ctx.registers ?? {}).flatMap(([name, text]) => {
      try {
        const v = parseHex(text);
        return kernelStructure && v !== 0n && strayLane(v) === lane && isUserAddress(v, ctx.arch) ? [{ name, value: v }] : [];
      } catch {
        return [];
      }
    });
    const list = members.map((m) => `${m.label} ${a(m.value)}${m.reference ? ` (vs ${a(m.reference.value)} in ${m.reference.label})` : ''}`).join(', ');
    const regText = regs.length ? `; register${regs.length > 1 ? 's' : ''} ${regs.map((r) => `${r.name} = ${a(r.value)}`).join(', ')} show${regs.length > 1 ? '' : 's'} the same pattern` : '';
    out.push(finding(`byte-lane-corruption:${s.name}@${s.address !== undefined ? hex(s.address) : 'memory'}:${lane}`, 'byte-lane-corruption', 'high',
      `Byte-lane corruption pattern in ${where}: ${members.length} pointers carry a stray byte in ${laneBits(lane)}: ${list}${regText}`,
      [
        ...(s.address !== undefined ? [ev.address(s.address, s.name)] : []),
        ...members.map((m) => ev.field(s.name, m.label, m.value)),
        ...members.filter((m) => m.reference).map((m) => ev.address(m.reference!.value, m.reference!.label)),
        ...regs.map((r) => ev.register(r.name, r.value)),
        ...members.filter((m) => m.line !== undefined).map((m) => ev.line(m.line!)),
      ],
      {
        details: 'The same byte of several pointers is wrong while the other bytes look right: one byte lane of the memory path or a byte-wide write went wrong, or a structure was overwritten by a byte-granular value. A race usually corrupts whole pointers, not one byte of each.',
        data: { lane, bits: [lane * 8, lane * 8 + 7], members: members.map((m) => ({ field: m.label, value: hex(m.value), expected: m.reference ? hex(m.reference.value) : undefined, expectedFrom: m.reference?.label })), registers: regs.map((r) => ({ name: r.name, value: hex(r.value) })) },
      }));
  }
  if (s.untyped) return out;
  const nonCanonical = s.items.filter((i) => i.value !== 0n && !isCanonical(i.value, ctx.arch) && !explained.has(i.label));
  if (nonCanonical.length) {
    out.push(finding(`non-canonical-pointer:${s.name}@${s.address !== undefined ? hex(s.address) : 'memory'}`, 'non-canonical-pointer', 'high',
      `Non-canonical pointer${nonCanonical.length > 1 ? 's' : ''} in ${where}: ${nonCanonical.map((i) => `${i.label} ${a(i.value)}`).join(', ')}`,
      nonCanonical.map((i) => ev.field(s.name, i.label, i.value))));
  }
  if (kernelStructure) {
    const user = s.items.filter((i) => i.value !== 0n && isCanonical(i.value, ctx.arch) && isUserAddress(i.value, ctx.arch) && !explained.has(i.label));
    if (user.length) {
      out.push(finding(`user-pointer-in-kernel:${s.name}@${s.address !== undefined ? hex(s.address) : 'memory'}`, 'user-pointer-in-kernel', 'medium',
        `User-mode value${user.length > 1 ? 's' : ''} in pointer field${user.length > 1 ? 's' : ''} of kernel structure ${where}: ${user.map((i) => `${i.label} ${a(i.value)}`).join(', ')}`,
        user.map((i) => ev.field(s.name, i.label, i.value))));
    }
  }
  return out;
}
