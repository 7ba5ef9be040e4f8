import type { StructReader } from '../../io/struct-reader';

/** winnt.h CONTEXT_CHUNK: Offset is relative to the CONTEXT_EX that holds it (negative for the CONTEXT before it). */
export interface CONTEXT_CHUNK {
  Offset: number;
  Length: number;
}

/** winnt.h CONTEXT_EX, written right after the fixed CONTEXT when ContextFlags has the XSTATE bit. */
export interface CONTEXT_EX {
  All: CONTEXT_CHUNK;
  Legacy: CONTEXT_CHUNK;
  XState: CONTEXT_CHUNK;
}
export const SIZEOF_CONTEXT_EX = 24;

export function readCONTEXT_EX(r: StructReader, at: number): CONTEXT_EX {
  const chunk = (o: number, name: string) => ({ Offset: r.i32(at + o, `CONTEXT_EX.${name}.Offset`), Length: r.u32(at + o + 4, `CONTEXT_EX.${name}.Length`) });
  return { All: chunk(0, 'All'), Legacy: chunk(8, 'Legacy'), XState: chunk(16, 'XState') };
}

/** XSTATE feature numbers (winnt.h XSTATE_*). */
export const XSTATE_CET_U = 11;
/** Offsets in XSTATE feature tables count the 512-byte legacy FXSAVE area, which the CONTEXT keeps elsewhere. */
export const XSAVE_LEGACY_SIZE = 512;
/** XSAVE_AREA_HEADER: Mask, CompactionMask, Reserved[6]. */
export const SIZEOF_XSAVE_AREA_HEADER = 64;

/** Where one XSTATE feature lives in the XSAVE area, as MINIDUMP_MISC_INFO_5.XStateData lists it. */
export interface XStateFeature {
  Offset: number;
  Size: number;
}
