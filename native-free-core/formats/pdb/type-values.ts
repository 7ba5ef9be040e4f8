import type { AddressSpace } from '../../model/address-space';
import { hex, windbgAddress } from '../../model/hex';
import type { LayoutMember, TypeLayout, TypeLayouts, TypeShape } from './type-layout';

/** One member of `dt TYPE [ADDRESS]`. The shape of `crashbench dt --json` and of the 'case:dt' channel. */
export interface DtField {
  offset: number;
  name: string;
  /** the type as `dt` without an address prints it: "Ptr64 _LIST_ENTRY", "[16] UChar", "Pos 3, 29 Bits" */
  type: string;
  bits?: { position: number; length: number };
  /** with an address: the value as WinDbg prints it ("0n6", "0xfffff880`0106f141 _LIST_ENTRY", "0y101", "_LIST_ENTRY [ … - … ]") */
  value?: string;
  /** with an address, for integers, pointers, enums and bit fields: the raw bits as unsigned lower-case 0x hex (-6 in an Int4B is 0xfffffffa) */
  numeric?: string;
  /** with an address: the field's own address */
  address?: string;
  /** with an address: the dump does not hold the field's bytes */
  unreadable?: true;
  /** with depth (dt -rN): the members of a nested structure or union; offsets relative to it */
  children?: DtField[];
}

export interface DtResult {
  /** "module!Type", or "Type" for a PDB given on its own */
  type: string;
  module?: string;
  kind: 'struct' | 'class' | 'union' | 'enum';
  size: number;
  address?: string;
  fields: DtField[];
  enumerators?: { name: string; value: number }[];
  /** e.g. "the dump holds none of the 0x48 bytes at 0x…" */
  note?: string;
}

const MAX_STRING_BYTES = 1024;

/** Deepest nesting `depth` may ask for (WinDbg's -r takes one digit). */
export const MAX_DT_DEPTH = 9;

/**
 * `dt` of one type: its layout, and with `address` and `memory`, each
 * field's value read from the dump as WinDbg prints it. `depth` expands
 * nested structures and unions that many levels (WinDbg's `dt -rN`).
 */
export function dtValues(layouts: TypeLayouts, layout: TypeLayout, options: { module?: string; memory?: AddressSpace; address?: bigint; depth?: number } = {}): DtResult {
  const { memory, address } = options;
  const out: DtResult = {
    type: options.module ? `${options.module}!${layout.name}` : layout.name,
    ...(options.module ? { module: options.module } : {}),
    kind: layout.kind,
    size: layout.size,
    ...(address !== undefined ? { address: hex(address) } : {}),
    fields: [],
  };
  if (layout.kind === 'enum') {
    out.enumerators = (layout.enumerators ?? []).map((e) => ({ name: e.name, value: Number(e.value) }));
    return out;
  }
  const reader = memory && address !== undefined ? new ValueReader(layouts, memory) : undefined;
  out.fields = fieldsOf(layouts, layout, reader, address, Math.min(options.depth ?? 0, MAX_DT_DEPTH));
  if (reader && out.fields.length > 0 && out.fields.every((f) => f.unreadable)) {
    out.note = `the dump holds none of the 0x${layout.size.toString(16)} bytes at ${hex(address!)}`;
  }
  return out;
}

function fieldsOf(layouts: TypeLayouts, layout: TypeLayout, reader: ValueReader | undefined, address: bigint | undefined, depth: number): DtField[] {
  return layout.members.map((m) => {
    const f: DtField = { offset: m.offset, name: m.name, type: m.typeText };
    if (m.bitfield) f.bits = { position: m.bitfield.position, length: m.bitfield.length };
    const at = address === undefined ? undefined : address + BigInt(m.offset);
    if (reader && at !== undefined) {
      f.address = hex(at);
      const v = reader.member(m, at);
      if (v) {
        f.value = v.text;
        if (v.numeric !== undefined) f.numeric = hex(v.numeric);
      } else f.unreadable = true;
    }
    if (depth > 0) {
      const shape = layouts.shape(m.typeIndex);
      const nested = shape.kind === 'udt' ? layouts.layout(shape.index) : undefined;
      if (nested && nested.members.length > 0) f.children = fieldsOf(layouts, nested, reader, at, depth - 1);
    }
    return f;
  });
}

/** The `dt` text of a result: a heading, then "   +0x000 Name             : value-or-type" per member, nested members indented. */
export function formatDtResult(r: DtResult): string[] {
  const lines = [r.address ? `${r.type} at ${r.address}` : r.type];
  if (r.note) lines.push(`   (${r.note})`);
  for (const e of r.enumerators ?? []) lines.push(`   ${e.name} = 0n${e.value}`);
  const add = (fields: DtField[], level: number) => {
    for (const f of fields) {
      // when the dump holds none of it, the note says so once and the members show their types
      const right = f.unreadable ? (r.note ? f.type : `?? (not in the dump at ${f.address})`) : (f.value ?? f.type);
      lines.push(`${'   '.repeat(level)}+0x${f.offset.toString(16).padStart(3, '0')} ${f.name.padEnd(16)} : ${right}`);
      if (f.children) add(f.children, level + 1);
    }
  };
  add(r.fields, 1);
  return lines;
}

/** Unsigned numbers as WinDbg's dt prints them: 0-9 bare, else 0x hex with a backtick above 32 bits. */
export function windbgUnsigned(v: bigint): string {
  if (v < 10n) return v.toString();
  return '0x' + splitHigh(v);
}

function splitHigh(v: bigint): string {
  const high = v >> 32n;
  return high > 0n ? `${high.toString(16)}\`${(v & 0xffffffffn).toString(16).padStart(8, '0')}` : v.toString(16);
}

function le(bytes: Uint8Array, size: number): bigint {
  let v = 0n;
  for (let i = Math.min(size, bytes.length) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

function charText(code: number): string {
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '';
}

class ValueReader {
  constructor(
    private readonly layouts: TypeLayouts,
    private readonly memory: AddressSpace,
  ) {}

  member(m: LayoutMember, at: bigint): { text: string; numeric?: bigint } | null {
    return this.value(this.layouts.shape(m.typeIndex), at, m.typeText);
  }

  private pointerText(v: bigint, size: number): string {
    return '0x' + windbgAddress(v, size === 4 ? 32 : 64);
  }

  private value(s: TypeShape, at: bigint, typeText: string): { text: string; numeric?: bigint } | null {
    switch (s.kind) {
      case 'base': {
        const b = this.memory.read(at, s.size);
        if (!b) return null;
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        if (s.float) return { text: String(s.size === 4 ? dv.getFloat32(0, true) : s.size === 8 ? dv.getFloat64(0, true) : NaN) };
        const raw = le(b, s.size);
        const v = s.signed ? BigInt.asIntN(s.size * 8, raw) : raw;
        let text = s.signed ? `0n${v}` : windbgUnsigned(v);
        if (s.char) text += ` '${charText(Number(raw))}'`;
        return { text, numeric: raw };
      }
      case 'pointer': {
        const b = this.memory.read(at, s.size);
        if (!b) return null;
        const v = le(b, s.size);
        return { text: v === 0n ? '(null)' : `${this.pointerText(v, s.size)} ${this.layouts.typeText(s.referent)}`, numeric: v };
      }
      case 'bitfield': {
        const size = this.layouts.sizeOf(s.base);
        const b = this.memory.read(at, size);
        if (!b) return null;
        const v = (le(b, size) >> BigInt(s.position)) & ((1n << BigInt(s.length)) - 1n);
        const bin = `0y${v.toString(2).padStart(s.length, '0')}`;
        return { text: s.length > 8 ? `${bin} (${hex(v)})` : bin, numeric: v };
      }
      case 'enum': {
        const b = this.memory.read(at, s.size);
        if (!b) return null;
        const raw = le(b, s.size);
        const v = s.signed ? BigInt.asIntN(s.size * 8, raw) : raw;
        const name = this.layouts.layout(s.index)?.enumerators?.find((e) => e.value === v || BigInt.asUintN(s.size * 8, e.value) === raw)?.name;
        return { text: `${windbgUnsigned(raw)} ${name ? `( ${name} )` : '(No matching name)'}`, numeric: raw };
      }
      case 'array': return this.array(s, at, typeText);
      case 'udt': return this.udt(s, at);
      case 'none': return { text: typeText };
    }
  }

  /** Character arrays show their text (`[15]  "System"`); other arrays their type, as dt does. */
  private array(s: Extract<TypeShape, { kind: 'array' }>, at: bigint, typeText: string): { text: string } | null {
    const e = this.layouts.shape(s.element);
    if (e.kind !== 'base' || !e.char) return this.memory.read(at, 1) ? { text: typeText } : null;
    const b = this.memory.read(at, Math.min(s.size, MAX_STRING_BYTES));
    if (!b) return null;
    return { text: `[${s.count}]  "${decodeChars(b, e.char)}"` };
  }

  private udt(s: Extract<TypeShape, { kind: 'udt' }>, at: bigint): { text: string } | null {
    const p = this.memory.pointerSize;
    const name = s.name;
    if (/^_?LIST_ENTRY(32|64)?$/.test(name) && s.size === 2 * p) {
      const b = this.memory.read(at, s.size);
      if (!b) return null;
      return { text: `${name} [ ${this.pointerText(le(b, p), p)} - ${this.pointerText(le(b.subarray(p), p), p)} ]` };
    }
    if (/^_U?LARGE_INTEGER$/.test(name) && s.size === 8) {
      const b = this.memory.read(at, 8);
      if (!b) return null;
      return { text: `${name} 0x${splitHigh(le(b, 8))}` };
    }
    const counted = /^_(UNICODE_STRING|STRING|ANSI_STRING)$/.exec(name);
    if (counted && s.size === 2 * p) {
      const b = this.memory.read(at, s.size);
      if (!b) return null;
      const length = Number(le(b, 2));
      const buffer = le(b.subarray(p), p);
      const unit = counted[1] === 'UNICODE_STRING' ? 2 : 1;
      if (length === 0) return { text: `${name} ""` };
      const text = this.memory.read(buffer, Math.min(length, MAX_STRING_BYTES));
      return { text: text ? `${name} "${decodeChars(text, unit)}"` : `${name} "--- memory read error at address ${this.pointerText(buffer, p)} ---"` };
    }
    // a nested structure shows its name, as dt does without -r; it still needs its first byte in the dump
    return this.memory.read(at, 1) ? { text: name } : null;
  }
}

/** Text of a character array or counted string, up to its first NUL; control characters as '.'. */
function decodeChars(b: Uint8Array, unit: 1 | 2): string {
  let s = '';
  for (let i = 0; i + unit <= b.length; i += unit) {
    const c = unit === 2 ? b[i]! | (b[i + 1]! << 8) : b[i]!;
    if (c === 0) break;
    s += c < 0x20 || c === 0x7f ? '.' : String.fromCharCode(c);
  }
  return s;
}
