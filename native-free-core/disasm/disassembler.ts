/**
 * The core's view of a disassembler. iced-x86 does not run in the browser
 * bundle, so main/ supplies the implementation (main/disasm/iced.ts) and the
 * core only sees this interface.
 */
export interface MemoryOperand {
  /** lower-case 64/32-bit register names, e.g. "rcx"; undefined when absent. */
  base?: string;
  index?: string;
  scale: number;
  /** signed displacement */
  displacement: bigint;
  /** operand size in bytes (0 when unknown, e.g. lea) */
  size: number;
  segment?: string;
  /** rip-relative operands have their absolute address here. */
  absolute?: bigint;
}

export type FlowKind = 'next' | 'branch' | 'conditional-branch' | 'call' | 'return' | 'interrupt' | 'indirect-branch' | 'indirect-call' | 'exception';

export interface DecodedInstruction {
  address: bigint;
  length: number;
  bytes: Uint8Array;
  /** lower-case mnemonic, e.g. "mov" */
  mnemonic: string;
  /** operands in MASM/WinDbg style, e.g. "rax,qword ptr [rsi+20h]" */
  operands: string;
  /** full text "mov rax,qword ptr [rsi+20h]" */
  text: string;
  /** the memory operand, if any (first one) */
  memory?: MemoryOperand;
  /** true when the instruction reads memory through `memory` (lea does not). */
  readsMemory: boolean;
  writesMemory: boolean;
  /** full-width register names written, e.g. ["rsi"] for `mov esi,...` (normalised to the 64-bit register on x64). */
  registersWritten: string[];
  registersRead: string[];
  flow: FlowKind;
  branchTarget?: bigint;
  invalid: boolean;
}

export interface Disassembler {
  decode(bytes: Uint8Array, address: bigint, bitness: 32 | 64, maxInstructions?: number): DecodedInstruction[];
}
