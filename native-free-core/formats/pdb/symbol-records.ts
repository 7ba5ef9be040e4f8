/** CodeView symbol record kinds that Crashbench reads. */
export const S_UDT = 0x1108;
export const S_CONSTANT = 0x1107;
export const S_LDATA32 = 0x110c;
export const S_GDATA32 = 0x110d;
export const S_PUB32 = 0x110e;
export const S_LPROC32 = 0x110f;
export const S_GPROC32 = 0x1110;
export const S_PROCREF = 0x1125;
export const S_LPROCREF = 0x1127;
export const S_LPROC32_ID = 0x1146;
export const S_GPROC32_ID = 0x1147;

export interface PublicSymbol {
  kind: 'public';
  name: string;
  segment: number;
  offset: number;
  /** CV_PUBSYMFLAGS: 1 code, 2 function, 4 managed, 8 MSIL. */
  flags: number;
}

export interface ProcedureSymbol {
  kind: 'procedure';
  name: string;
  segment: number;
  offset: number;
  codeSize: number;
  typeIndex: number;
  global: boolean;
  module?: number;
}

export interface DataSymbol {
  kind: 'data';
  name: string;
  segment: number;
  offset: number;
  typeIndex: number;
  global: boolean;
}

export interface UdtSymbol {
  kind: 'udt';
  name: string;
  typeIndex: number;
}

export type PdbSymbol = PublicSymbol | ProcedureSymbol | DataSymbol | UdtSymbol;

const utf8 = new TextDecoder('utf-8');

function cstr(b: Uint8Array, at: number, end: number): string {
  let z = at;
  while (z < end && b[z] !== 0) z++;
  return utf8.decode(b.subarray(at, z));
}

/**
 * Reads CodeView symbol records (u16 length, u16 kind, data) from a symbol
 * record stream or a module stream. Records that are cut short or of other
 * kinds are skipped; the walk stops at a length that runs past the end.
 */
export function readSymbolRecords(b: Uint8Array, start: number, end: number, module?: number): PdbSymbol[] {
  const out: PdbSymbol[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const stop = Math.min(end, b.length);
  let p = start;
  while (p + 4 <= stop) {
    const len = v.getUint16(p, true);
    const kind = v.getUint16(p + 2, true);
    const recEnd = p + 2 + len;
    if (len < 2 || recEnd > stop) break;
    const d = p + 4;
    switch (kind) {
      case S_PUB32:
        if (d + 10 <= recEnd) out.push({ kind: 'public', flags: v.getUint32(d, true), offset: v.getUint32(d + 4, true), segment: v.getUint16(d + 8, true), name: cstr(b, d + 10, recEnd) });
        break;
      case S_GPROC32: case S_LPROC32: case S_GPROC32_ID: case S_LPROC32_ID:
        if (d + 35 <= recEnd) {
          const proc: ProcedureSymbol = {
            kind: 'procedure',
            codeSize: v.getUint32(d + 12, true),
            typeIndex: v.getUint32(d + 24, true),
            offset: v.getUint32(d + 28, true),
            segment: v.getUint16(d + 32, true),
            name: cstr(b, d + 35, recEnd),
            global: kind === S_GPROC32 || kind === S_GPROC32_ID,
          };
          if (module !== undefined) proc.module = module;
          out.push(proc);
        }
        break;
      case S_GDATA32: case S_LDATA32:
        if (d + 10 <= recEnd) out.push({ kind: 'data', typeIndex: v.getUint32(d, true), offset: v.getUint32(d + 4, true), segment: v.getUint16(d + 8, true), name: cstr(b, d + 10, recEnd), global: kind === S_GDATA32 });
        break;
      case S_UDT:
        if (d + 4 <= recEnd) out.push({ kind: 'udt', typeIndex: v.getUint32(d, true), name: cstr(b, d + 4, recEnd) });
        break;
      default:
        break;
    }
    p = recEnd;
  }
  return out;
}
