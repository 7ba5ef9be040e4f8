/**
 * Synthetic user-mode minidump writer for tests. It builds an MDMP file from
 * a small description, laying the structures out from its own offset tables
 * (minidumpapiset.h / winnt.h), and imports nothing from the parser so a
 * round trip checks the reader against an independent writer.
 */

export type SynthArch = 'x86' | 'amd64' | 'arm64';

/** Registers by lower-case name: x86 eax..esp, eip, eflags, segments; amd64 rax..r15, rip; arm64 x0..x28, fp, lr, sp, pc, cpsr. */
export interface SynthContext {
  arch: SynthArch;
  /** ContextFlags; defaults to the CPU bit | CONTROL | INTEGER (| SEGMENTS on x86/amd64). */
  flags?: number;
  registers: Record<string, bigint | number>;
  /** Extra bytes after the fixed record (e.g. an XSTATE / CET CONTEXT_EX area). */
  trailer?: Uint8Array;
}

export interface SynthThread {
  id: number;
  teb?: bigint;
  suspendCount?: number;
  stack?: { address: bigint; bytes: Uint8Array };
  context?: SynthContext;
}

export interface SynthModule {
  base: bigint;
  size: number;
  path: string;
  checksum?: number;
  timestamp?: number;
  /** File version a.b.c.d; omitted means an empty VS_FIXEDFILEINFO. */
  version?: [number, number, number, number];
  codeView?: { kind: 'RSDS'; guid: string; age: number; pdb: string } | { kind: 'NB10'; signature: number; age: number; pdb: string };
}

export interface SynthMinidump {
  timeDateStamp?: number;
  flags?: bigint;
  system?: {
    arch: SynthArch;
    major: number;
    minor: number;
    build: number;
    csd?: string;
    processors?: number;
    platformId?: number;
    /** ProcessorLevel (family) and ProcessorRevision (model << 8 | stepping). */
    level?: number;
    revision?: number;
    vendor?: string;
  };
  threads?: SynthThread[];
  /** Write a ThreadExListStream instead of a ThreadListStream. */
  threadEx?: boolean;
  modules?: SynthModule[];
  unloadedModules?: Array<{ base: bigint; size: number; path: string; timestamp?: number }>;
  /** Ranges for MemoryListStream (thread stacks are added to it automatically). */
  memory?: Array<{ address: bigint; bytes: Uint8Array }>;
  /** Ranges for Memory64ListStream, stored back to back at the end of the file. */
  memory64?: Array<{ address: bigint; bytes: Uint8Array }>;
  exception?: { threadId: number; code: number; flags?: number; address: bigint; parameters?: bigint[]; context?: SynthContext; numberParameters?: number };
  threadNames?: Array<{ id: number; name: string }>;
  misc?: { version: 1 | 2 | 3 | 4 | 5; processId?: number; createTime?: number; userTime?: number; kernelTime?: number; buildString?: string; dbgBuildString?: string; timeZoneName?: string };
  commentA?: string;
  commentW?: string;
  handles?: Array<{ handle: bigint; typeName?: string; objectName?: string; handleCount?: number }>;
  breakpadInfo?: { dumpThreadId: number; requestingThreadId: number };
  /** Crashpad's info stream with its annotations. */
  crashpad?: { reportId: string; clientId: string; simple?: Record<string, string>; modules?: Array<{ moduleIndex: number; simple?: Record<string, string>; list?: string[] }> };
  /** Raw streams appended as they are (unknown types, vendor streams). */
  rawStreams?: Array<{ type: number; bytes: Uint8Array }>;
}

/** Little-endian byte builder with absolute patching. */
class Bytes {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private grow(to: number): void {
    if (to <= this.buf.length) return;
    let n = this.buf.length;
    while (n < to) n *= 2;
    const next = new Uint8Array(n);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  align(n: number): void {
    while (this.length % n) this.u8(0);
  }
  u8(v: number): number {
    this.grow(this.length + 1);
    this.buf[this.length] = v & 0xff;
    return this.length++;
  }
  u16(v: number): number {
    this.grow(this.length + 2);
    this.view.setUint16(this.length, v & 0xffff, true);
    this.length += 2;
    return this.length - 2;
  }
  u32(v: number): number {
    this.grow(this.length + 4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this.length - 4;
  }
  u64(v: bigint | number): number {
    this.grow(this.length + 8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, BigInt(v)), true);
    this.length += 8;
    return this.length - 8;
  }
  bytes(b: Uint8Array): number {
    this.grow(this.length + b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this.length - b.length;
  }
  zeros(n: number): number {
    this.grow(this.length + n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
    return this.length - n;
  }
  /** Overwrites bytes already written. */
  set(at: number, bytes: Uint8Array): void {
    this.buf.set(bytes, at);
  }
  patch32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }
  patch64(at: number, v: bigint): void {
    this.view.setBigUint64(at, BigInt.asUintN(64, v), true);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function utf16(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[i * 2] = s.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
}

/** Register name -> [offset, width] in each CONTEXT record. */
const X86_LAYOUT: Record<string, [number, 4]> = {
  dr0: [0x04, 4], dr1: [0x08, 4], dr2: [0x0c, 4], dr3: [0x10, 4], dr6: [0x14, 4], dr7: [0x18, 4],
  gs: [0x8c, 4], fs: [0x90, 4], es: [0x94, 4], ds: [0x98, 4],
  edi: [0x9c, 4], esi: [0xa0, 4], ebx: [0xa4, 4], edx: [0xa8, 4], ecx: [0xac, 4], eax: [0xb0, 4],
  ebp: [0xb4, 4], eip: [0xb8, 4], cs: [0xbc, 4], eflags: [0xc0, 4], esp: [0xc4, 4], ss: [0xc8, 4],
};
const AMD64_LAYOUT: Record<string, [number, 2 | 4 | 8]> = {
  mxcsr: [0x34, 4], cs: [0x38, 2], ds: [0x3a, 2], es: [0x3c, 2], fs: [0x3e, 2], gs: [0x40, 2], ss: [0x42, 2], eflags: [0x44, 4],
  dr0: [0x48, 8], dr1: [0x50, 8], dr2: [0x58, 8], dr3: [0x60, 8], dr6: [0x68, 8], dr7: [0x70, 8],
  rax: [0x78, 8], rcx: [0x80, 8], rdx: [0x88, 8], rbx: [0x90, 8], rsp: [0x98, 8], rbp: [0xa0, 8], rsi: [0xa8, 8], rdi: [0xb0, 8],
  r8: [0xb8, 8], r9: [0xc0, 8], r10: [0xc8, 8], r11: [0xd0, 8], r12: [0xd8, 8], r13: [0xe0, 8], r14: [0xe8, 8], r15: [0xf0, 8], rip: [0xf8, 8],
};
const ARM64_LAYOUT: Record<string, [number, 4 | 8]> = (() => {
  const l: Record<string, [number, 4 | 8]> = { cpsr: [0x04, 4], fp: [0x08 + 29 * 8, 8], lr: [0x08 + 30 * 8, 8], sp: [0x100, 8], pc: [0x108, 8], fpcr: [0x310, 4], fpsr: [0x314, 4] };
  for (let i = 0; i < 29; i++) l[`x${i}`] = [0x08 + i * 8, 8];
  return l;
})();

/** Builds one CONTEXT record (fixed part plus optional trailer). */
export function buildContext(ctx: SynthContext): Uint8Array {
  const size = ctx.arch === 'x86' ? 0x2cc : ctx.arch === 'amd64' ? 0x4d0 : 0x390;
  const rec = new Uint8Array(size + (ctx.trailer?.length ?? 0));
  const view = new DataView(rec.buffer);
  const cpu = ctx.arch === 'x86' ? 0x10000 : ctx.arch === 'amd64' ? 0x100000 : 0x400000;
  const flags = ctx.flags ?? (ctx.arch === 'arm64' ? cpu | 0x3 : cpu | 0x7);
  view.setUint32(ctx.arch === 'amd64' ? 0x30 : 0, flags >>> 0, true);
  const layout: Record<string, [number, number]> = ctx.arch === 'x86' ? X86_LAYOUT : ctx.arch === 'amd64' ? AMD64_LAYOUT : ARM64_LAYOUT;
  for (const [name, value] of Object.entries(ctx.registers)) {
    const slot = layout[name];
    if (!slot) throw new Error(`synthetic ${ctx.arch} context has no register ${name}`);
    const [at, width] = slot;
    const v = BigInt(value);
    if (width === 2) view.setUint16(at, Number(v & 0xffffn), true);
    else if (width === 4) view.setUint32(at, Number(v & 0xffffffffn), true);
    else view.setBigUint64(at, BigInt.asUintN(64, v), true);
  }
  if (ctx.trailer) rec.set(ctx.trailer, size);
  return rec;
}

function guidBytes(text: string): Uint8Array {
  const h = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new Error(`bad GUID ${text}`);
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint32(0, parseInt(h.slice(0, 8), 16), true);
  v.setUint16(4, parseInt(h.slice(8, 12), 16), true);
  v.setUint16(6, parseInt(h.slice(12, 16), 16), true);
  for (let i = 0; i < 8; i++) out[8 + i] = parseInt(h.slice(16 + i * 2, 18 + i * 2), 16);
  return out;
}

const ARCH_CODE: Record<SynthArch, number> = { x86: 0, amd64: 9, arm64: 12 };

/** Writes the dump: header, directory, then each stream and the data it points at. */
export function writeMinidump(d: SynthMinidump): Uint8Array {
  const b = new Bytes();
  const streams: Array<{ type: number; build: () => { rva: number; size: number } }> = [];
  const stream = (type: number, build: () => { rva: number; size: number }) => streams.push({ type, build });
  /** A u32 count, then the entries (MINIDUMP_*_LIST, Crashpad's lists); returns where it lies and its size. */
  const countedList = <T>(items: readonly T[], write: (item: T) => void) => {
    b.align(4);
    const at = b.u32(items.length);
    for (const item of items) write(item);
    return { rva: at, size: b.length - at };
  };

  const writeString = (s: string): number => {
    b.align(4);
    const at = b.u32(s.length * 2);
    b.bytes(utf16(s));
    b.u16(0);
    return at;
  };
  const writeBlob = (bytes: Uint8Array): { rva: number; size: number } => {
    b.align(4);
    return { rva: b.bytes(bytes), size: bytes.length };
  };

  // Data first, then streams that point at it; the directory is written after the header, patched at the end.
  b.u32(0x504d444d);
  b.u32(0xa793);
  const numberOfStreamsAt = b.u32(0);
  const directoryRvaAt = b.u32(0);
  b.u32(0);
  b.u32(d.timeDateStamp ?? 0);
  b.u64(d.flags ?? 0n);

  const memoryList: Array<{ address: bigint; rva: number; size: number }> = [];
  const stackLoc = new Map<number, { address: bigint; rva: number; size: number }>();
  for (const t of d.threads ?? []) {
    if (!t.stack) continue;
    const loc = writeBlob(t.stack.bytes);
    const entry = { address: t.stack.address, ...loc };
    stackLoc.set(t.id, entry);
    memoryList.push(entry);
  }
  for (const m of d.memory ?? []) memoryList.push({ address: m.address, ...writeBlob(m.bytes) });
  const contextLoc = new Map<number, { rva: number; size: number }>();
  for (const t of d.threads ?? []) if (t.context) contextLoc.set(t.id, writeBlob(buildContext(t.context)));

  if (d.system) {
    const s = d.system;
    const csdRva = s.csd !== undefined ? writeString(s.csd) : 0;
    stream(7, () => {
      b.align(4);
      const at = b.u16(ARCH_CODE[s.arch]);
      b.u16(s.level ?? 6);
      b.u16(s.revision ?? 0);
      b.u8(s.processors ?? 1);
      b.u8(1);
      b.u32(s.major);
      b.u32(s.minor);
      b.u32(s.build);
      b.u32(s.platformId ?? 2);
      b.u32(csdRva);
      b.u16(0);
      b.u16(0);
      const vendor = new Uint8Array(12);
      for (let i = 0; i < Math.min(12, s.vendor?.length ?? 0); i++) vendor[i] = s.vendor!.charCodeAt(i);
      b.bytes(vendor);
      b.zeros(12);
      return { rva: at, size: 56 };
    });
  }

  if (d.threads) {
    const ex = d.threadEx ?? false;
    const threads = d.threads;
    stream(ex ? 8 : 3, () =>
      countedList(threads, (t) => {
        b.u32(t.id);
        b.u32(t.suspendCount ?? 0);
        b.u32(0);
        b.u32(0);
        b.u64(t.teb ?? 0n);
        const st = stackLoc.get(t.id);
        b.u64(st?.address ?? 0n);
        b.u32(st?.size ?? 0);
        b.u32(st?.rva ?? 0);
        const c = contextLoc.get(t.id);
        b.u32(c?.size ?? 0);
        b.u32(c?.rva ?? 0);
        if (ex) b.zeros(16);
      }),
    );
  }

  if (d.modules) {
    const mods = d.modules.map((m) => {
      const nameRva = writeString(m.path);
      let cv = { rva: 0, size: 0 };
      if (m.codeView) {
        const c = m.codeView;
        const rec = new Bytes();
        if (c.kind === 'RSDS') {
          rec.u32(0x53445352);
          rec.bytes(guidBytes(c.guid));
          rec.u32(c.age);
        } else {
          rec.u32(0x3031424e);
          rec.u32(0);
          rec.u32(c.signature);
          rec.u32(c.age);
        }
        rec.bytes(new TextEncoder().encode(c.pdb));
        rec.u8(0);
        cv = writeBlob(rec.result());
      }
      return { m, nameRva, cv };
    });
    stream(4, () =>
      countedList(mods, ({ m, nameRva, cv }) => {
        b.u64(m.base);
        b.u32(m.size);
        b.u32(m.checksum ?? 0);
        b.u32(m.timestamp ?? 0);
        b.u32(nameRva);
        if (m.version) {
          const [a, bb, c, dd] = m.version;
          b.u32(0xfeef04bd);
          b.u32(0x10000);
          b.u32((a << 16) | bb);
          b.u32((c << 16) | dd);
          b.u32((a << 16) | bb);
          b.u32((c << 16) | dd);
          b.zeros(7 * 4);
        } else b.zeros(13 * 4);
        b.u32(cv.size);
        b.u32(cv.rva);
        b.u32(0);
        b.u32(0);
        b.zeros(16);
      }),
    );
  }

  if (d.unloadedModules) {
    const mods = d.unloadedModules.map((m) => ({ m, nameRva: writeString(m.path) }));
    stream(14, () => {
      b.align(4);
      const at = b.u32(12);
      b.u32(24);
      b.u32(mods.length);
      for (const { m, nameRva } of mods) {
        b.u64(m.base);
        b.u32(m.size);
        b.u32(0);
        b.u32(m.timestamp ?? 0);
        b.u32(nameRva);
      }
      return { rva: at, size: b.length - at };
    });
  }

  if (memoryList.length > 0) {
    stream(5, () =>
      countedList(memoryList, (m) => {
        b.u64(m.address);
        b.u32(m.size);
        b.u32(m.rva);
      }),
    );
  }

  if (d.exception) {
    const e = d.exception;
    const ctx = e.context ? writeBlob(buildContext(e.context)) : { rva: 0, size: 0 };
    stream(6, () => {
      b.align(4);
      const at = b.u32(e.threadId);
      b.u32(0);
      b.u32(e.code);
      b.u32(e.flags ?? 0);
      b.u64(0n);
      b.u64(e.address);
      const params = e.parameters ?? [];
      b.u32(e.numberParameters ?? params.length);
      b.u32(0);
      for (let i = 0; i < 15; i++) b.u64(params[i] ?? 0n);
      b.u32(ctx.size);
      b.u32(ctx.rva);
      return { rva: at, size: 168 };
    });
  }

  if (d.threadNames) {
    const names = d.threadNames.map((n) => ({ id: n.id, rva: writeString(n.name) }));
    stream(24, () =>
      countedList(names, (n) => {
        b.u32(n.id);
        b.u64(BigInt(n.rva));
      }),
    );
  }

  if (d.misc) {
    const m = d.misc;
    stream(15, () => {
      const size = [0, 24, 44, 232, 832, 1364][m.version]!;
      b.align(4);
      const at = b.zeros(size);
      const rec = new DataView(new ArrayBuffer(size));
      let flags = 0;
      rec.setUint32(0, size, true);
      if (m.processId !== undefined) {
        flags |= 1;
        rec.setUint32(8, m.processId, true);
      }
      if (m.createTime !== undefined) {
        flags |= 2;
        rec.setUint32(12, m.createTime, true);
        rec.setUint32(16, m.userTime ?? 0, true);
        rec.setUint32(20, m.kernelTime ?? 0, true);
      }
      const putUtf16 = (offset: number, s: string) => s.split('').forEach((ch, i) => rec.setUint16(offset + i * 2, ch.charCodeAt(0), true));
      if (m.version >= 3 && m.timeZoneName) {
        flags |= 0x40;
        putUtf16(64, m.timeZoneName);
      }
      if (m.version >= 4 && m.buildString) {
        flags |= 0x100;
        putUtf16(232, m.buildString);
        if (m.dbgBuildString) putUtf16(752, m.dbgBuildString);
      }
      rec.setUint32(4, flags, true);
      b.set(at, new Uint8Array(rec.buffer));
      return { rva: at, size };
    });
  }

  if (d.commentA !== undefined) {
    const text = d.commentA;
    stream(10, () => writeBlob(new Uint8Array([...text].map((c) => c.charCodeAt(0) & 0xff).concat([0]))));
  }
  if (d.commentW !== undefined) {
    const text = d.commentW;
    stream(11, () => writeBlob(new Uint8Array([...utf16(text), 0, 0])));
  }

  if (d.handles) {
    const hs = d.handles.map((h) => ({ h, type: h.typeName ? writeString(h.typeName) : 0, obj: h.objectName ? writeString(h.objectName) : 0 }));
    stream(12, () => {
      b.align(4);
      const at = b.u32(16);
      b.u32(32);
      b.u32(hs.length);
      b.u32(0);
      for (const { h, type, obj } of hs) {
        b.u64(h.handle);
        b.u32(type);
        b.u32(obj);
        b.u32(0);
        b.u32(0);
        b.u32(h.handleCount ?? 1);
        b.u32(1);
      }
      return { rva: at, size: b.length - at };
    });
  }

  if (d.breakpadInfo) {
    const i = d.breakpadInfo;
    stream(0x47670001, () => {
      b.align(4);
      const at = b.u32(3);
      b.u32(i.dumpThreadId);
      b.u32(i.requestingThreadId);
      return { rva: at, size: 12 };
    });
  }

  if (d.crashpad) {
    const c = d.crashpad;
    const utf8 = (text: string): number => {
      b.align(4);
      const bytes = new TextEncoder().encode(text);
      const at = b.u32(bytes.length);
      b.bytes(bytes);
      b.u8(0);
      return at;
    };
    const dictionary = (entries: Record<string, string> | undefined): { rva: number; size: number } => {
      const pairs = Object.entries(entries ?? {}).map(([k, v]) => [utf8(k), utf8(v)] as const);
      return countedList(pairs, ([k, v]) => {
        b.u32(k);
        b.u32(v);
      });
    };
    const simple = dictionary(c.simple);
    const links = (c.modules ?? []).map((m) => {
      const dict = dictionary(m.simple);
      const list = countedList((m.list ?? []).map(utf8), (s) => b.u32(s));
      b.align(4);
      const infoAt = b.u32(1);
      b.u32(list.size);
      b.u32(list.rva);
      b.u32(dict.size);
      b.u32(dict.rva);
      return { index: m.moduleIndex, rva: infoAt, size: 20 };
    });
    const moduleList = countedList(links, (l) => {
      b.u32(l.index);
      b.u32(l.size);
      b.u32(l.rva);
    });
    stream(0x43500001, () => {
      b.align(4);
      const at = b.u32(1);
      b.bytes(guidBytes(c.reportId));
      b.bytes(guidBytes(c.clientId));
      b.u32(simple.size);
      b.u32(simple.rva);
      b.u32(moduleList.size);
      b.u32(moduleList.rva);
      return { rva: at, size: 52 };
    });
  }

  for (const r of d.rawStreams ?? []) stream(r.type, () => writeBlob(r.bytes));

  if (d.memory64 && d.memory64.length > 0) {
    const ranges = d.memory64;
    stream(9, () => {
      b.align(8);
      const at = b.u64(BigInt(ranges.length));
      const baseRvaAt = b.u64(0n);
      for (const r of ranges) {
        b.u64(r.address);
        b.u64(BigInt(r.bytes.length));
      }
      const size = b.length - at;
      b.patch64(baseRvaAt, BigInt(b.length));
      for (const r of ranges) b.bytes(r.bytes);
      return { rva: at, size };
    });
  }

  const entries: Array<{ type: number; rva: number; size: number }> = [];
  for (const s of streams) {
    const loc = s.build();
    entries.push({ type: s.type, rva: loc.rva, size: loc.size });
  }
  b.align(4);
  const dirRva = b.length;
  for (const e of entries) {
    b.u32(e.type);
    b.u32(e.size);
    b.u32(e.rva);
  }
  b.patch32(numberOfStreamsAt, entries.length);
  b.patch32(directoryRvaAt, dirRva);
  return b.result();
}
