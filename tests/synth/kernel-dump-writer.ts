/**
 * Synthetic Windows kernel crash dumps for tests and benchmarks, written from
 * a small description. It does not import the parser: every offset here is
 * written down again from Microsoft's layouts, so a round trip checks the
 * reader against an independent writer.
 *
 * Big dumps are described by page ranges and come back as a list of chunks
 * plus a total size, so a benchmark can write them as a sparse file.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

export type SynthMachine = 'x64' | 'x86' | 'x86-pae' | 'arm64';
export type SynthDumpType = 'full' | 'summary' | 'bitmap' | 'live-kernel' | 'triage';

export interface SynthMapping {
  va: bigint;
  pfn: number;
  size?: '4k' | '2m' | '1g' | '4m';
  /** false writes a not-present entry (with the transition bit set) in place of the last level. */
  present?: boolean;
}

export interface SynthDriver {
  name: string;
  base: bigint;
  size: number;
  timestamp?: number;
  checksum?: number;
}

export interface SynthTriage {
  topOfStack: bigint;
  stack: Uint8Array;
  drivers: SynthDriver[];
  dataBlocks?: { va: bigint; bytes: Uint8Array }[];
  servicePackBuild?: number;
  /** KPRCB copy written at PrcbOffset; `prcbContextPointerAt` puts the first data block's address there. */
  prcbSize?: number;
  prcbContextPointerAt?: number;
  debuggerData?: Uint8Array;
  unloadedDrivers?: { name: string; start: bigint; end: bigint }[];
  /** EPROCESS / ETHREAD copies with Windows 10 2004-22H2 x64 offsets (UniqueProcessId 0x440, ImageFileName 0x5a8, Cid 0x478). */
  process?: { name: string; pid: number; tid: number; cidPid?: number };
}

/**
 * An encoded KDDEBUGGER_DATA64 (x64, Windows 8 and later), written at the
 * header's KdDebuggerDataBlock as KdCopyDataBlock expects it, with the nt
 * globals that decode it and, optionally, KdCopyDataBlock's code.
 */
export interface SynthEncodedKdbg {
  /** The plain block (length a multiple of 8). */
  block: Uint8Array;
  kiWaitNever: bigint;
  kiWaitAlways: bigint;
  kiWaitNeverVa: bigint;
  kiWaitAlwaysVa: bigint;
  kdpDataBlockEncodedVa: bigint;
  /** Where KdCopyDataBlock's code goes; left out, the dump holds no code naming the keys. */
  kdCopyDataBlockVa?: bigint;
  /** KiWaitAlways is loaded with `mov` (Windows 8) or `xor` (8.1 and later); 'windows10' puts the block's lea before the flag test. */
  codeLayout?: 'windows8-mov' | 'windows8-xor' | 'windows10';
}

export interface KernelDumpDescription {
  machine: SynthMachine;
  /** 64 (PAGEDU64, default for x64/arm64) or 32 (PAGEDUMP, default for x86). */
  headerBits?: 64 | 32;
  dumpType: SynthDumpType | number;
  majorVersion?: number;
  build?: number;
  pfnDataBase?: bigint;
  psLoadedModuleList?: bigint;
  psActiveProcessHead?: bigint;
  kdDebuggerDataBlock?: bigint;
  processors?: number;
  bugcheck?: { code: number; args: [bigint, bigint, bigint, bigint] };
  systemTime?: bigint;
  systemUpTime?: bigint;
  comment?: string;
  requiredDumpSpace?: bigint;
  productType?: number;
  suiteMask?: number;
  /** Registers of the header's ContextRecord by lower-case name. */
  context?: Record<string, bigint>;
  contextFlags?: number;
  exception?: { code: number; flags?: number; address: bigint; params?: bigint[] };
  /** 'legacy' writes the WDK SUMMARY_DUMP layout (ULONG HeaderSize/BitmapSize/Pages, RTL_BITMAP). */
  bitmapLayout?: 'current' | 'legacy';
  /** Bits in the bitmap (bitmap dumps); default: one past the highest present page. */
  bitmapPages?: number;
  /** Page ranges [firstPfn, count] present in the dump besides the pages written. */
  presentRanges?: [number, number][];
  /** Physical bytes to store. */
  physicalWrites?: { pa: bigint; bytes: Uint8Array }[];
  /** Virtual mappings; the writer builds the page tables and sets DirectoryTableBase. */
  mappings?: SynthMapping[];
  /** First page frame used for page tables (default 0x100). */
  tablePfnBase?: number;
  /** Bytes written through the mappings. */
  virtualWrites?: { va: bigint; bytes: Uint8Array }[];
  /** Explicit DirectoryTableBase when no mappings are given. */
  directoryTableBase?: bigint;
  triage?: SynthTriage;
  /** x86 headers only: PaeEnabled (default: machine === 'x86-pae'). */
  paeEnabled?: boolean;
  /** x64: an encoded debugger data block at kdDebuggerDataBlock (needs mappings for every address it names). */
  encodedKdbg?: SynthEncodedKdbg;
}

export interface SynthDump {
  size: number;
  chunks: { offset: number; bytes: Uint8Array }[];
}

const PAGE = 0x1000;
const DUMP_TYPE_NUMBER: Record<SynthDumpType, number> = { full: 1, summary: 2, triage: 4, bitmap: 5, 'live-kernel': 6 };
const MACHINE: Record<SynthMachine, number> = { x64: 0x8664, x86: 0x14c, 'x86-pae': 0x14c, arm64: 0xaa64 };

class Bytes {
  readonly b: Uint8Array;
  readonly v: DataView;
  constructor(size: number) {
    this.b = new Uint8Array(size);
    this.v = new DataView(this.b.buffer);
  }
  u8(o: number, x: number) { this.v.setUint8(o, x); }
  u16(o: number, x: number) { this.v.setUint16(o, x, true); }
  u32(o: number, x: number) { this.v.setUint32(o, x >>> 0, true); }
  u64(o: number, x: bigint) { this.v.setBigUint64(o, BigInt.asUintN(64, x), true); }
  ascii(o: number, s: string) { for (let i = 0; i < s.length; i++) this.b[o + i] = s.charCodeAt(i); }
  fillPage() { for (let i = 0; i + 4 <= this.b.length; i += 4) this.ascii(i, 'PAGE'); }
}

/** Physical pages materialised by the writer (page tables and written bytes). */
class PhysicalPages {
  readonly pages = new Map<number, Uint8Array>();
  page(pfn: number): Uint8Array {
    let p = this.pages.get(pfn);
    if (!p) this.pages.set(pfn, (p = new Uint8Array(PAGE)));
    return p;
  }
  write(pa: bigint, bytes: Uint8Array) {
    for (let i = 0; i < bytes.length; ) {
      const a = pa + BigInt(i);
      const pfn = Number(a >> 12n);
      const at = Number(a & 0xfffn);
      const n = Math.min(PAGE - at, bytes.length - i);
      this.page(pfn).set(bytes.subarray(i, i + n), at);
      i += n;
    }
  }
  writeEntry(pa: bigint, value: bigint, size: 4 | 8) {
    const b = new Uint8Array(size);
    const v = new DataView(b.buffer);
    if (size === 8) v.setBigUint64(0, value, true);
    else v.setUint32(0, Number(value & 0xffffffffn), true);
    this.write(pa, b);
  }
  readEntry(pa: bigint, size: 4 | 8): bigint {
    const p = this.page(Number(pa >> 12n));
    const v = new DataView(p.buffer, p.byteOffset);
    const at = Number(pa & 0xfffn);
    return size === 8 ? v.getBigUint64(at, true) : BigInt(v.getUint32(at, true));
  }
}

const PRESENT_RW = 0x3n;
const LARGE = 0x80n;
const TRANSITION = 0x800n;

/** Builds page tables for the mappings; returns the DirectoryTableBase and a translate function for virtual writes. */
function buildPageTables(desc: KernelDumpDescription, mem: PhysicalPages): { dtb: bigint; translate: (va: bigint) => bigint } {
  let next = desc.tablePfnBase ?? 0x100;
  const alloc = () => {
    const pfn = next++;
    mem.page(pfn);
    return BigInt(pfn) << 12n;
  };
  const root = alloc();
  const maps = desc.mappings ?? [];
  // Walks/creates one table level: returns the next table's physical address.
  const table = (entryPa: bigint, size: 4 | 8) => {
    const e = mem.readEntry(entryPa, size);
    if (e & 1n) return e & 0x000f_ffff_ffff_f000n;
    const t = alloc();
    mem.writeEntry(entryPa, t | PRESENT_RW, size);
    return t;
  };
  const leaf = (m: SynthMapping, large: bigint) => {
    const pa = BigInt(m.pfn) << 12n;
    return m.present === false ? (pa | TRANSITION) : pa | PRESENT_RW | large;
  };
  for (const m of maps) {
    const size = m.size ?? '4k';
    if (desc.machine === 'x64') {
      const pdpt = table(root + ((m.va >> 39n) & 0x1ffn) * 8n, 8);
      const pdpte = pdpt + ((m.va >> 30n) & 0x1ffn) * 8n;
      if (size === '1g') { mem.writeEntry(pdpte, leaf(m, LARGE), 8); continue; }
      const pd = table(pdpte, 8);
      const pde = pd + ((m.va >> 21n) & 0x1ffn) * 8n;
      if (size === '2m') { mem.writeEntry(pde, leaf(m, LARGE), 8); continue; }
      const pt = table(pde, 8);
      mem.writeEntry(pt + ((m.va >> 12n) & 0x1ffn) * 8n, leaf(m, 0n), 8);
    } else if (desc.machine === 'arm64') {
      // Descriptors: table/page = 0b11, block = 0b01, access flag 0x400 on leaves.
      const tbl = (entryPa: bigint) => {
        const e = mem.readEntry(entryPa, 8);
        if (e & 1n) return e & 0x0000_ffff_ffff_f000n;
        const t = alloc();
        mem.writeEntry(entryPa, t | 3n, 8);
        return t;
      };
      const pa = BigInt(m.pfn) << 12n;
      const l1 = tbl(root + ((m.va >> 39n) & 0x1ffn) * 8n);
      const l1e = l1 + ((m.va >> 30n) & 0x1ffn) * 8n;
      if (size === '1g') { mem.writeEntry(l1e, m.present === false ? pa : pa | 0x401n, 8); continue; }
      const l2 = tbl(l1e);
      const l2e = l2 + ((m.va >> 21n) & 0x1ffn) * 8n;
      if (size === '2m') { mem.writeEntry(l2e, m.present === false ? pa : pa | 0x401n, 8); continue; }
      const l3 = tbl(l2e);
      mem.writeEntry(l3 + ((m.va >> 12n) & 0x1ffn) * 8n, m.present === false ? pa | 2n : pa | 0x403n, 8);
    } else if (desc.machine === 'x86-pae') {
      // PDPT entries have no RW bit in PAE mode; only present.
      const pdpte = root + ((m.va >> 30n) & 3n) * 8n;
      let pd = mem.readEntry(pdpte, 8) & 0x000f_ffff_ffff_f000n;
      if (!(mem.readEntry(pdpte, 8) & 1n)) { pd = alloc(); mem.writeEntry(pdpte, pd | 1n, 8); }
      const pde = pd + ((m.va >> 21n) & 0x1ffn) * 8n;
      if (size === '2m') { mem.writeEntry(pde, leaf(m, LARGE), 8); continue; }
      const pt = table(pde, 8);
      mem.writeEntry(pt + ((m.va >> 12n) & 0x1ffn) * 8n, leaf(m, 0n), 8);
    } else if (desc.machine === 'x86') {
      const pde = root + (m.va >> 22n) * 4n;
      if (size === '4m') { mem.writeEntry(pde, leaf(m, LARGE), 4); continue; }
      const pt = table(pde, 4);
      mem.writeEntry(pt + ((m.va >> 12n) & 0x3ffn) * 4n, leaf(m, 0n), 4);
    }
  }
  const translate = (va: bigint): bigint => {
    for (const m of maps) {
      const span = m.size === '1g' ? 1n << 30n : m.size === '2m' ? 1n << 21n : m.size === '4m' ? 1n << 22n : 1n << 12n;
      const start = m.va & ~(span - 1n);
      if (va >= start && va < start + span) return (BigInt(m.pfn) << 12n) + (va - start);
    }
    throw new Error(`synthetic dump: ${va.toString(16)} is not mapped`);
  };
  return { dtb: root, translate };
}

const X64_CONTEXT: Record<string, [number, 2 | 4 | 8]> = {
  cs: [0x38, 2], ds: [0x3a, 2], es: [0x3c, 2], fs: [0x3e, 2], gs: [0x40, 2], ss: [0x42, 2], eflags: [0x44, 4], mxcsr: [0x34, 4],
  rax: [0x78, 8], rcx: [0x80, 8], rdx: [0x88, 8], rbx: [0x90, 8], rsp: [0x98, 8], rbp: [0xa0, 8], rsi: [0xa8, 8], rdi: [0xb0, 8],
  r8: [0xb8, 8], r9: [0xc0, 8], r10: [0xc8, 8], r11: [0xd0, 8], r12: [0xd8, 8], r13: [0xe0, 8], r14: [0xe8, 8], r15: [0xf0, 8], rip: [0xf8, 8],
};
const X86_CONTEXT: Record<string, number> = {
  gs: 0x8c, fs: 0x90, es: 0x94, ds: 0x98, edi: 0x9c, esi: 0xa0, ebx: 0xa4, edx: 0xa8, ecx: 0xac, eax: 0xb0,
  ebp: 0xb4, eip: 0xb8, cs: 0xbc, eflags: 0xc0, esp: 0xc4, ss: 0xc8,
};

/** A CONTEXT record (x64: 0x4d0 bytes, x86: 0x2cc bytes) from registers. */
export function contextBytes(machine: SynthMachine, regs: Record<string, bigint>, flags?: number): Uint8Array {
  if (machine === 'arm64') {
    const c = new Bytes(0x390);
    c.u32(0, flags ?? 0x40000f);
    const at: Record<string, number> = { cpsr: 4, fp: 0xf0, lr: 0xf8, sp: 0x100, pc: 0x108 };
    for (const [k, v] of Object.entries(regs)) {
      const x = /^x(\d+)$/.exec(k);
      if (x && Number(x[1]) < 29) c.u64(8 + Number(x[1]) * 8, v);
      else if (k === 'cpsr') c.u32(4, Number(v));
      else if (at[k] !== undefined) c.u64(at[k]!, v);
      else throw new Error(`unknown arm64 register ${k}`);
    }
    return c.b;
  }
  if (machine === 'x64') {
    const c = new Bytes(0x4d0);
    c.u32(0x30, flags ?? 0x10001f);
    for (const [k, v] of Object.entries(regs)) {
      const f = X64_CONTEXT[k];
      if (!f) throw new Error(`unknown x64 register ${k}`);
      if (f[1] === 8) c.u64(f[0], v); else if (f[1] === 4) c.u32(f[0], Number(v)); else c.u16(f[0], Number(v));
    }
    return c.b;
  }
  const c = new Bytes(0x2cc);
  c.u32(0, flags ?? 0x1001f);
  for (const [k, v] of Object.entries(regs)) {
    const at = X86_CONTEXT[k];
    if (at === undefined) throw new Error(`unknown x86 register ${k}`);
    c.u32(at, Number(v));
  }
  return c.b;
}

/** EXCEPTION_RECORD64 (0x98 bytes) or EXCEPTION_RECORD32 (0x50 bytes). */
export function exceptionBytes(bits: 64 | 32, e: { code: number; flags?: number; address: bigint; params?: bigint[] }): Uint8Array {
  const p = e.params ?? [];
  if (bits === 64) {
    const r = new Bytes(0x98);
    r.u32(0, e.code); r.u32(4, e.flags ?? 0); r.u64(0x10, e.address); r.u32(0x18, p.length);
    p.forEach((x, i) => r.u64(0x20 + i * 8, x));
    return r.b;
  }
  const r = new Bytes(0x50);
  r.u32(0, e.code); r.u32(4, e.flags ?? 0); r.u32(0xc, Number(e.address & 0xffffffffn)); r.u32(0x10, p.length);
  p.forEach((x, i) => r.u32(0x14 + i * 4, Number(x & 0xffffffffn)));
  return r.b;
}

const MASK64 = (1n << 64n) - 1n;
const rotr64 = (v: bigint, n: bigint) => { const s = n & 63n; return s === 0n ? v : ((v >> s) | (v << (64n - s))) & MASK64; };
const bswap64 = (v: bigint) => { const b = new Bytes(8); b.u64(0, v); return b.v.getBigUint64(0, false); };

/**
 * KdCopyDataBlock decodes each word w as
 * bswap(rotl(w ^ KiWaitNever, KiWaitNever & 0xff) ^ (&KdpDataBlockEncoded | 0xffff << 48)) ^ KiWaitAlways;
 * this is the inverse.
 */
export function encodeKdbgBlock(plain: Uint8Array, e: { kiWaitNever: bigint; kiWaitAlways: bigint; kdpDataBlockEncodedVa: bigint }): Uint8Array {
  const out = new Bytes(plain.length);
  const pv = new DataView(plain.buffer, plain.byteOffset, plain.length);
  for (let i = 0; i + 8 <= plain.length; i += 8) {
    const swapped = bswap64(pv.getBigUint64(i, true) ^ e.kiWaitAlways) ^ (e.kdpDataBlockEncodedVa | 0xffff000000000000n);
    out.u64(i, rotr64(swapped & MASK64, e.kiWaitNever & 0xffn) ^ e.kiWaitNever);
  }
  return out.b;
}

/**
 * KdCopyDataBlock's opening as Windows compiles it: the flag test, the lea of the
 * block and the RIP-relative loads of the keys (Windows 8: lea after the test,
 * both keys loaded with mov or the second with xor; Windows 10: lea first,
 * KiWaitNever loaded twice, KiWaitAlways xor-ed in), then a loop tail and ret.
 */
function kdCopyDataBlockCode(at: bigint, block: bigint, e: SynthEncodedKdbg): Uint8Array {
  const c = new Bytes(0x50);
  let o = 0;
  const emit = (...bytes: number[]) => { c.b.set(bytes, o); o += bytes.length; };
  // An instruction ending in a RIP-relative disp32 (plus `tail` bytes after it).
  const ripInsn = (prefix: number[], target: bigint, tail: number[] = []) => {
    emit(...prefix);
    const dispAt = o;
    o += 4;
    emit(...tail);
    c.v.setInt32(dispAt, Number(BigInt.asIntN(32, target - (at + BigInt(o)))), true);
  };
  const flagTest = () => ripInsn([0x80, 0x3d], e.kdpDataBlockEncodedVa, [0x00]); // cmp byte [rip+KdpDataBlockEncoded], 0
  if (e.codeLayout === 'windows10') {
    ripInsn([0x4c, 0x8d, 0x05], block); // lea r8, [rip+KdDebuggerDataBlock]
    emit(0x4c, 0x8b, 0xc9); // mov r9, rcx
    flagTest();
    emit(0x74, 0x40); // jz (plain copy)
    emit(0x41, 0xba); c.u32(o, e.block.length / 8); o += 4; // mov r10d, size / 8
    ripInsn([0x48, 0x8b, 0x05], e.kiWaitNeverVa); // mov rax, [rip+KiWaitNever]
    emit(0x49, 0x33, 0x00); // xor rax, [r8]
    ripInsn([0x48, 0x8b, 0x0d], e.kiWaitNeverVa); // mov rcx, [rip+KiWaitNever]
    emit(0x48, 0xd3, 0xc0); // rol rax, cl
    ripInsn([0x48, 0x8d, 0x0d], e.kdpDataBlockEncodedVa); // lea rcx, [rip+KdpDataBlockEncoded]
    emit(0x48, 0x33, 0xc1, 0x48, 0x0f, 0xc8); // xor rax, rcx; bswap rax
    ripInsn([0x48, 0x33, 0x05], e.kiWaitAlwaysVa); // xor rax, [rip+KiWaitAlways]
  } else {
    flagTest();
    emit(0x4c, 0x8b, 0xc1); // mov r8, rcx
    emit(0x74, 0x30); // jz (plain copy)
    ripInsn([0x48, 0x8d, 0x15], block); // lea rdx, [rip+KdDebuggerDataBlock]
    emit(0xb9); c.u32(o, e.block.length / 8); o += 4; // mov ecx, size / 8
    ripInsn([0x4c, 0x8b, 0x15], e.kiWaitNeverVa); // mov r10, [rip+KiWaitNever]
    ripInsn([0x4c, e.codeLayout === 'windows8-xor' ? 0x33 : 0x8b, 0x1d], e.kiWaitAlwaysVa); // mov/xor r11, [rip+KiWaitAlways]
  }
  emit(0x49, 0x89, 0x01, 0x48, 0x83, 0xc2, 0x08, 0xff, 0xc9, 0x75, 0xe0, 0xc3); // store; advance; loop; ret
  return c.b.subarray(0, o);
}

function encodedKdbgWrites(desc: KernelDumpDescription): { va: bigint; bytes: Uint8Array }[] {
  const e = desc.encodedKdbg;
  if (!e) return [];
  const block = desc.kdDebuggerDataBlock;
  if (!block) throw new Error('encodedKdbg needs kdDebuggerDataBlock');
  const u64 = (v: bigint) => { const b = new Bytes(8); b.u64(0, v); return b.b; };
  const writes = [
    { va: block, bytes: encodeKdbgBlock(e.block, e) },
    { va: e.kiWaitNeverVa, bytes: u64(e.kiWaitNever) },
    { va: e.kiWaitAlwaysVa, bytes: u64(e.kiWaitAlways) },
    { va: e.kdpDataBlockEncodedVa, bytes: Uint8Array.of(1) },
  ];
  if (e.kdCopyDataBlockVa !== undefined) writes.push({ va: e.kdCopyDataBlockVa, bytes: kdCopyDataBlockCode(e.kdCopyDataBlockVa, block, e) });
  return writes;
}

/** Merged, sorted page ranges. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const s = ranges.filter((r) => r[1] > 0).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [f, c] of s) {
    const last = out[out.length - 1];
    if (last && f <= last[0] + last[1]) last[1] = Math.max(last[1], f + c - last[0]);
    else out.push([f, c]);
  }
  return out;
}

function header(desc: KernelDumpDescription, bits: 64 | 32, dumpType: number, dtb: bigint): Bytes {
  const h = new Bytes(bits === 64 ? 0x2000 : 0x1000);
  h.fillPage();
  const bc = desc.bugcheck ?? { code: 0xd1, args: [0n, 2n, 0n, 0n] };
  const machine = MACHINE[desc.machine];
  h.ascii(0, 'PAGE');
  h.ascii(4, bits === 64 ? 'DU64' : 'DUMP');
  h.u32(8, desc.majorVersion ?? 0xf);
  h.u32(0xc, desc.build ?? 19041);
  if (bits === 64) {
    h.u64(0x10, dtb);
    h.u64(0x18, desc.pfnDataBase ?? 0xfffffa8000000000n);
    h.u64(0x20, desc.psLoadedModuleList ?? 0n);
    h.u64(0x28, desc.psActiveProcessHead ?? 0n);
    h.u32(0x30, machine);
    h.u32(0x34, desc.processors ?? 4);
    h.u32(0x38, bc.code);
    h.u32(0x3c, 0);
    bc.args.forEach((a, i) => h.u64(0x40 + i * 8, a));
    h.u64(0x80, desc.kdDebuggerDataBlock ?? 0n);
    h.u32(0xf98, dumpType);
    h.u32(0xf9c, 0);
    h.u64(0xfa0, desc.requiredDumpSpace ?? 0n);
    h.u64(0xfa8, desc.systemTime ?? 0n);
    for (let i = 0; i < 128; i++) h.u8(0xfb0 + i, 0);
    h.ascii(0xfb0, desc.comment ?? '');
    h.u64(0x1030, desc.systemUpTime ?? 0n);
    h.u32(0x1040, desc.productType ?? 1);
    h.u32(0x1044, desc.suiteMask ?? 0x110);
  } else {
    h.u32(0x10, Number(dtb));
    h.u32(0x14, Number(desc.pfnDataBase ?? 0x80000000n));
    h.u32(0x18, Number(desc.psLoadedModuleList ?? 0n));
    h.u32(0x1c, Number(desc.psActiveProcessHead ?? 0n));
    h.u32(0x20, machine);
    h.u32(0x24, desc.processors ?? 2);
    h.u32(0x28, bc.code);
    bc.args.forEach((a, i) => h.u32(0x2c + i * 4, Number(a & 0xffffffffn)));
    h.u8(0x5c, (desc.paeEnabled ?? desc.machine === 'x86-pae') ? 1 : 0);
    h.u32(0x60, Number(desc.kdDebuggerDataBlock ?? 0n));
    for (let i = 0; i < 128; i++) h.u8(0x820 + i, 0);
    h.ascii(0x820, desc.comment ?? '');
    h.u32(0xf88, dumpType);
    h.u32(0xf94, desc.productType ?? 1);
    h.u32(0xf98, desc.suiteMask ?? 0x110);
    h.u64(0xfa0, desc.requiredDumpSpace ?? 0n);
    h.u64(0xfb8, desc.systemUpTime ?? 0n);
    h.u64(0xfc0, desc.systemTime ?? 0n);
  }
  const ctxMachine = desc.machine === 'x86-pae' ? 'x86' : desc.machine;
  if (desc.context) h.b.set(contextBytes(ctxMachine, desc.context, desc.contextFlags), bits === 64 ? 0x348 : 0x320);
  if (desc.exception) h.b.set(exceptionBytes(bits, desc.exception), bits === 64 ? 0xf00 : 0x7d0);
  return h;
}

/** Builds the dump; memory pages not written are holes (zeros) in the returned chunk list. */
export function buildKernelDump(desc: KernelDumpDescription): SynthDump {
  const bits = desc.headerBits ?? (desc.machine === 'x86' || desc.machine === 'x86-pae' ? 32 : 64);
  const dumpType = typeof desc.dumpType === 'number' ? desc.dumpType : DUMP_TYPE_NUMBER[desc.dumpType];
  const headerSize = bits === 64 ? 0x2000 : 0x1000;
  if (desc.dumpType === 'triage') return buildTriage(desc, bits, dumpType);

  const mem = new PhysicalPages();
  let dtb = desc.directoryTableBase ?? 0n;
  if (desc.mappings?.length) {
    const t = buildPageTables(desc, mem);
    dtb = t.dtb;
    for (const w of [...(desc.virtualWrites ?? []), ...encodedKdbgWrites(desc)]) {
      for (let i = 0; i < w.bytes.length; ) {
        const va = w.va + BigInt(i);
        const n = Math.min(PAGE - Number(va & 0xfffn), w.bytes.length - i);
        mem.write(t.translate(va), w.bytes.subarray(i, i + n));
        i += n;
      }
    }
  }
  for (const w of desc.physicalWrites ?? []) mem.write(w.pa, w.bytes);
  const present = mergeRanges([...(desc.presentRanges ?? []), ...[...mem.pages.keys()].map((p): [number, number] => [p, 1])]);
  // File index of each present page = pages of earlier ranges + position inside its range.
  const fileIndex = (pfn: number): number => {
    let idx = 0;
    for (const [f, c] of present) {
      if (pfn >= f && pfn < f + c) return idx + (pfn - f);
      idx += c;
    }
    throw new Error('page not present');
  };
  const total = present.reduce((s, r) => s + r[1], 0);
  const h = header(desc, bits, dumpType, dtb);
  const chunks: { offset: number; bytes: Uint8Array }[] = [];
  let firstPage: number;
  if (desc.dumpType === 'full' || dumpType === 1) {
    const maxRuns = bits === 64 ? 42 : 86;
    if (present.length > maxRuns) throw new Error('too many runs for a full dump');
    const at = bits === 64 ? 0x88 : 0x64;
    h.u32(at, present.length);
    if (bits === 64) {
      h.u32(at + 4, 0);
      h.u64(at + 8, BigInt(total));
      present.forEach(([f, c], i) => { h.u64(at + 16 + i * 16, BigInt(f)); h.u64(at + 24 + i * 16, BigInt(c)); });
    } else {
      h.u32(at + 4, total);
      present.forEach(([f, c], i) => { h.u32(at + 8 + i * 8, f); h.u32(at + 12 + i * 8, c); });
    }
    firstPage = headerSize;
    chunks.push({ offset: 0, bytes: h.b });
  } else {
    const last = present[present.length - 1];
    const pages = desc.bitmapPages ?? (last ? last[0] + last[1] : 0);
    const bitmap = new Uint8Array(Math.ceil(pages / 8));
    for (const [f, c] of present) {
      for (let p = f; p < f + c && p < pages; p++) bitmap[p >> 3]! |= 1 << (p & 7);
    }
    const legacy = desc.bitmapLayout === 'legacy';
    const bitsAt = legacy ? 0x18 + (bits === 64 ? 0x10 : 0x8) : 0x38;
    const bh = new Bytes(bitsAt);
    bh.ascii(0, dumpType === 5 ? 'FDMP' : 'SDMP');
    bh.ascii(4, 'DUMP');
    firstPage = Math.ceil((headerSize + bitsAt + bitmap.length) / PAGE) * PAGE;
    if (legacy) {
      bh.u32(0x0c, firstPage);
      bh.u32(0x10, pages);
      bh.u32(0x14, total);
      bh.u32(0x18, pages);
    } else {
      bh.u64(0x20, BigInt(firstPage));
      bh.u64(0x28, BigInt(total));
      bh.u64(0x30, BigInt(pages));
    }
    chunks.push({ offset: 0, bytes: h.b }, { offset: headerSize, bytes: bh.b }, { offset: headerSize + bitsAt, bytes: bitmap });
  }
  for (const [pfn, bytes] of mem.pages) chunks.push({ offset: firstPage + fileIndex(pfn) * PAGE, bytes });
  return { size: firstPage + total * PAGE, chunks };
}

function buildTriage(desc: KernelDumpDescription, bits: 64 | 32, dumpType: number): SynthDump {
  const t = desc.triage;
  if (!t) throw new Error('triage description missing');
  const h = header(desc, bits, dumpType, desc.directoryTableBase ?? 0n);
  const headerSize = bits === 64 ? 0x2000 : 0x1000;
  const triageSize = bits === 64 ? 0x80 : 0x68;
  const parts: { offset: number; bytes: Uint8Array }[] = [];
  let at = headerSize + triageSize;
  const place = (bytes: Uint8Array, align = 8) => {
    at = Math.ceil(at / align) * align;
    const o = at;
    parts.push({ offset: o, bytes });
    at += bytes.length;
    return o;
  };
  const blocks = t.dataBlocks ?? [];
  let unloadedOffset = 0;
  if (t.unloadedDrivers) {
    const entry = bits === 64 ? 0x38 : 0x28;
    const countSize = bits === 64 ? 8 : 4;
    const u = new Bytes(countSize + entry * t.unloadedDrivers.length);
    u.u32(0, t.unloadedDrivers.length);
    t.unloadedDrivers.forEach((d, i) => {
      const o = countSize + i * entry;
      const name = d.name.slice(0, 12);
      u.u16(o, name.length * 2);
      u.u16(o + 2, name.length * 2);
      for (let k = 0; k < name.length; k++) u.u16(o + (bits === 64 ? 0x10 : 0x8) + k * 2, name.charCodeAt(k));
      if (bits === 64) { u.u64(o + 0x28, d.start); u.u64(o + 0x30, d.end); }
      else { u.u32(o + 0x20, Number(d.start)); u.u32(o + 0x24, Number(d.end)); }
    });
    unloadedOffset = place(u.b);
  }
  const prcbOffset = t.prcbSize ? place(new Uint8Array(t.prcbSize)) : 0;
  let processOffset = 0;
  let threadOffset = 0;
  if (t.process) {
    const ep = new Bytes(0x600);
    ep.u64(0x440, BigInt(t.process.pid));
    ep.ascii(0x5a8, t.process.name.slice(0, 14));
    processOffset = place(ep.b);
    const et = new Bytes(0x500);
    et.u64(0x478, BigInt(t.process.cidPid ?? t.process.pid));
    et.u64(0x480, BigInt(t.process.tid));
    threadOffset = place(et.b);
  }
  if (t.prcbSize && t.prcbContextPointerAt !== undefined && blocks[0]) {
    const v = new DataView(parts[parts.length - 1]!.bytes.buffer);
    if (bits === 64) v.setBigUint64(t.prcbContextPointerAt, blocks[0].va, true);
    else v.setUint32(t.prcbContextPointerAt, Number(blocks[0].va), true);
  }
  const callStackOffset = place(t.stack);
  const entrySize = bits === 64 ? 0x90 : 0x4c;
  const driverList = new Bytes(entrySize * t.drivers.length);
  const driverListOffset = place(driverList.b);
  const names = t.drivers.map((d) => {
    const s = new Bytes(4 + (d.name.length + 1) * 2);
    s.u32(0, d.name.length);
    for (let i = 0; i < d.name.length; i++) s.u16(4 + i * 2, d.name.charCodeAt(i));
    return s.b;
  });
  const stringPoolOffset = Math.ceil(at / 8) * 8;
  names.forEach((n, i) => {
    const o = place(n, 8);
    const e = i * entrySize;
    const d = t.drivers[i]!;
    driverList.u32(e, o);
    if (bits === 64) {
      const l = e + 8;
      driverList.u64(l + 0x30, d.base);
      driverList.u32(l + 0x40, d.size);
      driverList.u32(l + 0x78, d.checksum ?? 0);
      driverList.u32(l + 0x80, d.timestamp ?? 0);
    } else {
      const l = e + 4;
      driverList.u32(l + 0x18, Number(d.base));
      driverList.u32(l + 0x20, d.size);
      driverList.u32(l + 0x40, d.checksum ?? 0);
      driverList.u32(l + 0x44, d.timestamp ?? 0);
    }
  });
  const stringPoolSize = at - stringPoolOffset;
  const debuggerDataOffset = t.debuggerData ? place(t.debuggerData) : 0;
  const blockEntry = bits === 64 ? 16 : 12;
  const table = new Bytes(blockEntry * blocks.length);
  const dataBlocksOffset = place(table.b);
  blocks.forEach((b, i) => {
    const o = place(b.bytes);
    if (bits === 64) { table.u64(i * 16, b.va); table.u32(i * 16 + 8, o); table.u32(i * 16 + 12, b.bytes.length); }
    else { table.u32(i * 12, Number(b.va)); table.u32(i * 12 + 4, o); table.u32(i * 12 + 8, b.bytes.length); }
  });
  const valid = new Bytes(4);
  valid.ascii(0, 'DGRT');
  const validOffset = place(valid.b, 4);
  const sizeOfDump = at;

  const tr = new Bytes(triageSize);
  const u32s = [
    t.servicePackBuild ?? 0, sizeOfDump, validOffset, bits === 64 ? 0x348 : 0x320, bits === 64 ? 0xf00 : 0x7d0, 0, unloadedOffset, prcbOffset, processOffset, threadOffset,
    callStackOffset, t.stack.length, driverListOffset, t.drivers.length, stringPoolOffset, stringPoolSize, 0, 0xffffffff,
  ];
  u32s.forEach((x, i) => tr.u32(i * 4, x));
  if (bits === 64) {
    tr.u64(0x48, t.topOfStack);
    tr.u32(0x70, debuggerDataOffset); tr.u32(0x74, t.debuggerData?.length ?? 0);
    tr.u32(0x78, dataBlocksOffset); tr.u32(0x7c, blocks.length);
  } else {
    tr.u32(0x48, Number(t.topOfStack));
    tr.u32(0x58, debuggerDataOffset); tr.u32(0x5c, t.debuggerData?.length ?? 0);
    tr.u32(0x60, dataBlocksOffset); tr.u32(0x64, blocks.length);
  }
  return { size: sizeOfDump, chunks: [{ offset: 0, bytes: h.b }, { offset: headerSize, bytes: tr.b }, ...parts] };
}

/** The whole dump in memory (small dumps only). */
export function toBytes(d: SynthDump): Uint8Array {
  const out = new Uint8Array(d.size);
  for (const c of d.chunks) out.set(c.bytes, c.offset);
  return out;
}

/** Writes the dump as a sparse file: only the chunks are written, the rest is a hole. */
export function writeSparseFile(d: SynthDump, path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const c of d.chunks) writeSync(fd, c.bytes, 0, c.bytes.length, c.offset);
    ftruncateSync(fd, d.size);
  } finally {
    closeSync(fd);
  }
}
