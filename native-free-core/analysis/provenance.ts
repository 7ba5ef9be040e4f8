import type { DecodedInstruction } from '../disasm/disassembler';
import { readU32, readU64 } from '../model/address-space';
import { hex, windbgAddress } from '../model/hex';
import type { Finding } from '../model/report';
import { differingByteLanes, hammingDistance } from './addresses';
import type { CodeView } from './code';
import { ev, finding, transcriptLines } from './findings';
import { fullRegisterName, registerValue } from './registers';
import type { AnalysisContext } from './types';

const MAX_CHAIN = 4;
const MAX_VISITS = 2048;
const X64_VOLATILE = ['rax', 'rcx', 'rdx', 'r8', 'r9', 'r10', 'r11'];
const X86_VOLATILE = ['eax', 'ecx', 'edx'];

export interface ProvenanceStep {
  /** the register this step explains. */
  register: string;
  instruction: DecodedInstruction;
  kind: 'load' | 'copy' | 'lea' | 'call' | 'other';
  /** the register the value came from (copy, lea, load base). */
  from?: string;
}

export interface LoadCheck {
  instruction: DecodedInstruction;
  register: string;
  /** the register's value when it was loaded (derived from the fault context). */
  registerValue: bigint;
  sourceBase?: string;
  sourceBaseValue?: bigint;
  sourceAddress: bigint;
  size: number;
  /** what the dump / transcript holds there now; undefined when not in the dump. */
  memoryValue?: bigint;
}

export interface BranchOnPath {
  branch: DecodedInstruction;
  flagsSetter?: DecodedInstruction;
  taken: boolean;
  /** e.g. "non-zero" for test r,r + jne taken. */
  condition?: string;
  register?: string;
  registerValue?: bigint;
}

export interface RegisterProvenance {
  register: string;
  value: bigint;
  steps: ProvenanceStep[];
  load?: LoadCheck;
  branches: BranchOnPath[];
  /** more than one instruction may have written the register (different paths). */
  ambiguous: boolean;
  walk: 'function' | 'bounded' | 'transcript';
}

function writesRegister(ins: DecodedInstruction, reg: string, arch: AnalysisContext['arch']): boolean {
  if (ins.registersWritten.some((r) => fullRegisterName(r, arch) === reg)) return true;
  const sp = arch === 'x86' ? 'esp' : 'rsp';
  if (reg === sp && /^(push|pop|call|ret|enter|leave)$/.test(ins.mnemonic)) return true;
  if (ins.flow === 'call' || ins.flow === 'indirect-call') return (arch === 'x86' ? X86_VOLATILE : X64_VOLATILE).includes(reg);
  return false;
}

function successors(list: DecodedInstruction[], i: number, index: Map<bigint, number>): number[] {
  const ins = list[i]!;
  const out: number[] = [];
  const fallsThrough = !['branch', 'indirect-branch', 'return', 'exception'].includes(ins.flow) && !(ins.flow === 'interrupt' && /^(29h|2ch)$/i.test(ins.operands.trim()));
  if (fallsThrough) {
    const next = index.get(ins.address + BigInt(ins.length));
    if (next !== undefined && next !== i) out.push(next);
  }
  if ((ins.flow === 'branch' || ins.flow === 'conditional-branch') && ins.branchTarget !== undefined) {
    const t = index.get(ins.branchTarget);
    if (t !== undefined && t !== i && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Finds the instructions that last wrote `reg` on every path reaching `from`; returns each writer with one path (writer … from). */
function lastWriters(code: CodeView, from: number, reg: string, arch: AnalysisContext['arch']): { writer: number; path: number[] }[] {
  const list = code.instructions;
  const index = new Map<bigint, number>();
  list.forEach((ins, i) => index.set(ins.address, i));
  const preds: number[][] = list.map(() => []);
  list.forEach((_, i) => {
    for (const s of successors(list, i, index)) preds[s]!.push(i);
  });
  const parent = new Map<number, number>();
  const writers: number[] = [];
  const queue: number[] = [];
  for (const p of preds[from]!) {
    if (!parent.has(p)) {
      parent.set(p, from);
      queue.push(p);
    }
  }
  let visits = 0;
  while (queue.length && visits++ < MAX_VISITS) {
    const i = queue.shift()!;
    if (writesRegister(list[i]!, reg, arch)) {
      writers.push(i);
      continue;
    }
    for (const p of preds[i]!) {
      if (p === from || parent.has(p)) continue;
      parent.set(p, i);
      queue.push(p);
    }
  }
  return writers.map((w) => {
    const path = [w];
    let cur = w;
    let guard = 0;
    while (cur !== from && guard++ < MAX_VISITS) {
      cur = parent.get(cur)!;
      path.push(cur);
    }
    return { writer: w, path };
  });
}

function branchCondition(branch: DecodedInstruction, taken: boolean, setter: DecodedInstruction | undefined): { condition?: string; register?: string } {
  if (!setter) return {};
  const ops = setter.operands.split(',').map((s) => s.trim());
  if (setter.mnemonic === 'test' && ops.length === 2 && ops[0] === ops[1]) {
    const zeroIfTaken = /^j(e|z)$/.test(branch.mnemonic);
    const nonZeroIfTaken = /^j(ne|nz)$/.test(branch.mnemonic);
    if (zeroIfTaken || nonZeroIfTaken) {
      const isZero = zeroIfTaken === taken;
      return { condition: isZero ? 'zero' : 'non-zero', register: ops[0] };
    }
  }
  return {};
}

function readValue(ctx: AnalysisContext, address: bigint, size: number): bigint | undefined {
  if (size === 8) return readU64(ctx.memory, address) ?? undefined;
  if (size === 4) {
    const v = readU32(ctx.memory, address);
    return v === null ? undefined : BigInt(v);
  }
  return undefined;
}

/**
 * Walks back from the faulting instruction to where `register` got its value,
 * following simple chains (mov reg,reg; lea reg,[reg+disp]) up to a load from
 * memory, and compares the loaded value with what memory holds now.
 */
export function traceRegister(ctx: AnalysisContext, code: CodeView, register: string, value: bigint): RegisterProvenance | undefined {
  const arch = ctx.arch;
  const walk = code.source === 'transcript' ? 'transcript' : code.startKnown ? 'function' : 'bounded';
  const result: RegisterProvenance = { register, value, steps: [], branches: [], ambiguous: false, walk };
  let reg = fullRegisterName(register, arch);
  let regValue: bigint | undefined = value;
  let at = code.faultIndex;
  // Instructions after each step on the way to the fault, to check that a source register was not changed later.
  const laterPath: number[] = [];
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const found = lastWriters(code, at, reg, arch);
    if (found.length === 0) break;
    if (found.length > 1) {
      result.ambiguous = true;
      break;
    }
    const { writer, path } = found[0]!;
    if (depth === 0) result.branches = branchesOnPath(ctx, code, path);
    const ins = code.instructions[writer]!;
    const mem = ins.memory;
    const srcReg = (name: string | undefined) => (name ? fullRegisterName(name, arch) : undefined);
    const changedLater = (r: string) => [...path.slice(1, -1), ...laterPath].some((i) => writesRegister(code.instructions[i]!, r, arch));
    laterPath.push(...path.slice(0, -1));
    if ((ins.mnemonic === 'mov' || ins.mnemonic === 'movzx' || ins.mnemonic === 'movsxd') && mem && ins.readsMemory && !ins.writesMemory) {
      result.steps.push({ register: reg, instruction: ins, kind: 'load', from: srcReg(mem.base) });
      const base = srcReg(mem.base);
      const index = srcReg(mem.index);
      let sourceAddress: bigint | undefined;
      let baseValue: bigint | undefined;
      if (mem.absolute !== undefined) sourceAddress = mem.absolute;
      else if (mem.segment !== 'fs' && mem.segment !== 'gs' && base && !changedLater(base) && (!index || !changedLater(index))) {
        baseValue = registerValue(ctx.registers, base, arch);
        const indexValue = index ? registerValue(ctx.registers, index, arch) : 0n;
        if (baseValue !== undefined && indexValue !== undefined) sourceAddress = BigInt.asUintN(arch === 'x86' ? 32 : 64, baseValue + indexValue * BigInt(mem.scale) + mem.displacement);
      }
      const size = ins.mnemonic === 'mov' ? mem.size : 0;
      if (sourceAddress !== undefined && regValue !== undefined && (size === 8 || size === 4)) {
        const load: LoadCheck = { instruction: ins, register: reg, registerValue: regValue, sourceAddress, size };
        if (base) load.sourceBase = base;
        if (baseValue !== undefined) load.sourceBaseValue = baseValue;
        const m = readValue(ctx, sourceAddress, size);
        if (m !== undefined) load.memoryValue = m;
        result.load = load;
      }
      break;
    }
    if (ins.mnemonic === 'mov' && !mem && ins.registersRead.length === 1) {
      const from = fullRegisterName(ins.registersRead[0]!, arch);
      result.steps.push({ register: reg, instruction: ins, kind: 'copy', from });
      reg = from;
      at = writer;
      continue;
    }
    if (ins.mnemonic === 'lea' && mem?.base && !mem.index && mem.absolute === undefined) {
      const from = fullRegisterName(mem.base, arch);
      result.steps.push({ register: reg, instruction: ins, kind: 'lea', from });
      if (regValue !== undefined) regValue = BigInt.asUintN(arch === 'x86' ? 32 : 64, regValue - mem.displacement);
      reg = from;
      at = writer;
      continue;
    }
    result.steps.push({ register: reg, instruction: ins, kind: ins.flow === 'call' || ins.flow === 'indirect-call' ? 'call' : 'other' });
    break;
  }
  return result.steps.length ? result : undefined;
}

function branchesOnPath(ctx: AnalysisContext, code: CodeView, path: number[]): BranchOnPath[] {
  const out: BranchOnPath[] = [];
  for (let k = 0; k < path.length - 1; k++) {
    const ins = code.instructions[path[k]!]!;
    if (ins.flow !== 'conditional-branch' || ins.branchTarget === undefined) continue;
    const next = code.instructions[path[k + 1]!]!;
    const fallthrough = ins.address + BigInt(ins.length);
    if (ins.branchTarget === fallthrough) continue;
    const taken = next.address === ins.branchTarget;
    const prevIdx = code.instructions.findIndex((x) => x.address + BigInt(x.length) === ins.address);
    const setter = prevIdx >= 0 && /^(test|cmp|and|or|xor|sub|add|dec|inc|bt)$/.test(code.instructions[prevIdx]!.mnemonic) ? code.instructions[prevIdx] : undefined;
    const cond = branchCondition(ins, taken, setter);
    const b: BranchOnPath = { branch: ins, taken };
    if (setter) b.flagsSetter = setter;
    if (cond.condition) b.condition = cond.condition;
    if (cond.register) {
      b.register = fullRegisterName(cond.register, ctx.arch);
      const v = registerValue(ctx.registers, cond.register, ctx.arch);
      if (v !== undefined) b.registerValue = v;
    }
    out.push(b);
  }
  return out;
}

function addr(ctx: AnalysisContext, v: bigint): string {
  return windbgAddress(v, ctx.arch === 'x86' ? 32 : 64);
}

function valueText(ctx: AnalysisContext, v: bigint, size: number): string {
  return size === 4 || ctx.arch === 'x86' ? (v & 0xffffffffn).toString(16).padStart(8, '0') : addr(ctx, v);
}

/** Findings for one traced register: where it came from, whether it agrees with that memory, and the branches taken on the way. */
export function provenanceFindings(ctx: AnalysisContext, p: RegisterProvenance): Finding[] {
  const out: Finding[] = [];
  const reg = p.register;
  const first = p.steps[0]!;
  const chain = p.steps.map((s) => `${s.instruction.text} at ${addr(ctx, s.instruction.address)}`).join(', from ');
  const walkNote = p.walk === 'function' ? 'walked back from the function start' : p.walk === 'bounded' ? 'bounded walk back (function start unknown)' : 'walked back over the transcript disassembly';
  out.push(finding(`register-provenance:${reg}`, 'register-provenance', 'info',
    `${reg} = ${valueText(ctx, p.value, 8)} was set by ${chain}${p.ambiguous ? ' (one of several paths)' : ''}`,
    [ev.register(reg, p.value), ...p.steps.map((s) => ev.instruction(s.instruction.address, s.instruction.text)), ...p.steps.flatMap((s) => transcriptLines(ctx.report, s.instruction.address, 'instruction'))],
    { details: walkNote, data: { steps: p.steps.map((s) => ({ register: s.register, kind: s.kind, from: s.from, address: hex(s.instruction.address), text: s.instruction.text })), ambiguous: p.ambiguous, walk: p.walk } }));

  const load = p.load;
  if (load && load.memoryValue !== undefined) {
    const regVal = load.size === 4 ? load.registerValue & 0xffffffffn : load.registerValue;
    const regHigh = load.size === 4 ? load.registerValue >> 32n : 0n;
    if (regVal !== load.memoryValue || regHigh !== 0n) {
      const distance = hammingDistance(load.registerValue, load.memoryValue);
      const lanes = differingByteLanes(load.registerValue, load.memoryValue);
      const src = load.sourceBase && load.sourceBaseValue !== undefined
        ? `[${load.sourceBase}] (${load.sourceBase} = ${addr(ctx, load.sourceBaseValue)}${load.sourceAddress !== load.sourceBaseValue ? `, address ${addr(ctx, load.sourceAddress)}` : ''})`
        : addr(ctx, load.sourceAddress);
      const evidence = [
        ev.register(load.register, load.registerValue),
        ev.instruction(load.instruction.address, load.instruction.text),
        ev.memory(load.sourceAddress, load.size, 'loaded from'),
        ...(load.sourceBase && load.sourceBaseValue !== undefined ? [ev.register(load.sourceBase, load.sourceBaseValue)] : []),
        ...transcriptLines(ctx.report, load.instruction.address, 'instruction'),
        ...transcriptLines(ctx.report, load.sourceAddress, 'memory'),
      ];
      out.push(finding(`register-memory-mismatch:${reg}`, 'register-memory-mismatch', 'high',
        `${load.register} = ${valueText(ctx, load.registerValue, load.size)} disagrees with the memory it was loaded from: ${load.instruction.text} at ${addr(ctx, load.instruction.address)}, and ${src} holds ${valueText(ctx, load.memoryValue, load.size)} now (Hamming distance ${distance})`,
        evidence,
        {
          details: distance === 1
            ? 'Exactly one bit differs: a single-bit error (memory or CPU) is likely.'
            : 'The memory changed after the load (another thread wrote it: a race) or the value was corrupted in flight (hardware error).',
          data: { registerValue: hex(load.registerValue), memoryValue: hex(load.memoryValue), sourceAddress: hex(load.sourceAddress), size: load.size, hammingDistance: distance, differingByteLanes: lanes },
        }));
      if (distance === 1) {
        const bit = (BigInt.asUintN(64, load.registerValue ^ load.memoryValue)).toString(2).length - 1;
        out.push(finding(`single-bit-flip:${reg}`, 'single-bit-flip', 'high',
          `Single-bit difference: ${load.register} = ${valueText(ctx, load.registerValue, load.size)} and its source memory ${valueText(ctx, load.memoryValue, load.size)} differ only in bit ${bit}`,
          evidence, { details: 'A one-bit difference between a register and the memory it was just loaded from points at a hardware bit flip (RAM, cache or CPU).', data: { bit } }));
      }
    }
  }

  const chainRegisters = new Set([reg, ...p.steps.map((s) => s.register)]);
  for (const b of p.branches) {
    if (!b.flagsSetter) continue;
    if (!b.flagsSetter.registersRead.some((r) => chainRegisters.has(fullRegisterName(r, ctx.arch)))) continue;
    const setterText = `${b.flagsSetter.text}; ${b.branch.mnemonic}`;
    const onValue = b.condition && b.register
      ? ` on the ${b.condition} value${b.registerValue !== undefined ? ` (${b.register} = ${valueText(ctx, b.registerValue, 8)})` : ''}`
      : '';
    out.push(finding(`branch-taken:${hex(b.branch.address)}`, 'branch-taken', 'info',
      `${setterText} at ${addr(ctx, b.flagsSetter.address)} ${b.taken ? 'took the branch' : 'fell through'}${onValue} on the way to the fault`,
      [ev.instruction(b.flagsSetter.address, b.flagsSetter.text), ev.instruction(b.branch.address, b.branch.text), ...(b.register ? [ev.register(b.register, b.registerValue)] : []),
        ...transcriptLines(ctx.report, b.flagsSetter.address, 'instruction'), ...transcriptLines(ctx.report, b.branch.address, 'instruction')],
      { data: { taken: b.taken, condition: b.condition, register: b.register } }));
  }
  return out;
}

