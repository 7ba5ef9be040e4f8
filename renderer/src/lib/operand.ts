// The memory operand of an instruction as printed by iced-x86 or WinDbg's `u`
// ("qword ptr [rsi+20h]", "[rax+rcx*8-10h]"), and its address from register values.

export interface MemoryOperand {
  /** as printed between the brackets: "rsi+20h" */
  text: string;
  registers: string[];
}

export function memoryOperand(instruction: string): MemoryOperand | undefined {
  const m = /\[([^\]]+)\]/.exec(instruction);
  if (!m) return undefined;
  const text = m[1]!.trim();
  const registers = [...text.matchAll(/\b([a-z][a-z0-9]*)\b(?![0-9a-f]*h\b)/gi)].map((x) => x[1]!.toLowerCase()).filter((r) => !/^[0-9a-f]+h$/.test(r));
  return { text, registers };
}

function number(term: string): bigint | undefined {
  const t = term.replace(/`/g, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t);
  if (/^[0-9a-f]+h$/i.test(t)) return BigInt('0x' + t.slice(0, -1));
  if (/^[0-9]+$/.test(t)) return BigInt(t);
  return undefined;
}

/** The operand's address from register values (hex strings by lower-case name); undefined when a register is unknown or the form is not understood. */
export function effectiveAddress(operand: MemoryOperand, registers: Record<string, string | undefined>, bits: 32 | 64 = 64): bigint | undefined {
  const terms = operand.text.replace(/\s+/g, '').replace(/^[a-z]s:/i, '').match(/[+-]?[^+-]+/g) ?? [];
  let sum = 0n;
  for (const raw of terms) {
    const negative = raw.startsWith('-');
    const term = raw.replace(/^[+-]/, '');
    const [name, scaleText] = term.split('*');
    let value = number(name!);
    if (value === undefined) {
      const reg = registers[name!.toLowerCase()];
      if (reg === undefined) return undefined;
      value = BigInt(reg.startsWith('0x') ? reg : '0x' + reg.replace(/`/g, ''));
    }
    const scale = scaleText === undefined ? 1n : number(scaleText);
    if (scale === undefined) return undefined;
    sum += (negative ? -1n : 1n) * value * scale;
  }
  const mask = bits === 64 ? (1n << 64n) - 1n : (1n << 32n) - 1n;
  return sum & mask;
}
