import type { DecodedInstruction, FlowKind, MemoryOperand } from '../disasm/disassembler';
import { hexToBytes, parseHex } from '../model/hex';
import type { Arch, InstructionLine } from '../model/report';
import { parseMasmNumber as parseNumber, splitOperands } from '../disasm/masm-operands';
import { fullRegisterName } from './registers';

/**
 * A small reader of WinDbg's MASM disassembly text ("mov rax,qword ptr [rsi+20h]"),
 * used when no Disassembler is available (renderer, or a transcript without
 * bytes). It knows enough for provenance: the destination register, the memory
 * operand, and the control flow. iced-x86 is preferred whenever it is present.
 */

/** Mnemonics whose first operand is written (when it is a register). */
const WRITES_FIRST = new Set([
  'mov', 'movzx', 'movsx', 'movsxd', 'lea', 'add', 'sub', 'and', 'or', 'xor', 'adc', 'sbb', 'inc', 'dec', 'neg', 'not',
  'shl', 'shr', 'sar', 'sal', 'rol', 'ror', 'imul', 'pop', 'xchg', 'cmovne', 'cmove', 'cmovz', 'cmovnz', 'cmova', 'cmovb',
  'cmovae', 'cmovbe', 'cmovg', 'cmovl', 'cmovge', 'cmovle', 'cmovs', 'cmovns', 'bswap', 'xadd', 'cmpxchg', 'movbe', 'andn',
  'bsf', 'bsr', 'tzcnt', 'lzcnt', 'popcnt', 'sete', 'setne', 'seta', 'setb', 'rdtsc', 'rdmsr',
]);
const NO_WRITE = new Set(['cmp', 'test', 'push', 'bt', 'nop', 'prefetch', 'prefetchw', 'clflush']);
const SIZE_WORDS: Record<string, number> = { byte: 1, word: 2, dword: 4, qword: 8, fword: 6, tbyte: 10, xmmword: 16, ymmword: 32, oword: 16 };

const GPR = /^(r(ax|bx|cx|dx|si|di|bp|sp|\d{1,2}[dwb]?)|e(ax|bx|cx|dx|si|di|bp|sp)|(ax|bx|cx|dx|si|di|bp|sp)|[abcd][lh]|sil|dil|bpl|spl)$/;

function parseMemory(operand: string, arch: Arch | undefined): MemoryOperand | undefined {
  const m = /^(?:(byte|word|dword|qword|fword|tbyte|xmmword|ymmword|oword)\s+ptr\s+)?(?:([a-z]s):)?\[(.*)\]$/i.exec(operand.trim());
  if (!m) return undefined;
  const inner = m[3]!.trim();
  const op: MemoryOperand = { scale: 1, displacement: 0n, size: m[1] ? SIZE_WORDS[m[1].toLowerCase()] ?? 0 : 0 };
  if (m[2]) op.segment = m[2].toLowerCase();
  const paren = /\(([0-9a-f`]{8,17})\)/i.exec(inner);
  if (paren) {
    op.absolute = parseHex(paren[1]!);
    return op;
  }
  const terms = inner.replace(/\s+/g, '').replace(/-/g, '+-').split('+').filter(Boolean);
  for (const term of terms) {
    const neg = term.startsWith('-');
    const t = neg ? term.slice(1) : term;
    const scaled = /^([a-z0-9]+)\*([1248])$/i.exec(t);
    if (scaled && GPR.test(scaled[1]!.toLowerCase())) {
      op.index = scaled[1]!.toLowerCase();
      op.scale = Number(scaled[2]);
      continue;
    }
    if (GPR.test(t.toLowerCase()) || t.toLowerCase() === 'rip') {
      if (op.base === undefined) op.base = t.toLowerCase();
      else op.index = t.toLowerCase();
      continue;
    }
    const n = parseNumber(t);
    if (n === undefined) return undefined;
    op.displacement += neg ? -n : n;
  }
  if (op.base === undefined && op.index === undefined) op.absolute = BigInt.asUintN(arch === 'x86' ? 32 : 64, op.displacement);
  return op;
}

function flowOf(mnemonic: string, operands: string): FlowKind {
  const indirect = /\[|^[a-z]{2,3}$|^r\d+$/i.test(operands.trim());
  if (mnemonic === 'ret' || mnemonic === 'retn' || mnemonic === 'iretq' || mnemonic === 'iretd' || mnemonic === 'iret') return 'return';
  if (mnemonic === 'jmp') return indirect ? 'indirect-branch' : 'branch';
  if (/^j[a-z]+$/.test(mnemonic) || /^loop/.test(mnemonic)) return 'conditional-branch';
  if (mnemonic === 'call') return indirect ? 'indirect-call' : 'call';
  if (mnemonic === 'int' || mnemonic === 'int3' || mnemonic === 'into' || mnemonic === 'syscall' || mnemonic === 'sysenter') return 'interrupt';
  if (mnemonic === 'ud2' || mnemonic === 'hlt') return 'exception';
  return 'next';
}

/** Reads one line of WinDbg disassembly text into the core's instruction shape. */
export function instructionFromText(line: InstructionLine, arch: Arch | undefined): DecodedInstruction | undefined {
  let address: bigint;
  try {
    address = parseHex(line.address);
  } catch {
    return undefined;
  }
  const bytes = line.bytes ? hexToBytes(line.bytes) : new Uint8Array(0);
  const text = line.text.trim().replace(/\s+/g, ' ');
  const m = /^(?:(?:lock|rep|repe|repne|repz|repnz)\s+)?([a-z][a-z0-9]*)\s*(.*)$/i.exec(text);
  if (!m) return undefined;
  const mnemonic = m[1]!.toLowerCase();
  const operandText = m[2]!.replace(/\s+ds:[0-9a-f]{4}:.*$|\s+[a-z]s:[0-9a-f`]+=.*$/i, '').trim();
  const operands = splitOperands(operandText);
  let memory: MemoryOperand | undefined;
  let memoryIndex = -1;
  operands.forEach((op, i) => {
    if (memory) return;
    const mem = parseMemory(op, arch);
    if (mem) {
      memory = mem;
      memoryIndex = i;
    }
  });
  const flow = flowOf(mnemonic, operandText);
  let branchTarget: bigint | undefined;
  if ((flow === 'branch' || flow === 'conditional-branch' || flow === 'call') && operands[0]) {
    const paren = /\(([0-9a-f`]{8,17})\)\s*$/i.exec(operands[0]);
    const target = paren ? paren[1]! : operands[0];
    try {
      if (/^[0-9a-f`]+$/i.test(target)) branchTarget = parseHex(target);
    } catch {
      branchTarget = undefined;
    }
  }
  const registersWritten: string[] = [];
  const registersRead: string[] = [];
  const first = operands[0]?.toLowerCase();
  const firstIsReg = first !== undefined && GPR.test(first);
  if (firstIsReg && WRITES_FIRST.has(mnemonic) && !NO_WRITE.has(mnemonic)) registersWritten.push(fullRegisterName(first!, arch));
  if (mnemonic === 'xchg' && operands[1] && GPR.test(operands[1].toLowerCase())) registersWritten.push(fullRegisterName(operands[1], arch));
  operands.forEach((op, i) => {
    const low = op.toLowerCase();
    if (GPR.test(low) && !(i === 0 && (mnemonic === 'mov' || mnemonic === 'lea' || mnemonic === 'movzx' || mnemonic === 'movsx' || mnemonic === 'movsxd' || mnemonic === 'pop'))) {
      registersRead.push(fullRegisterName(low, arch));
    }
  });
  if (memory?.base) registersRead.push(fullRegisterName(memory.base, arch));
  if (memory?.index) registersRead.push(fullRegisterName(memory.index, arch));
  const isLea = mnemonic === 'lea';
  const writesMemory = !!memory && !isLea && memoryIndex === 0 && !NO_WRITE.has(mnemonic) && mnemonic !== 'cmp';
  const readsMemory = !!memory && !isLea && (memoryIndex > 0 || mnemonic !== 'mov');
  if (isLea && memory) memory.size = 0;
  if (memory && memory.size === 0 && !isLea && firstIsReg && memoryIndex === 1) memory.size = registerBytes(first!, arch);
  return {
    address, length: bytes.length, bytes, mnemonic, operands: operandText, text: operandText ? `${mnemonic} ${operandText}` : mnemonic,
    memory, readsMemory, writesMemory, registersWritten, registersRead: [...new Set(registersRead)], flow, branchTarget, invalid: false,
  };
}

function registerBytes(name: string, arch: Arch | undefined): number {
  if (/^r(ax|bx|cx|dx|si|di|bp|sp|\d+)$/.test(name)) return 8;
  if (/^e|^r\d+d$/.test(name)) return 4;
  if (/^[abcd][lh]$|^r\d+b$|l$/.test(name)) return 1;
  return arch === 'x86' ? 4 : 2;
}
