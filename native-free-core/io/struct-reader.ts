import type { ByteSource } from './byte-source';
import { ParseError } from './parse-error';

/**
 * Little-endian field reader over one structure's bytes. Every read is
 * bounds-checked against the structure, and errors carry the file offset of
 * the field that was out of range.
 */
export class StructReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly fileName: string,
    readonly structure: string,
    /** File offset of bytes[0], for error messages. */
    readonly baseOffset: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  static at(source: ByteSource, offset: number, length: number, structure: string): StructReader {
    return new StructReader(source.read(offset, length, structure), source.name, structure, offset);
  }

  get length(): number {
    return this.bytes.length;
  }

  private need(at: number, size: number, field: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + size > this.bytes.length) {
      throw new ParseError(
        'truncated',
        this.fileName,
        `${this.structure}.${field}`,
        this.baseOffset + Math.max(0, at),
        `field of ${size} bytes lies outside the ${this.bytes.length}-byte structure`,
      );
    }
  }

  u8(at: number, field = 'u8'): number {
    this.need(at, 1, field);
    return this.view.getUint8(at);
  }
  u16(at: number, field = 'u16'): number {
    this.need(at, 2, field);
    return this.view.getUint16(at, true);
  }
  u32(at: number, field = 'u32'): number {
    this.need(at, 4, field);
    return this.view.getUint32(at, true);
  }
  i32(at: number, field = 'i32'): number {
    this.need(at, 4, field);
    return this.view.getInt32(at, true);
  }
  u64(at: number, field = 'u64'): bigint {
    this.need(at, 8, field);
    return this.view.getBigUint64(at, true);
  }
  /** A u64 that must fit a JS number (file offsets, sizes); throws 'limit' otherwise. */
  u64n(at: number, field = 'u64'): number {
    const v = this.u64(at, field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ParseError('limit', this.fileName, `${this.structure}.${field}`, this.baseOffset + at, `value 0x${v.toString(16)} is too large`);
    }
    return Number(v);
  }
  slice(at: number, size: number, field = 'bytes'): Uint8Array {
    this.need(at, size, field);
    return this.bytes.subarray(at, at + size);
  }
  /** ASCII/Latin-1 text of a fixed-size field, cut at the first NUL. */
  ascii(at: number, size: number, field = 'text'): string {
    const b = this.slice(at, size, field);
    let s = '';
    for (let i = 0; i < b.length && b[i] !== 0; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  /** UTF-16LE text of a fixed byte size, cut at the first NUL. */
  utf16(at: number, byteSize: number, field = 'text'): string {
    const b = this.slice(at, byteSize & ~1, field);
    let s = '';
    for (let i = 0; i + 1 < b.length; i += 2) {
      const c = b[i]! | (b[i + 1]! << 8);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
  fail(kind: ParseError['kind'], at: number, field: string, detail: string): never {
    throw new ParseError(kind, this.fileName, `${this.structure}.${field}`, this.baseOffset + at, detail);
  }
}
