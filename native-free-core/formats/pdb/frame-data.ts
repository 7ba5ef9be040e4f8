import { StructReader } from '../../io/struct-reader';

/** One x86 frame-layout record from a PDB: FPO_DATA (old FPO stream) or FRAMEDATA (new FPO stream). */
export interface PdbFrameRecord {
  /** 0 = FPO, 4 = FRAME_DATA, as Breakpad's STACK WIN types. */
  type: 0 | 4;
  rva: number;
  codeSize: number;
  prologSize: number;
  localSize: number;
  parameterSize: number;
  savedRegisterSize: number;
  maxStackSize: number;
  allocatesBasePointer: boolean;
  programString?: string;
}

const MAX_RECORDS = 1 << 22;

/** FPO_DATA[]: ulOffStart, cbProcSize, cdwLocals, cdwParams, packed prolog/regs/flags (16 bytes each). */
export function readFpoStream(bytes: Uint8Array, fileName: string): PdbFrameRecord[] {
  const r = new StructReader(bytes, fileName, 'FPO_DATA', 0);
  const out: PdbFrameRecord[] = [];
  for (let p = 0; p + 16 <= bytes.length && out.length < MAX_RECORDS; p += 16) {
    const bits = r.u16(p + 14, 'Attributes');
    out.push({
      type: 0,
      rva: r.u32(p, 'ulOffStart'),
      codeSize: r.u32(p + 4, 'cbProcSize'),
      localSize: r.u32(p + 8, 'cdwLocals') * 4,
      parameterSize: r.u16(p + 12, 'cdwParams') * 4,
      prologSize: bits & 0xff,
      savedRegisterSize: ((bits >> 8) & 7) * 4,
      maxStackSize: 0,
      allocatesBasePointer: ((bits >> 12) & 1) === 1, // cbProlog:8 cbRegs:3 fHasSEH:1 fUseBP:1
    });
  }
  return out;
}

/** FRAMEDATA[] (32 bytes each); the program string is an offset into /names. */
export function readFrameDataStream(bytes: Uint8Array, fileName: string, names: (offset: number) => string | undefined): PdbFrameRecord[] {
  const r = new StructReader(bytes, fileName, 'FRAMEDATA', 0);
  const out: PdbFrameRecord[] = [];
  // The stream may start with a 4-byte version/signature when its length is not a multiple of 32.
  const start = bytes.length % 32 === 4 ? 4 : 0;
  for (let p = start; p + 32 <= bytes.length && out.length < MAX_RECORDS; p += 32) {
    const rec: PdbFrameRecord = {
      type: 4,
      rva: r.u32(p, 'ulRvaStart'),
      codeSize: r.u32(p + 4, 'cbBlock'),
      localSize: r.u32(p + 8, 'cbLocals'),
      parameterSize: r.u32(p + 12, 'cbParams'),
      maxStackSize: r.u32(p + 16, 'cbStkMax'),
      prologSize: r.u16(p + 24, 'cbProlog'),
      savedRegisterSize: r.u16(p + 26, 'cbSavedRegs'),
      allocatesBasePointer: false,
    };
    const program = names(r.u32(p + 20, 'frameFunc'));
    if (program) rec.programString = program;
    out.push(rec);
  }
  return out;
}
