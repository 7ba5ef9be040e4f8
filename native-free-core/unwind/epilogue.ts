import type { DecodedInstruction, Disassembler } from '../disasm/disassembler';
import { parseMasmNumber, splitOperands } from '../disasm/masm-operands';
import type { AddressSpace } from '../model/address-space';

/**
 * Where a frame's caller is, found by running the function's own code
 * forward from the frame's pc to its `ret` (or `iretq`) and adding up what
 * the epilogue takes off the stack. MSVC's x64 code changes rsp only in
 * prologues and epilogues (`add rsp,N` / `lea rsp,[rsp+N]`, `pop reg`*,
 * `ret` or a tail `jmp`), so the first path from pc to a return gives the
 * frame's size. This is what a debugger needs when a dump holds a module's
 * code around each return address but not its .pdata: Windows triage dumps
 * save 256 bytes of code at every code address found on the stack.
 */
export interface EpilogueResult {
  /** bytes from the frame's rsp to the slot holding the return address (or the machine frame) */
  returnOffset: bigint;
  /** nonvolatile registers the epilogue pops, with their slot's offset from rsp */
  saved: Map<string, bigint>;
  /** `ret n` releases n more bytes of the caller's stack */
  releasedBytes: bigint;
  /**
   * 'interrupt' when the path ends in iretq: the slot holds a machine frame
   * (RIP, CS, RFLAGS, RSP, SS). 'partial' when the dump's copy of the code
   * ends inside the epilogue: only pops can follow, so the return address is
   * at returnOffset or up to eight slots above it.
   */
  kind: 'return' | 'interrupt' | 'partial';
}

interface PathState {
  ip: bigint;
  delta: bigint;
  saved: Map<string, bigint>;
  /** a pop or a stack release was seen: a following jmp is a tail call, not a branch in the body */
  inEpilogue: boolean;
  /** registers holding rsp + offset (MSVC's `lea r11,[rsp+N]` … `mov rsp,r11` epilogues) */
  aliases: Map<string, bigint>;
}

const MAX_INSTRUCTIONS = 400;
const MAX_PATHS = 24;
const WINDOW = 64;
const REGISTERS_64 = new Set(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']);

/** Instructions a whole stack walk may emulate: hostile memory must not make a walk slow. */
export interface EmulationBudget {
  instructionsLeft: number;
}

export function emulateEpilogue(memory: AddressSpace, disassembler: Disassembler, pc: bigint, walkBudget?: EmulationBudget): EpilogueResult | null {
  const pending: PathState[] = [{ ip: pc, delta: 0n, saved: new Map(), inEpilogue: false, aliases: new Map() }];
  const visited = new Set<bigint>();
  let budget = MAX_INSTRUCTIONS;
  const spend = () => {
    if (walkBudget && walkBudget.instructionsLeft-- <= 0) return false;
    return --budget >= 0;
  };
  let paths = 0;
  let partial: EpilogueResult | null = null;
  while (pending.length > 0 && budget > 0 && paths < MAX_PATHS) {
    paths++;
    const state = pending.shift()!;
    const result = followPath(memory, disassembler, state, visited, pending, spend);
    if (result?.kind === 'partial') partial ??= result;
    else if (result) return result;
  }
  return partial;
}

/** Runs one path; conditional branches queue their taken side. Null when the path cannot be followed to a return. */
function followPath(
  memory: AddressSpace,
  disassembler: Disassembler,
  state: PathState,
  visited: Set<bigint>,
  pending: PathState[],
  spend: () => boolean,
): EpilogueResult | null {
  for (;;) {
    const window = readCode(memory, state.ip);
    if (window.length === 0) return state.inEpilogue ? { returnOffset: state.delta, saved: state.saved, releasedBytes: 0n, kind: 'partial' } : null;
    const decoded = disassembler.decode(window, state.ip, 64, 16);
    let advanced = false;
    for (const insn of decoded) {
      if (insn.invalid || insn.address + BigInt(insn.length) > state.ip + BigInt(window.length)) break;
      if (visited.has(insn.address) || !spend()) return null;
      visited.add(insn.address);
      const step = apply(insn, state);
      if (step === 'fail') return null;
      if (step !== 'next' && 'returnOffset' in step) return step;
      if (step !== 'next') {
        if (step.queue !== undefined) pending.push({ ...state, saved: new Map(state.saved), aliases: new Map(state.aliases), ip: step.queue });
        if (step.jump !== undefined) {
          state.ip = step.jump;
          advanced = true;
          break;
        }
      }
      state.ip = insn.address + BigInt(insn.length);
      advanced = true;
    }
    if (!advanced) return state.inEpilogue ? { returnOffset: state.delta, saved: state.saved, releasedBytes: 0n, kind: 'partial' } : null;
  }
}

type Step = 'next' | 'fail' | EpilogueResult | { jump?: bigint; queue?: bigint };

function apply(insn: DecodedInstruction, state: PathState): Step {
  const m = insn.mnemonic;
  const [dst, src] = splitOperands(insn.operands) as [string | undefined, string | undefined];
  switch (insn.flow) {
    case 'return':
      if (m === 'iretq') return { returnOffset: state.delta, saved: state.saved, releasedBytes: 0n, kind: 'interrupt' };
      if (m !== 'ret') return 'fail';
      return { returnOffset: state.delta, saved: state.saved, releasedBytes: src === undefined && dst ? immediate(dst) ?? 0n : 0n, kind: 'return' };
    case 'branch':
      // After the epilogue has begun, a jmp leaves the function: a tail call, with rsp at the return address.
      if (state.inEpilogue || state.delta > 0n) return tailCall(state);
      return insn.branchTarget === undefined ? 'fail' : { jump: insn.branchTarget };
    case 'indirect-branch':
      return state.inEpilogue || state.delta > 0n ? tailCall(state) : 'fail';
    case 'conditional-branch':
      return insn.branchTarget === undefined ? 'next' : { queue: insn.branchTarget };
    case 'call':
    case 'indirect-call':
      return 'next';
    case 'interrupt':
    case 'exception':
      return 'fail';
    default:
      break;
  }
  if (m === 'pop' && dst && REGISTERS_64.has(dst)) {
    // Below the frame's rsp the slot holds what a push on this path stored: the register keeps its value.
    if (state.delta < 0n) state.saved.delete(dst);
    else state.saved.set(dst, state.delta);
    state.delta += 8n;
    state.inEpilogue = true;
    return 'next';
  }
  if (m === 'push' || m === 'pushfq') {
    state.delta -= 8n;
    return 'next';
  }
  if (m === 'popfq') {
    state.delta += 8n;
    return 'next';
  }
  if (dst === 'rsp' && (m === 'add' || m === 'sub') && src !== undefined) {
    const n = immediate(src);
    if (n === undefined) return 'fail';
    state.delta += m === 'add' ? n : -n;
    if (m === 'add') state.inEpilogue = true;
    return 'next';
  }
  const offset = rspOffset(insn, state);
  if (dst === 'rsp' && (m === 'lea' || m === 'mov')) {
    // Any other write to rsp (mov rsp,rbp, and rsp,-16, leave, …) needs a frame pointer we do not track.
    if (offset === undefined) return 'fail';
    state.delta = offset;
    state.inEpilogue = true;
    return 'next';
  }
  if (insn.registersWritten.includes('rsp')) return 'fail';
  for (const r of insn.registersWritten) state.aliases.delete(r);
  if ((m === 'lea' || m === 'mov') && dst && REGISTERS_64.has(dst) && offset !== undefined) state.aliases.set(dst, offset);
  return 'next';
}

/** The source of `lea x,[rsp+N]` / `lea x,[alias+N]` / `mov x,rsp` / `mov x,alias` as an offset from the frame's rsp. */
function rspOffset(insn: DecodedInstruction, state: PathState): bigint | undefined {
  const offsetOf = (reg: string | undefined): bigint | undefined => (reg === 'rsp' ? state.delta : reg === undefined ? undefined : state.aliases.get(reg));
  if (insn.mnemonic === 'lea') {
    const mem = insn.memory;
    if (!mem || mem.index !== undefined) return undefined;
    const base = offsetOf(mem.base);
    return base === undefined ? undefined : base + mem.displacement;
  }
  if (insn.mnemonic === 'mov' && !insn.memory) return offsetOf(splitOperands(insn.operands)[1]);
  return undefined;
}

function tailCall(state: PathState): EpilogueResult {
  return { returnOffset: state.delta, saved: state.saved, releasedBytes: 0n, kind: 'return' };
}

/** A MASM immediate as iced prints it ("28h", "0FFFFFFFFFFFFFFF8h", "-8"), as a signed 64-bit value. */
function immediate(text: string): bigint | undefined {
  const negative = text.startsWith('-');
  const n = parseMasmNumber(negative ? text.slice(1) : text);
  return n === undefined ? undefined : BigInt.asIntN(64, negative ? -n : n);
}

function readCode(memory: AddressSpace, ip: bigint): Uint8Array {
  if (memory.readPartial) return memory.readPartial(ip, WINDOW);
  for (let n = WINDOW; n >= 1; n >>= 1) {
    const b = memory.read(ip, n);
    if (b) return b;
  }
  return new Uint8Array(0);
}
