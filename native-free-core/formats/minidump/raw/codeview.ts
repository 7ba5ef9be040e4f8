import type { StructReader } from '../../../io/struct-reader';

/** 'RSDS': PDB 7.0 CodeView record. */
export const CV_SIGNATURE_RSDS = 0x53445352;
/** 'NB10': PDB 2.0 CodeView record. */
export const CV_SIGNATURE_NB10 = 0x3031424e;
/** 'BpEL': Breakpad's ELF build-id record. */
export const CV_SIGNATURE_ELF = 0x4270454c;

export interface GUID {
  Data1: number;
  Data2: number;
  Data3: number;
  Data4: Uint8Array;
}

export interface CV_INFO_PDB70 {
  CvSignature: typeof CV_SIGNATURE_RSDS;
  Signature: GUID;
  Age: number;
  PdbFileName: string;
}

export interface CV_INFO_PDB20 {
  CvSignature: typeof CV_SIGNATURE_NB10;
  Offset: number;
  Signature: number;
  Age: number;
  PdbFileName: string;
}

export interface CV_INFO_ELF {
  CvSignature: typeof CV_SIGNATURE_ELF;
  BuildId: Uint8Array;
}

export type CodeViewRecord = CV_INFO_PDB70 | CV_INFO_PDB20 | CV_INFO_ELF | { CvSignature: number; unknown: true };

export function readGUID(r: StructReader, at: number, field = 'Signature'): GUID {
  return {
    Data1: r.u32(at, `${field}.Data1`),
    Data2: r.u16(at + 4, `${field}.Data2`),
    Data3: r.u16(at + 6, `${field}.Data3`),
    Data4: Uint8Array.from(r.slice(at + 8, 8, `${field}.Data4`)),
  };
}

/** The PDB file name: bytes up to the first NUL, UTF-8 (ASCII in practice). */
function cString(r: StructReader, at: number, field: string): string {
  const bytes = r.slice(at, Math.max(0, r.length - at), field);
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  return new TextDecoder('utf-8').decode(bytes.subarray(0, end));
}

/** Reads the CodeView record a MINIDUMP_MODULE.CvRecord points at. */
export function readCodeViewRecord(r: StructReader): CodeViewRecord {
  const sig = r.u32(0, 'CvSignature');
  if (sig === CV_SIGNATURE_RSDS) {
    return { CvSignature: sig, Signature: readGUID(r, 4), Age: r.u32(20, 'Age'), PdbFileName: cString(r, 24, 'PdbFileName') };
  }
  if (sig === CV_SIGNATURE_NB10) {
    return { CvSignature: sig, Offset: r.u32(4, 'Offset'), Signature: r.u32(8, 'Signature'), Age: r.u32(12, 'Age'), PdbFileName: cString(r, 16, 'PdbFileName') };
  }
  if (sig === CV_SIGNATURE_ELF) return { CvSignature: sig, BuildId: Uint8Array.from(r.slice(4, r.length - 4, 'BuildId')) };
  return { CvSignature: sig, unknown: true };
}
