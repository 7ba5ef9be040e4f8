import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';
import type { ImageReader } from './image-reader';
import type { RUNTIME_FUNCTION } from './pdata';

export const UNW_FLAG_EHANDLER = 1;
export const UNW_FLAG_UHANDLER = 2;
export const UNW_FLAG_CHAININFO = 4;

export const UWOP_PUSH_NONVOL = 0;
export const UWOP_ALLOC_LARGE = 1;
export const UWOP_ALLOC_SMALL = 2;
export const UWOP_SET_FPREG = 3;
export const UWOP_SAVE_NONVOL = 4;
export const UWOP_SAVE_NONVOL_FAR = 5;
/** Version 1: UWOP_SAVE_XMM; version 2: UWOP_EPILOG. */
export const UWOP_EPILOG = 6;
/** Version 1: UWOP_SAVE_XMM_FAR; version 2: UWOP_SPARE_CODE. */
export const UWOP_SPARE_CODE = 7;
export const UWOP_SAVE_XMM128 = 8;
export const UWOP_SAVE_XMM128_FAR = 9;
export const UWOP_PUSH_MACHFRAME = 10;

/** One decoded unwind operation, with its operand already combined from the following slots. */
export interface UnwindCode {
  CodeOffset: number;
  UnwindOp: number;
  OpInfo: number;
  /** Allocation size, save offset (bytes) or epilog data, when the op has one. */
  operand?: number;
  /** Number of 16-bit slots the op occupies. */
  slots: number;
}

export interface UNWIND_INFO {
  Version: number;
  Flags: number;
  SizeOfProlog: number;
  CountOfCodes: number;
  FrameRegister: number;
  /** Scaled offset (times 16). */
  FrameOffset: number;
  codes: UnwindCode[];
  /** The parent entry, when UNW_FLAG_CHAININFO is set. */
  chained?: RUNTIME_FUNCTION;
  exceptionHandler?: number;
}

/** Slots each op uses (Microsoft's x64 exception-handling documentation). */
export function unwindCodeSlots(op: number, info: number, _version: number): number {
  switch (op) {
    case UWOP_PUSH_NONVOL: case UWOP_ALLOC_SMALL: case UWOP_SET_FPREG: case UWOP_PUSH_MACHFRAME:
      return 1;
    case UWOP_ALLOC_LARGE:
      return info === 0 ? 2 : 3;
    case UWOP_SAVE_NONVOL: case UWOP_SAVE_XMM128:
      return 2;
    case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR:
      return 3;
    case UWOP_EPILOG:
      return 2;
    case UWOP_SPARE_CODE:
      return 3;
    default:
      return 1;
  }
}

/** Decodes UNWIND_INFO at an RVA: codes with operands, chained parent and handler. */
export function readUnwindInfo(image: ImageReader, rva: number): UNWIND_INFO {
  const head = new StructReader(image.read(rva, 4, 'UNWIND_INFO'), image.name, 'UNWIND_INFO', rva);
  const b0 = head.u8(0, 'VersionAndFlags');
  const Version = b0 & 7;
  const Flags = b0 >> 3;
  if (Version !== 1 && Version !== 2) throw new ParseError('unsupported', image.name, 'UNWIND_INFO.Version', rva, `version ${Version}`);
  const SizeOfProlog = head.u8(1, 'SizeOfProlog');
  const CountOfCodes = head.u8(2, 'CountOfCodes');
  const b3 = head.u8(3, 'FrameRegisterAndOffset');
  const slotsTotal = CountOfCodes + (CountOfCodes & 1);
  const tail = Flags & (UNW_FLAG_CHAININFO | UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER) ? (Flags & UNW_FLAG_CHAININFO ? 12 : 4) : 0;
  const r = new StructReader(image.read(rva, 4 + slotsTotal * 2 + tail, 'UNWIND_INFO'), image.name, 'UNWIND_INFO', rva);
  const codes: UnwindCode[] = [];
  for (let i = 0; i < CountOfCodes; ) {
    const at = 4 + i * 2;
    const CodeOffset = r.u8(at, 'UnwindCode.CodeOffset');
    const opByte = r.u8(at + 1, 'UnwindCode.UnwindOp');
    const UnwindOp = opByte & 15;
    const OpInfo = opByte >> 4;
    const slots = unwindCodeSlots(UnwindOp, OpInfo, Version);
    if (i + slots > CountOfCodes) r.fail('invalid', at, 'UnwindCode', `op ${UnwindOp} needs ${slots} slots but only ${CountOfCodes - i} remain`);
    const code: UnwindCode = { CodeOffset, UnwindOp, OpInfo, slots };
    const s16 = (k: number) => r.u16(at + 2 * k, 'UnwindCode.operand');
    switch (UnwindOp) {
      case UWOP_ALLOC_LARGE:
        code.operand = OpInfo === 0 ? s16(1) * 8 : s16(1) + s16(2) * 0x10000;
        break;
      case UWOP_ALLOC_SMALL:
        code.operand = OpInfo * 8 + 8;
        break;
      case UWOP_SAVE_NONVOL:
        code.operand = s16(1) * 8;
        break;
      case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR:
        code.operand = s16(1) + s16(2) * 0x10000;
        break;
      case UWOP_SAVE_XMM128:
        code.operand = s16(1) * 16;
        break;
      case UWOP_EPILOG: case UWOP_SPARE_CODE:
        code.operand = s16(1);
        break;
    }
    codes.push(code);
    i += slots;
  }
  const info: UNWIND_INFO = { Version, Flags, SizeOfProlog, CountOfCodes, FrameRegister: b3 & 15, FrameOffset: b3 >> 4, codes };
  const after = 4 + slotsTotal * 2;
  if (Flags & UNW_FLAG_CHAININFO) {
    info.chained = { BeginAddress: r.u32(after, 'ChainedFunction.BeginAddress'), EndAddress: r.u32(after + 4, 'ChainedFunction.EndAddress'), UnwindInfoAddress: r.u32(after + 8, 'ChainedFunction.UnwindInfoAddress') };
  } else if (Flags & (UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER)) {
    info.exceptionHandler = r.u32(after, 'ExceptionHandler');
  }
  return info;
}
