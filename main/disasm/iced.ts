import { createRequire } from 'node:module';
import type * as Iced from 'iced-x86';
import type { DecodedInstruction, Disassembler, FlowKind, MemoryOperand } from '../../native-free-core/disasm/disassembler';
import { windbgAddress } from '../../native-free-core/model/hex';

/** Most instructions a single decode() call returns, whatever the caller asks. */
const MAX_INSTRUCTIONS = 4096;

type Instruction = Iced.Instruction;
type OpKind = Iced.OpKind;
type Register = Iced.Register;

let icedModule: typeof Iced | undefined;
/** iced-x86 is required on first use: loading its wasm takes about 100 ms, which a stack walk with unwind data never needs. */
function iced(): typeof Iced {
  icedModule ??= createRequire(import.meta.url)('iced-x86') as typeof Iced;
  return icedModule;
}

let flowKinds: Record<number, FlowKind> | undefined;
function flowKindOf(flow: Iced.FlowControl): FlowKind {
  const { FlowControl } = iced();
  flowKinds ??= {
  [FlowControl.Next]: 'next',
  [FlowControl.UnconditionalBranch]: 'branch',
  [FlowControl.IndirectBranch]: 'indirect-branch',
  [FlowControl.ConditionalBranch]: 'conditional-branch',
  [FlowControl.Return]: 'return',
  [FlowControl.Call]: 'call',
  [FlowControl.IndirectCall]: 'indirect-call',
  [FlowControl.Interrupt]: 'interrupt',
  [FlowControl.XbeginXabortXend]: 'conditional-branch',
  [FlowControl.Exception]: 'exception',
  };
  return flowKinds[flow] ?? 'next';
}

let accessSets: { write: Set<Iced.OpAccess>; read: Set<Iced.OpAccess> } | undefined;
function accesses(): { write: Set<Iced.OpAccess>; read: Set<Iced.OpAccess> } {
  const { OpAccess } = iced();
  accessSets ??= {
    write: new Set([OpAccess.Write, OpAccess.CondWrite, OpAccess.ReadWrite, OpAccess.ReadCondWrite]),
    read: new Set([OpAccess.Read, OpAccess.CondRead, OpAccess.ReadWrite, OpAccess.ReadCondWrite]),
  };
  return accessSets;
}

/**
 * iced-x86 behind the core's Disassembler interface, printing MASM the way
 * WinDbg does: lower case, `qword ptr`, hex with an `h` suffix, branch
 * targets as `fffff880`0106f13e`.
 */
export class IcedDisassembler implements Disassembler {
  private readonly formatter: Iced.Formatter;
  private readonly infoFactory: Iced.InstructionInfoFactory;

  constructor() {
    const { Formatter, FormatterSyntax, MemorySizeOptions, InstructionInfoFactory } = iced();
    this.formatter = new Formatter(FormatterSyntax.Masm);
    this.formatter.memorySizeOptions = MemorySizeOptions.Always;
    this.formatter.uppercaseHex = true;
    this.formatter.showBranchSize = false;
    this.formatter.spaceAfterOperandSeparator = false;
    this.infoFactory = new InstructionInfoFactory();
  }

  decode(bytes: Uint8Array, address: bigint, bitness: 32 | 64, maxInstructions = MAX_INSTRUCTIONS): DecodedInstruction[] {
    const limit = Math.max(0, Math.min(maxInstructions, MAX_INSTRUCTIONS));
    const out: DecodedInstruction[] = [];
    if (bytes.length === 0 || limit === 0) return out;
    const { Decoder, DecoderOptions } = iced();
    const decoder = new Decoder(bitness, bytes, DecoderOptions.None);
    try {
      decoder.ip = address;
      while (decoder.canDecode && out.length < limit) {
        const offset = decoder.position;
        const instr = decoder.decode();
        try {
          out.push(this.convert(instr, bytes.subarray(offset, offset + instr.length), bitness));
        } finally {
          instr.free();
        }
      }
    } finally {
      decoder.free();
    }
    return out;
  }

  /** Frees the wasm objects; the instance is unusable afterwards. */
  dispose(): void {
    this.formatter.free();
    this.infoFactory.free();
  }

  private convert(instr: Instruction, bytes: Uint8Array, bitness: 32 | 64): DecodedInstruction {
    const address = instr.ip;
    const invalid = instr.isInvalid;
    if (invalid) {
      return {
        address, length: instr.length, bytes: bytes.slice(), mnemonic: '???', operands: '', text: '???',
        readsMemory: false, writesMemory: false, registersWritten: [], registersRead: [], flow: 'exception', invalid: true,
      };
    }
    const { Mnemonic, OpKind } = iced();
    const flow = flowKindOf(instr.flowControl);
    const hasDirectTarget = (flow === 'branch' || flow === 'conditional-branch' || flow === 'call') && isNearBranchOperand(instr.op0Kind);
    const branchTarget = hasDirectTarget ? instr.nearBranchTarget : undefined;

    const mnemonic = this.formatter.formatMnemonic(instr).toLowerCase();
    const operands = hasDirectTarget && branchTarget !== undefined
      ? windbgAddress(branchTarget, bitness)
      : lowerOutsideHex(this.formatter.formatAllOperands(instr));
    const text = operands ? `${mnemonic} ${operands}` : mnemonic;

    const info = this.infoFactory.info(instr);
    let registersWritten: string[] = [];
    let registersRead: string[] = [];
    let memory: MemoryOperand | undefined;
    let readsMemory = false;
    let writesMemory = false;
    try {
      const written = new Set<string>();
      const read = new Set<string>();
      for (const used of info.usedRegisters() as { register: Register; access: Iced.OpAccess; free(): void }[]) {
        const name = this.registerName(used.register, bitness);
        if (name) {
          if (accesses().write.has(used.access)) written.add(name);
          if (accesses().read.has(used.access)) read.add(name);
        }
        used.free();
      }
      registersWritten = [...written];
      registersRead = [...read];
      for (const used of info.usedMemory() as { access: Iced.OpAccess; free(): void }[]) {
        if (accesses().read.has(used.access)) readsMemory = true;
        if (accesses().write.has(used.access)) writesMemory = true;
        used.free();
      }
    } finally {
      info.free();
    }
    for (let i = 0; i < instr.opCount; i++) {
      const kind = instr.opKind(i);
      if (kind === OpKind.Memory) {
        memory = this.memoryOperand(instr, bitness);
        break;
      }
    }
    if (instr.mnemonic === Mnemonic.Lea) readsMemory = false;

    return {
      address, length: instr.length, bytes: bytes.slice(), mnemonic, operands, text, memory,
      readsMemory, writesMemory, registersWritten, registersRead, flow, branchTarget, invalid: false,
    };
  }

  private memoryOperand(instr: Instruction, bitness: 32 | 64): MemoryOperand {
    const { Mnemonic, MemorySizeExt, Register } = iced();
    const base = instr.memoryBase;
    const index = instr.memoryIndex;
    const ripRelative = instr.isIpRelMemoryOperand;
    const segment = instr.memorySegment;
    const displacement = bitness === 64 ? BigInt.asIntN(64, instr.memoryDisplacement) : BigInt.asIntN(32, instr.memoryDisplacement);
    const operand: MemoryOperand = {
      scale: instr.memoryIndexScale,
      displacement: ripRelative ? 0n : displacement,
      size: instr.mnemonic === Mnemonic.Lea ? 0 : MemorySizeExt.size(instr.memorySize),
    };
    if (ripRelative) operand.absolute = instr.ipRelMemoryAddress;
    else if (base !== Register.None) operand.base = this.formatter.formatRegister(base).toLowerCase();
    if (index !== Register.None) operand.index = this.formatter.formatRegister(index).toLowerCase();
    if (segment !== Register.None && instr.hasSegmentPrefix) operand.segment = this.formatter.formatRegister(segment).toLowerCase();
    if (!ripRelative && base === Register.None && index === Register.None) operand.absolute = BigInt.asUintN(bitness, instr.memoryDisplacement);
    return operand;
  }

  private registerName(register: Register, bitness: 32 | 64): string | undefined {
    const { Register, RegisterExt } = iced();
    if (register === Register.None) return undefined;
    let full: Register = register;
    if (RegisterExt.isGPR(register)) full = bitness === 64 ? RegisterExt.fullRegister(register) : RegisterExt.fullRegister32(register);
    return this.formatter.formatRegister(full).toLowerCase();
  }
}

function isNearBranchOperand(kind: OpKind): boolean {
  const { OpKind } = iced();
  return kind === OpKind.NearBranch16 || kind === OpKind.NearBranch32 || kind === OpKind.NearBranch64;
}

/** Lower-cases everything but keeps WinDbg's hex spelling (`0FFFFFFFFh`, `20h`) as iced prints it. */
function lowerOutsideHex(text: string): string {
  return text.replace(/[0-9][0-9A-F]*h\b|[^0-9]+|[0-9]+/g, (part) => (/^[0-9][0-9A-F]*h$/.test(part) ? part : part.toLowerCase()));
}
