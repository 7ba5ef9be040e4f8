import { ParseError } from '../../io/parse-error';
import type { TypeRecord, TypeTable } from './tpi-stream';
import {
  LF_ARRAY, LF_BCLASS, LF_BITFIELD, LF_CLASS, LF_ENUM, LF_ENUMERATE, LF_FIELDLIST, LF_INDEX, LF_IVBCLASS, LF_MEMBER, LF_METHOD,
  LF_MFUNCTION, LF_MODIFIER, LF_NESTTYPE, LF_ONEMETHOD, LF_POINTER, LF_PROCEDURE, LF_STMEMBER, LF_STRUCTURE, LF_UNION, LF_VBCLASS, LF_VFUNCTAB,
} from './tpi-stream';

/** One member of a struct/class/union as `dt` shows it. */
export interface LayoutMember {
  name: string;
  offset: number;
  typeIndex: number;
  /** WinDbg's type text: "Ptr64 _LIST_ENTRY", "Uint4B", "[16] UChar", "Pos 3, 2 Bits". */
  typeText: string;
  size: number;
  bitfield?: { position: number; length: number };
  /** 'base' for a base class (LF_BCLASS). */
  role: 'member' | 'base';
}

export interface TypeLayout {
  name: string;
  kind: 'struct' | 'class' | 'union' | 'enum';
  size: number;
  typeIndex: number;
  members: LayoutMember[];
  /** Enumerators for an enum. */
  enumerators?: { name: string; value: bigint }[];
}

const SIMPLE: Record<number, [string, number]> = {
  0x03: ['Void', 0], 0x08: ['Int4B', 4], 0x10: ['Char', 1], 0x20: ['UChar', 1], 0x68: ['Char', 1], 0x69: ['UChar', 1], 0x70: ['Char', 1],
  0x71: ['Wchar', 2], 0x7a: ['Wchar', 2], 0x7b: ['Uint4B', 4], 0x7c: ['UChar', 1], 0x11: ['Int2B', 2], 0x21: ['Uint2B', 2], 0x72: ['Int2B', 2], 0x73: ['Uint2B', 2],
  0x12: ['Int4B', 4], 0x22: ['Uint4B', 4], 0x74: ['Int4B', 4], 0x75: ['Uint4B', 4], 0x13: ['Int8B', 8], 0x23: ['Uint8B', 8], 0x76: ['Int8B', 8],
  0x77: ['Uint8B', 8], 0x40: ['Float', 4], 0x41: ['Double', 8], 0x42: ['Float10', 10], 0x30: ['UChar', 1], 0x31: ['Int2B', 2], 0x32: ['Int4B', 4], 0x33: ['Int8B', 8],
};

const MAX_DEPTH = 64;

/** How a member's bytes read as a value (`dt` with an address); modifiers (const, volatile) are looked through. */
export type TypeShape =
  | { kind: 'base'; size: number; signed: boolean; float: boolean; char?: 1 | 2 }
  | { kind: 'pointer'; size: number; referent: number }
  | { kind: 'array'; element: number; count: number; size: number }
  | { kind: 'bitfield'; base: number; position: number; length: number }
  | { kind: 'enum'; index: number; size: number; signed: boolean }
  | { kind: 'udt'; index: number; name: string; size: number }
  | { kind: 'none'; size: number };

const SIGNED = new Set([0x08, 0x10, 0x11, 0x12, 0x13, 0x68, 0x70, 0x72, 0x74, 0x76]);
const CHARS: Record<number, 1 | 2> = { 0x10: 1, 0x20: 1, 0x68: 1, 0x69: 1, 0x70: 1, 0x7c: 1, 0x71: 2, 0x7a: 2 };


/** Reads fields of a type record with bounds checks that name the record. */
class LeafReader {
  readonly view: DataView;
  constructor(
    readonly rec: TypeRecord,
    readonly table: TypeTable,
  ) {
    this.view = new DataView(rec.data.buffer, rec.data.byteOffset, rec.data.byteLength);
  }
  private need(at: number, n: number, field: string) {
    if (at < 0 || at + n > this.rec.data.length) {
      throw new ParseError('truncated', this.table.fileName, `TPI record 0x${this.rec.index.toString(16)} (kind 0x${this.rec.kind.toString(16)}).${field}`, this.rec.streamOffset + 4 + at, `needs ${n} bytes`);
    }
  }
  u8(at: number, f: string) { this.need(at, 1, f); return this.view.getUint8(at); }
  u16(at: number, f: string) { this.need(at, 2, f); return this.view.getUint16(at, true); }
  u32(at: number, f: string) { this.need(at, 4, f); return this.view.getUint32(at, true); }
  /** A numeric leaf; returns [value, bytes used]. */
  numeric(at: number, f: string): [bigint, number] {
    const v = this.u16(at, f);
    if (v < 0x8000) return [BigInt(v), 2];
    switch (v) {
      case 0x8000: this.need(at + 2, 1, f); return [BigInt(this.view.getInt8(at + 2)), 3];
      case 0x8001: this.need(at + 2, 2, f); return [BigInt(this.view.getInt16(at + 2, true)), 4];
      case 0x8002: return [BigInt(this.u16(at + 2, f)), 4];
      case 0x8003: this.need(at + 2, 4, f); return [BigInt(this.view.getInt32(at + 2, true)), 6];
      case 0x8004: return [BigInt(this.u32(at + 2, f)), 6];
      case 0x8009: this.need(at + 2, 8, f); return [this.view.getBigInt64(at + 2, true), 10];
      case 0x800a: this.need(at + 2, 8, f); return [this.view.getBigUint64(at + 2, true), 10];
      default:
        throw new ParseError('unsupported', this.table.fileName, `TPI record 0x${this.rec.index.toString(16)}.${f}`, this.rec.streamOffset + 4 + at, `numeric leaf 0x${v.toString(16)}`);
    }
  }
  /** NUL-terminated name; returns [text, bytes used including the NUL]. */
  name(at: number): [string, number] {
    const d = this.rec.data;
    let z = at;
    while (z < d.length && d[z] !== 0) z++;
    return [new TextDecoder('utf-8').decode(d.subarray(Math.min(at, d.length), z)), z - at + 1];
  }
}

export interface StructHeader {
  kind: 'struct' | 'class' | 'union' | 'enum';
  name: string;
  uniqueName?: string;
  size: number;
  fieldList: number;
  forwardRef: boolean;
  underlying?: number;
}

const PROP_FWDREF = 0x80;
const PROP_HASUNIQUENAME = 0x200;

export function readStructHeader(table: TypeTable, rec: TypeRecord): StructHeader | undefined {
  const r = new LeafReader(rec, table);
  if (rec.kind === LF_STRUCTURE || rec.kind === LF_CLASS) {
    const props = r.u16(2, 'Properties');
    const [size, used] = r.numeric(16, 'Size');
    const [name, nl] = r.name(16 + used);
    const h: StructHeader = { kind: rec.kind === LF_CLASS ? 'class' : 'struct', name, size: Number(size), fieldList: r.u32(4, 'FieldList'), forwardRef: (props & PROP_FWDREF) !== 0 };
    if (props & PROP_HASUNIQUENAME) h.uniqueName = r.name(16 + used + nl)[0];
    return h;
  }
  if (rec.kind === LF_UNION) {
    const props = r.u16(2, 'Properties');
    const [size, used] = r.numeric(8, 'Size');
    const [name, nl] = r.name(8 + used);
    const h: StructHeader = { kind: 'union', name, size: Number(size), fieldList: r.u32(4, 'FieldList'), forwardRef: (props & PROP_FWDREF) !== 0 };
    if (props & PROP_HASUNIQUENAME) h.uniqueName = r.name(8 + used + nl)[0];
    return h;
  }
  if (rec.kind === LF_ENUM) {
    const props = r.u16(2, 'Properties');
    const underlying = r.u32(4, 'UnderlyingType');
    const [name] = r.name(12);
    return { kind: 'enum', name, size: 0, fieldList: r.u32(8, 'FieldList'), forwardRef: (props & PROP_FWDREF) !== 0, underlying };
  }
  return undefined;
}

/** Lays out types of one TPI stream the way WinDbg's `dt` prints them. */
export class TypeLayouts {
  private byName?: Map<string, number>;
  constructor(
    readonly table: TypeTable,
    readonly pointerSize: 4 | 8 = 8,
  ) {}

  /** Full definitions by name and unique name (forward references left out). */
  private names(): Map<string, number> {
    if (!this.byName) {
      const m = new Map<string, number>();
      for (const rec of this.table.records()) {
        let h: StructHeader | undefined;
        try {
          h = readStructHeader(this.table, rec);
        } catch {
          continue;
        }
        if (!h || h.forwardRef) continue;
        if (!m.has(h.name)) m.set(h.name, rec.index);
        if (h.uniqueName && !m.has('\0' + h.uniqueName)) m.set('\0' + h.uniqueName, rec.index);
      }
      this.byName = m;
    }
    return this.byName;
  }

  /** The type index of a struct/class/union/enum by name (module prefix "nt!" allowed). */
  find(name: string): number | undefined {
    const bare = name.includes('!') ? name.slice(name.indexOf('!') + 1) : name;
    return this.names().get(bare);
  }

  /** Follows a forward reference to the full definition when there is one. */
  resolve(index: number): number {
    const rec = this.table.get(index);
    if (!rec) return index;
    const h = readStructHeader(this.table, rec);
    if (!h?.forwardRef) return index;
    return (h.uniqueName ? this.names().get('\0' + h.uniqueName) : undefined) ?? this.names().get(h.name) ?? index;
  }

  sizeOf(index: number, depth = 0): number {
    if (depth > MAX_DEPTH) return 0;
    if (index < 0x1000) {
      const mode = (index >> 8) & 0xf;
      if (mode !== 0) return mode === 6 ? 8 : mode === 4 ? 4 : this.pointerSize;
      return SIMPLE[index & 0xff]?.[1] ?? 0;
    }
    const rec = this.table.get(this.resolve(index));
    if (!rec) return 0;
    const r = new LeafReader(rec, this.table);
    switch (rec.kind) {
      case LF_POINTER: {
        const size = (r.u32(4, 'Attributes') >> 13) & 0x3f;
        return size || this.pointerSize;
      }
      case LF_MODIFIER: return this.sizeOf(r.u32(0, 'ModifiedType'), depth + 1);
      case LF_ARRAY: { const [size] = r.numeric(8, 'Size'); return Number(size); }
      case LF_BITFIELD: return this.sizeOf(r.u32(0, 'Type'), depth + 1);
      case LF_ENUM: return this.sizeOf(r.u32(4, 'UnderlyingType'), depth + 1);
      default: return readStructHeader(this.table, rec)?.size ?? 0;
    }
  }

  /** What kind of value a type index holds, for reading it from memory. */
  shape(index: number, depth = 0): TypeShape {
    if (depth > MAX_DEPTH) return { kind: 'none', size: 0 };
    if (index < 0x1000) {
      const mode = (index >> 8) & 0xf;
      if (mode !== 0) return { kind: 'pointer', size: this.sizeOf(index), referent: index & 0xff };
      const base = index & 0xff;
      const size = SIMPLE[base]?.[1] ?? 0;
      if (size === 0) return { kind: 'none', size: 0 };
      const out: TypeShape = { kind: 'base', size, signed: SIGNED.has(base), float: base >= 0x40 && base <= 0x42 };
      if (CHARS[base]) out.char = CHARS[base];
      return out;
    }
    const resolved = this.resolve(index);
    const rec = this.table.get(resolved);
    if (!rec) return { kind: 'none', size: 0 };
    const r = new LeafReader(rec, this.table);
    switch (rec.kind) {
      case LF_POINTER: return { kind: 'pointer', size: this.sizeOf(resolved), referent: r.u32(0, 'ReferentType') };
      case LF_MODIFIER: return this.shape(r.u32(0, 'ModifiedType'), depth + 1);
      case LF_ARRAY: {
        const element = r.u32(0, 'ElementType');
        const size = Number(r.numeric(8, 'Size')[0]);
        const es = this.sizeOf(element, depth + 1);
        return { kind: 'array', element, count: es > 0 ? Math.floor(size / es) : 0, size };
      }
      case LF_BITFIELD: return { kind: 'bitfield', base: r.u32(0, 'Type'), length: r.u8(4, 'Length'), position: r.u8(5, 'Position') };
      case LF_ENUM: {
        const underlying = this.shape(r.u32(4, 'UnderlyingType'), depth + 1);
        return { kind: 'enum', index: resolved, size: this.sizeOf(resolved, depth + 1), signed: underlying.kind === 'base' && underlying.signed };
      }
      default: {
        const h = readStructHeader(this.table, rec);
        return h ? { kind: 'udt', index: resolved, name: h.name, size: h.size } : { kind: 'none', size: 0 };
      }
    }
  }

  /** WinDbg's name for a type in a `dt` member line. */
  typeText(index: number, depth = 0): string {
    if (depth > MAX_DEPTH) return '?';
    if (index < 0x1000) {
      const mode = (index >> 8) & 0xf;
      const base = SIMPLE[index & 0xff]?.[0] ?? `<simple 0x${index.toString(16)}>`;
      if (mode === 0) return base;
      return `${mode === 4 ? 'Ptr32' : mode === 6 ? 'Ptr64' : this.pointerSize === 8 ? 'Ptr64' : 'Ptr32'} ${base}`;
    }
    const rec = this.table.get(index);
    if (!rec) return `<type 0x${index.toString(16)}>`;
    const r = new LeafReader(rec, this.table);
    switch (rec.kind) {
      case LF_POINTER: {
        const size = (r.u32(4, 'Attributes') >> 13) & 0x3f || this.pointerSize;
        return `${size === 4 ? 'Ptr32' : 'Ptr64'} ${this.typeText(r.u32(0, 'ReferentType'), depth + 1)}`;
      }
      case LF_MODIFIER: return this.typeText(r.u32(0, 'ModifiedType'), depth + 1);
      case LF_ARRAY: {
        const element = r.u32(0, 'ElementType');
        const [size] = r.numeric(8, 'Size');
        const es = this.sizeOf(element, depth + 1);
        return `[${es > 0 ? Number(size) / es : 0}] ${this.typeText(element, depth + 1)}`;
      }
      case LF_BITFIELD: {
        const len = r.u8(4, 'Length');
        return `Pos ${r.u8(5, 'Position')}, ${len} Bit${len === 1 ? '' : 's'}`;
      }
      case LF_PROCEDURE: case LF_MFUNCTION: return 'Void';
      default: return readStructHeader(this.table, rec)?.name ?? `<kind 0x${rec.kind.toString(16)}>`;
    }
  }

  /** Members of a field list, following LF_INDEX continuations. */
  private fieldList(index: number, out: LayoutMember[], enumerators: { name: string; value: bigint }[], seen: Set<number>): void {
    if (seen.has(index) || seen.size > MAX_DEPTH) return;
    seen.add(index);
    const rec = this.table.get(index);
    if (!rec || rec.kind !== LF_FIELDLIST) return;
    const r = new LeafReader(rec, this.table);
    const d = rec.data;
    let p = 0;
    const align = () => {
      while (p < d.length && d[p]! >= 0xf0) p++;
    };
    while (p + 2 <= d.length) {
      const kind = r.u16(p, 'member kind');
      switch (kind) {
        case LF_MEMBER: {
          const type = r.u32(p + 4, 'Type');
          const [off, used] = r.numeric(p + 8, 'Offset');
          const [name, nl] = r.name(p + 8 + used);
          out.push(this.member(name, Number(off), type, 'member'));
          p += 8 + used + nl;
          break;
        }
        case LF_BCLASS: {
          const type = r.u32(p + 4, 'Type');
          const [off, used] = r.numeric(p + 8, 'Offset');
          out.push(this.member(this.typeText(type), Number(off), type, 'base'));
          p += 8 + used;
          break;
        }
        case LF_VBCLASS: case LF_IVBCLASS: {
          const [, u1] = r.numeric(p + 12, 'VBPtrOffset');
          const [, u2] = r.numeric(p + 12 + u1, 'VBTableIndex');
          p += 12 + u1 + u2;
          break;
        }
        case LF_ENUMERATE: {
          const [value, used] = r.numeric(p + 4, 'Value');
          const [name, nl] = r.name(p + 4 + used);
          enumerators.push({ name, value });
          p += 4 + used + nl;
          break;
        }
        case LF_STMEMBER: { p += 8 + r.name(p + 8)[1]; break; }
        case LF_METHOD: { p += 8 + r.name(p + 8)[1]; break; }
        case LF_NESTTYPE: { p += 8 + r.name(p + 8)[1]; break; }
        case LF_ONEMETHOD: {
          const attrs = r.u16(p + 2, 'Attributes');
          const mprop = (attrs >> 2) & 7;
          const extra = mprop === 4 || mprop === 6 ? 4 : 0;
          p += 8 + extra + r.name(p + 8 + extra)[1];
          break;
        }
        case LF_VFUNCTAB: {
          const type = r.u32(p + 4, 'Type');
          out.push(this.member('__VFN_table', 0, type, 'member'));
          p += 8;
          break;
        }
        case LF_INDEX: {
          this.fieldList(r.u32(p + 4, 'Continuation'), out, enumerators, seen);
          p += 8;
          break;
        }
        default:
          return; // an unknown member kind has an unknown length: stop here
      }
      align();
    }
  }

  private member(name: string, offset: number, type: number, role: 'member' | 'base'): LayoutMember {
    const m: LayoutMember = { name, offset, typeIndex: type, typeText: this.typeText(type), size: this.sizeOf(type), role };
    const rec = type >= 0x1000 ? this.table.get(type) : undefined;
    if (rec?.kind === LF_BITFIELD) {
      const r = new LeafReader(rec, this.table);
      m.bitfield = { length: r.u8(4, 'Length'), position: r.u8(5, 'Position') };
    }
    return m;
  }

  /** The layout of a struct, class, union or enum (by type index or name), or undefined when there is none. */
  layout(typeOrName: number | string): TypeLayout | undefined {
    const found = typeof typeOrName === 'string' ? this.find(typeOrName) : typeOrName;
    if (found === undefined) return undefined;
    const index = this.resolve(found);
    const rec = this.table.get(index);
    if (!rec) return undefined;
    const h = readStructHeader(this.table, rec);
    if (!h) return undefined;
    const members: LayoutMember[] = [];
    const enumerators: { name: string; value: bigint }[] = [];
    if (h.fieldList) this.fieldList(h.fieldList, members, enumerators, new Set());
    const out: TypeLayout = { name: h.name, kind: h.kind, size: h.kind === 'enum' ? this.sizeOf(h.underlying ?? 0x74) : h.size, typeIndex: index, members };
    if (h.kind === 'enum') out.enumerators = enumerators;
    return out;
  }
}

/** `dt module!Type` text: a heading, then "   +0x000 Name             : Type" per member. */
export function formatDt(layout: TypeLayout, moduleName?: string): string[] {
  const lines = [`${moduleName ? moduleName + '!' : ''}${layout.name}`];
  if (layout.kind === 'enum') {
    for (const e of layout.enumerators ?? []) lines.push(`   ${e.name} = 0n${e.value}`);
    return lines;
  }
  for (const m of layout.members) {
    lines.push(`   +0x${m.offset.toString(16).padStart(3, '0')} ${m.name.padEnd(16)} : ${m.typeText}`);
  }
  return lines;
}
