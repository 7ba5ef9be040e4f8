/**
 * A writer of small synthetic PE images for tests and fuzzing: the file
 * layout equals the memory layout (file and section alignment 0x1000), so
 * the same bytes serve as an image file and as an image mapped in a dump.
 */
import { concatBytes } from '../../../io/concat-bytes';

export interface SyntheticSection {
  name: string;
  rva: number;
  bytes: Uint8Array;
  characteristics: number;
}

export interface SyntheticPe {
  is64?: boolean;
  machine?: number;
  imageBase?: bigint;
  timeDateStamp?: number;
  sections: SyntheticSection[];
  /** Data directories by index (0 export, 3 exception, 6 debug). */
  directories?: Record<number, { rva: number; size: number }>;
}

export const SCN_CODE = 0x60000020;
export const SCN_RDATA = 0x40000040;

class Writer {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(at: number, v: number) { this.view.setUint8(at, v); }
  u16(at: number, v: number) { this.view.setUint16(at, v, true); }
  u32(at: number, v: number) { this.view.setUint32(at, v >>> 0, true); }
  u64(at: number, v: bigint) { this.view.setBigUint64(at, v, true); }
  ascii(at: number, s: string) { for (let i = 0; i < s.length; i++) this.bytes[at + i] = s.charCodeAt(i); }
}

export function buildPe(pe: SyntheticPe): Uint8Array {
  const is64 = pe.is64 ?? true;
  const end = Math.max(0x1000, ...pe.sections.map((s) => s.rva + Math.ceil(Math.max(1, s.bytes.length) / 0x1000) * 0x1000));
  const w = new Writer(end);
  w.ascii(0, 'MZ');
  w.u32(0x3c, 0x40);
  w.ascii(0x40, 'PE\0\0');
  w.u16(0x44, pe.machine ?? (is64 ? 0x8664 : 0x14c));
  w.u16(0x46, pe.sections.length);
  w.u32(0x48, pe.timeDateStamp ?? 0x5f000000);
  const optSize = is64 ? 0xf0 : 0xe0;
  w.u16(0x54, optSize);
  w.u16(0x56, 0x22);
  const opt = 0x58;
  w.u16(opt, is64 ? 0x20b : 0x10b);
  w.u32(opt + 16, pe.sections[0]?.rva ?? 0x1000);
  if (is64) w.u64(opt + 24, pe.imageBase ?? 0x140000000n);
  else w.u32(opt + 28, Number(pe.imageBase ?? 0x400000n));
  w.u32(opt + 32, 0x1000);
  w.u32(opt + 36, 0x1000);
  w.u32(opt + 56, end);
  w.u32(opt + 60, 0x1000);
  const countAt = is64 ? 108 : 92;
  w.u32(opt + countAt, 16);
  for (const [k, d] of Object.entries(pe.directories ?? {})) {
    w.u32(opt + countAt + 4 + Number(k) * 8, d.rva);
    w.u32(opt + countAt + 8 + Number(k) * 8, d.size);
  }
  let sh = opt + optSize;
  for (const s of pe.sections) {
    w.ascii(sh, s.name.slice(0, 8));
    w.u32(sh + 8, s.bytes.length);
    w.u32(sh + 12, s.rva);
    const raw = Math.ceil(Math.max(1, s.bytes.length) / 0x1000) * 0x1000;
    w.u32(sh + 16, raw);
    w.u32(sh + 20, s.rva);
    w.u32(sh + 36, s.characteristics);
    w.bytes.set(s.bytes, s.rva);
    sh += 40;
  }
  return w.bytes;
}

/** Lays out pieces one after another from `rva`, 4-aligned, and returns their RVAs and the joined bytes. */
export class SectionBuilder {
  private parts: Uint8Array[] = [];
  private size = 0;
  constructor(readonly rva: number) {}
  add(bytes: Uint8Array): number {
    const at = this.rva + this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    const pad = (4 - (this.size % 4)) % 4;
    if (pad) {
      this.parts.push(new Uint8Array(pad));
      this.size += pad;
    }
    return at;
  }
  /** RVA the next add() will use. */
  next(): number {
    return this.rva + this.size;
  }
  bytes(): Uint8Array {
    return concatBytes(this.parts);
  }
}

export function u32le(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x >>> 0, true));
  return out;
}

export function cstring(s: string): Uint8Array {
  const out = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** UNWIND_INFO bytes: codes are given as raw 16-bit slots (CodeOffset | op << 8 | info << 12, then operands). */
export function unwindInfoBytes(o: {
  version?: number;
  flags?: number;
  prolog: number;
  frameRegister?: number;
  frameOffset?: number;
  slots: number[];
  chained?: [number, number, number];
  handler?: number;
}): Uint8Array {
  const n = o.slots.length;
  const padded = n + (n & 1);
  const tail = o.chained ? 12 : o.handler !== undefined ? 4 : 0;
  const out = new Uint8Array(4 + padded * 2 + tail);
  const v = new DataView(out.buffer);
  out[0] = (o.version ?? 1) | ((o.flags ?? 0) << 3);
  out[1] = o.prolog;
  out[2] = n;
  out[3] = (o.frameRegister ?? 0) | ((o.frameOffset ?? 0) << 4);
  o.slots.forEach((s, i) => v.setUint16(4 + i * 2, s, true));
  const after = 4 + padded * 2;
  if (o.chained) o.chained.forEach((x, i) => v.setUint32(after + i * 4, x, true));
  else if (o.handler !== undefined) v.setUint32(after, o.handler, true);
  return out;
}

/** One UNWIND_CODE slot. */
export function code(offset: number, op: number, info: number): number {
  return offset | (op << 8) | (info << 12);
}
