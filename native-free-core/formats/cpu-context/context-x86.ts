import type { StructReader } from '../../io/struct-reader';

/** winnt.h CONTEXT for x86 (0x2cc bytes; 0xcc without ExtendedRegisters). Offsets are Microsoft's. */
export interface CONTEXT_X86 {
  ContextFlags: number;
  Dr0: number;
  Dr1: number;
  Dr2: number;
  Dr3: number;
  Dr6: number;
  Dr7: number;
  /** FLOATING_SAVE_AREA.ControlWord/StatusWord/TagWord. */
  FloatSave: { ControlWord: number; StatusWord: number; TagWord: number };
  SegGs: number;
  SegFs: number;
  SegEs: number;
  SegDs: number;
  Edi: number;
  Esi: number;
  Ebx: number;
  Edx: number;
  Ecx: number;
  Eax: number;
  Ebp: number;
  Eip: number;
  SegCs: number;
  EFlags: number;
  Esp: number;
  SegSs: number;
  /** FXSAVE image, present when the record is 0x2cc bytes or more. */
  hasExtendedRegisters: boolean;
  /** MXCSR from the FXSAVE image (offset 0xcc + 0x18). */
  MxCsr?: number;
}

export function readCONTEXT_X86(r: StructReader): CONTEXT_X86 {
  const hasExtendedRegisters = r.length >= 0x2cc;
  return {
    ContextFlags: r.u32(0x00, 'ContextFlags'),
    Dr0: r.u32(0x04, 'Dr0'),
    Dr1: r.u32(0x08, 'Dr1'),
    Dr2: r.u32(0x0c, 'Dr2'),
    Dr3: r.u32(0x10, 'Dr3'),
    Dr6: r.u32(0x14, 'Dr6'),
    Dr7: r.u32(0x18, 'Dr7'),
    FloatSave: {
      ControlWord: r.u32(0x1c, 'FloatSave.ControlWord'),
      StatusWord: r.u32(0x20, 'FloatSave.StatusWord'),
      TagWord: r.u32(0x24, 'FloatSave.TagWord'),
    },
    SegGs: r.u32(0x8c, 'SegGs'),
    SegFs: r.u32(0x90, 'SegFs'),
    SegEs: r.u32(0x94, 'SegEs'),
    SegDs: r.u32(0x98, 'SegDs'),
    Edi: r.u32(0x9c, 'Edi'),
    Esi: r.u32(0xa0, 'Esi'),
    Ebx: r.u32(0xa4, 'Ebx'),
    Edx: r.u32(0xa8, 'Edx'),
    Ecx: r.u32(0xac, 'Ecx'),
    Eax: r.u32(0xb0, 'Eax'),
    Ebp: r.u32(0xb4, 'Ebp'),
    Eip: r.u32(0xb8, 'Eip'),
    SegCs: r.u32(0xbc, 'SegCs'),
    EFlags: r.u32(0xc0, 'EFlags'),
    Esp: r.u32(0xc4, 'Esp'),
    SegSs: r.u32(0xc8, 'SegSs'),
    hasExtendedRegisters,
    ...(hasExtendedRegisters ? { MxCsr: r.u32(0xcc + 0x18, 'ExtendedRegisters.MxCsr') } : {}),
  };
}
