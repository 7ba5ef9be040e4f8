/**
 * A writer of small synthetic PDBs (MSF 7.00) for tests and fuzzing: info
 * stream, TPI and IPI with given records, DBI with modules, section map and
 * section headers, a symbol record stream with S_PUB32, and module streams
 * with S_GPROC32 (and raw records nested in them, e.g. inline sites),
 * C13 lines and inlinee lines.
 */
export interface SyntheticProc {
  name: string;
  segment: number;
  offset: number;
  size: number;
  global?: boolean;
  /** Symbol records placed between the procedure and its S_END (see symbolRecord). */
  inner?: Uint8Array[];
}

/** DEBUG_S_INLINEELINES entries: an IPI ItemId, its file and first line. */
export interface SyntheticInlinee {
  inlinee: number;
  file: string;
  line: number;
}

export interface SyntheticLines {
  file: string;
  segment: number;
  offset: number;
  length: number;
  /** [code offset from `offset`, line number] */
  entries: [number, number][];
}

export interface SyntheticPdb {
  blockSize?: number;
  guid: Uint8Array;
  age: number;
  machine?: number;
  sections: { name: string; rva: number; size: number; characteristics: number }[];
  publics: { name: string; segment: number; offset: number; flags?: number }[];
  /**
   * Modules. The file checksum table lists the files of `lines` then of
   * `inlinees`, first use first, 8 bytes per entry (ChangeFile operands).
   */
  modules: { name: string; procs: SyntheticProc[]; lines?: SyntheticLines[]; inlinees?: SyntheticInlinee[] }[];
  /** x86 frame layouts: type 0 goes to the FPO stream, type 4 to FrameData (program strings in /names). */
  frames?: { type: 0 | 4; rva: number; size: number; locals: number; params: number; savedRegs: number; prolog: number; useBp?: boolean; program?: string }[];
  /** Type records from index 0x1000 on: kind and the bytes after it. */
  types: { kind: number; data: Uint8Array }[];
  /** IPI (id) records from index 0x1000 on. */
  ids?: { kind: number; data: Uint8Array }[];
}

/** One symbol record (length, kind, body padded to 4 bytes). */
export function symbolRecord(kind: number, body: Uint8Array): Uint8Array {
  return record(kind, body);
}

class Bytes {
  private parts: number[] = [];
  u8(v: number) { this.parts.push(v & 0xff); return this; }
  u16(v: number) { this.u8(v).u8(v >> 8); return this; }
  u32(v: number) { this.u16(v & 0xffff).u16(v >>> 16); return this; }
  raw(b: ArrayLike<number>) { for (let i = 0; i < b.length; i++) this.parts.push(b[i]!); return this; }
  str(s: string) { for (const c of new TextEncoder().encode(s)) this.parts.push(c); this.parts.push(0); return this; }
  pad(align: number, fill = 0) { while (this.parts.length % align) this.parts.push(fill); return this; }
  get length() { return this.parts.length; }
  bytes() { return Uint8Array.from(this.parts); }
}

function record(kind: number, body: Uint8Array, align = 4): Uint8Array {
  const b = new Bytes().u16(0).u16(kind).raw(body);
  while ((b.length) % align) b.u8(0);
  const out = b.bytes();
  const len = out.length - 2;
  out[0] = len & 0xff;
  out[1] = len >> 8;
  return out;
}

function infoStream(pdb: SyntheticPdb): Uint8Array {
  const names = new Bytes().str('/names');
  return new Bytes().u32(20000404).u32(0x5f000000).u32(pdb.age).raw(pdb.guid)
    .u32(names.length).raw(names.bytes())
    .u32(1).u32(2) // hash table size, capacity
    .u32(1).u32(1) // present bit vector: bucket 0
    .u32(0) // deleted bit vector
    .u32(0).u32(7) // "/names" -> stream 7 (empty)
    .u32(0)
    .bytes();
}

function tpiStream(types: { kind: number; data: Uint8Array }[]): Uint8Array {
  const recs = new Bytes();
  for (const t of types) recs.raw(record(t.kind, t.data));
  const h = new Bytes().u32(20040203).u32(56).u32(0x1000).u32(0x1000 + types.length).u32(recs.length)
    .u16(0xffff).u16(0xffff).u32(4).u32(0x3ffff).u32(0).u32(0).u32(0).u32(0).u32(0).u32(0);
  return h.raw(recs.bytes()).bytes();
}

function symRecordStream(pdb: SyntheticPdb): Uint8Array {
  const b = new Bytes();
  for (const p of pdb.publics) b.raw(record(0x110e, new Bytes().u32(p.flags ?? 2).u32(p.offset).u16(p.segment).str(p.name).bytes()));
  return b.bytes();
}

/** The /names string table; returns the stream and each string's offset. */
function namesStream(strings: string[]): { bytes: Uint8Array; offsets: Map<string, number> } {
  const buf = new Bytes().u8(0);
  const offsets = new Map<string, number>();
  for (const s of strings) {
    if (offsets.has(s)) continue;
    offsets.set(s, buf.length);
    buf.str(s);
  }
  const out = new Bytes().u32(0xeffeeffe).u32(1).u32(buf.length).raw(buf.bytes()).u32(0).u32(offsets.size);
  return { bytes: out.bytes(), offsets };
}

function moduleStream(procs: SyntheticProc[], lines: SyntheticLines[], inlinees: SyntheticInlinee[], names: Map<string, number>): { bytes: Uint8Array; symBytes: number; c13Bytes: number } {
  const b = new Bytes().u32(4);
  for (const p of procs) {
    const body = new Bytes().u32(0).u32(0).u32(0).u32(p.size).u32(0).u32(p.size).u32(0).u32(p.offset).u16(p.segment).u8(0).str(p.name).bytes();
    b.raw(record(p.global === false ? 0x110f : 0x1110, body));
    for (const r of p.inner ?? []) b.raw(r);
    b.raw(record(0x0006, new Uint8Array(0))); // S_END
  }
  const symBytes = b.length;
  if (lines.length || inlinees.length) {
    const files = [...new Set([...lines.map((l) => l.file), ...inlinees.map((i) => i.file)])];
    const chk = new Bytes();
    const chkOffset = new Map<string, number>();
    for (const f of files) {
      chkOffset.set(f, chk.length);
      chk.u32(names.get(f) ?? 0).u8(0).u8(0).pad(4);
    }
    b.u32(0xf4).u32(chk.length).raw(chk.bytes());
    for (const l of lines) {
      const sub = new Bytes().u32(l.offset).u16(l.segment).u16(0).u32(l.length);
      sub.u32(chkOffset.get(l.file)!).u32(l.entries.length).u32(12 + 8 * l.entries.length);
      for (const [off, line] of l.entries) sub.u32(off).u32((line | 0x80000000) >>> 0);
      b.u32(0xf2).u32(sub.length).raw(sub.bytes()).pad(4);
    }
    if (inlinees.length) {
      const sub = new Bytes().u32(0);
      for (const i of inlinees) sub.u32(i.inlinee).u32(chkOffset.get(i.file)!).u32(i.line);
      b.u32(0xf6).u32(sub.length).raw(sub.bytes());
    }
  }
  return { bytes: b.bytes(), symBytes, c13Bytes: b.length - symBytes };
}

function dbiStream(pdb: SyntheticPdb, moduleStreams: number[], moduleSizes: { symBytes: number; c13Bytes: number }[], fpoStream: number, frameDataStream: number): Uint8Array {
  const mods = new Bytes();
  pdb.modules.forEach((m, i) => {
    mods.u32(0).raw(new Uint8Array(28)).u16(0).u16(moduleStreams[i]!).u32(moduleSizes[i]!.symBytes).u32(0).u32(moduleSizes[i]!.c13Bytes).u16(0).u16(0).u32(0).u32(0).u32(0);
    mods.str(m.name).str(m.name).pad(4);
  });
  const contrib = new Bytes().u32((0xeffe0000 + 19970605) >>> 0);
  const map = new Bytes().u16(pdb.sections.length).u16(pdb.sections.length);
  pdb.sections.forEach((s, i) => map.u16(0x10d).u16(0).u16(0).u16(i + 1).u16(0xffff).u16(0xffff).u32(0).u32(s.size));
  const dbg = new Bytes();
  for (let i = 0; i < 11; i++) dbg.u16(i === 5 ? 6 : i === 0 ? fpoStream : i === 9 ? frameDataStream : 0xffff);
  const h = new Bytes().u32(0xffffffff).u32(19990903).u32(pdb.age).u16(0xffff).u16(0x8e1d).u16(0xffff).u16(0).u16(5).u16(0)
    .u32(mods.length).u32(contrib.length).u32(map.length).u32(0).u32(0).u32(0).u32(dbg.length).u32(0).u16(0).u16(pdb.machine ?? 0x8664).u32(0);
  return h.raw(mods.bytes()).raw(contrib.bytes()).raw(map.bytes()).raw(dbg.bytes()).bytes();
}

function sectionHeaders(pdb: SyntheticPdb): Uint8Array {
  const b = new Bytes();
  for (const s of pdb.sections) {
    const name = new Uint8Array(8);
    name.set(new TextEncoder().encode(s.name).subarray(0, 8));
    b.raw(name).u32(s.size).u32(s.rva).u32(s.size).u32(0).u32(0).u32(0).u16(0).u16(0).u32(s.characteristics);
  }
  return b.bytes();
}

export function buildPdb(pdb: SyntheticPdb): Uint8Array {
  const bs = pdb.blockSize ?? 4096;
  const frames = pdb.frames ?? [];
  const names = namesStream([...pdb.modules.flatMap((m) => [...(m.lines ?? []).map((l) => l.file), ...(m.inlinees ?? []).map((i) => i.file)]), ...frames.flatMap((f) => (f.program ? [f.program] : []))]);
  const moduleStreamBytes = pdb.modules.map((m) => moduleStream(m.procs, m.lines ?? [], m.inlinees ?? [], names.offsets));
  const moduleStreams = pdb.modules.map((_, i) => 8 + i);
  const fpoIndex = 8 + pdb.modules.length;
  const fpo = new Bytes();
  const frameData = new Bytes();
  for (const f of frames) {
    if (f.type === 0) {
      const bits = (f.prolog & 0xff) | ((f.savedRegs / 4) << 8) | (f.useBp ? 1 << 12 : 0);
      fpo.u32(f.rva).u32(f.size).u32(f.locals / 4).u16(f.params / 4).u16(bits);
    } else {
      frameData.u32(f.rva).u32(f.size).u32(f.locals).u32(f.params).u32(0).u32(f.program ? names.offsets.get(f.program)! : 0).u16(f.prolog).u16(f.savedRegs).u32(4);
    }
  }
  const streams: Uint8Array[] = [
    new Uint8Array(0),
    infoStream(pdb),
    tpiStream(pdb.types),
    dbiStream(pdb, moduleStreams, moduleStreamBytes, frames.length ? fpoIndex : 0xffff, frames.length ? fpoIndex + 1 : 0xffff),
    tpiStream(pdb.ids ?? []),
    symRecordStream(pdb),
    sectionHeaders(pdb),
    names.bytes,
    ...moduleStreamBytes.map((m) => m.bytes),
    ...(frames.length ? [fpo.bytes(), frameData.bytes()] : []),
  ];
  let next = 3; // 0 superblock, 1-2 free block maps
  const blocks: number[][] = streams.map((s) => Array.from({ length: Math.ceil(s.length / bs) }, () => next++));
  const dir = new Bytes().u32(streams.length);
  for (const s of streams) dir.u32(s.length);
  for (const b of blocks) for (const n of b) dir.u32(n);
  const dirBytes = dir.bytes();
  const dirBlocks = Array.from({ length: Math.ceil(dirBytes.length / bs) }, () => next++);
  const mapBlock = next++;
  const out = new Uint8Array(next * bs);
  const magic = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';
  for (let i = 0; i < 32; i++) out[i] = magic.charCodeAt(i);
  const v = new DataView(out.buffer);
  v.setUint32(32, bs, true);
  v.setUint32(36, 1, true);
  v.setUint32(40, next, true);
  v.setUint32(44, dirBytes.length, true);
  v.setUint32(52, mapBlock, true);
  streams.forEach((s, i) => blocks[i]!.forEach((n, k) => out.set(s.subarray(k * bs, (k + 1) * bs), n * bs)));
  dirBlocks.forEach((n, k) => out.set(dirBytes.subarray(k * bs, (k + 1) * bs), n * bs));
  dirBlocks.forEach((n, k) => v.setUint32(mapBlock * bs + k * 4, n, true));
  return out;
}

/** Type record bodies for the leaves `dt` needs. */
export const leaf = {
  fieldList(members: Uint8Array[]): Uint8Array {
    const b = new Bytes();
    for (const m of members) {
      b.raw(m);
      const pad = (4 - (b.length % 4)) % 4;
      for (let i = pad; i > 0; i--) b.u8(0xf0 + i);
    }
    return b.bytes();
  },
  member(name: string, type: number, offset: number): Uint8Array {
    return new Bytes().u16(0x150d).u16(3).u32(type).u16(offset).str(name).bytes();
  },
  enumerate(name: string, value: number): Uint8Array {
    return new Bytes().u16(0x1502).u16(3).u16(value).str(name).bytes();
  },
  structure(name: string, fieldList: number, size: number, count: number, forwardRef = false, kind: 'struct' | 'union' = 'struct'): { kind: number; data: Uint8Array } {
    const props = forwardRef ? 0x80 : 0;
    if (kind === 'union') return { kind: 0x1506, data: new Bytes().u16(count).u16(props).u32(fieldList).u16(size).str(name).bytes() };
    return { kind: 0x1505, data: new Bytes().u16(count).u16(props).u32(fieldList).u32(0).u32(0).u16(size).str(name).bytes() };
  },
  pointer(referent: number, size = 8): { kind: number; data: Uint8Array } {
    return { kind: 0x1002, data: new Bytes().u32(referent).u32(0x0c | (size << 13)).bytes() };
  },
  array(element: number, sizeBytes: number): { kind: number; data: Uint8Array } {
    return { kind: 0x1503, data: new Bytes().u32(element).u32(0x23).u16(sizeBytes).str('').bytes() };
  },
  bitfield(type: number, length: number, position: number): { kind: number; data: Uint8Array } {
    return { kind: 0x1205, data: new Bytes().u32(type).u8(length).u8(position).bytes() };
  },
  enumType(name: string, underlying: number, fieldList: number, count: number): { kind: number; data: Uint8Array } {
    return { kind: 0x1507, data: new Bytes().u16(count).u16(0).u32(underlying).u32(fieldList).str(name).bytes() };
  },
  modifier(type: number, flags = 1): { kind: number; data: Uint8Array } {
    return { kind: 0x1001, data: new Bytes().u32(type).u16(flags).bytes() };
  },
  /** IPI LF_FUNC_ID: scope (an LF_STRING_ID, or 0), function type, name. */
  funcId(name: string, scope = 0, type = 0): { kind: number; data: Uint8Array } {
    return { kind: 0x1601, data: new Bytes().u32(scope).u32(type).str(name).bytes() };
  },
  /** IPI LF_MFUNC_ID: class type (TPI), function type, name. */
  memberFuncId(name: string, classType: number, type = 0): { kind: number; data: Uint8Array } {
    return { kind: 0x1602, data: new Bytes().u32(classType).u32(type).str(name).bytes() };
  },
  stringId(text: string): { kind: number; data: Uint8Array } {
    return { kind: 0x1605, data: new Bytes().u32(0).str(text).bytes() };
  },
  procedure(returnType: number): { kind: number; data: Uint8Array } {
    return { kind: 0x1008, data: new Bytes().u32(returnType).u8(0).u8(0).u16(0).u32(0).bytes() };
  },
};
