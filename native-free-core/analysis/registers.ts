import type { Arch, Registers } from '../model/report';
import { tryParseHex } from '../model/hex';

const X64_FULL: Record<string, [string, bigint, number]> = {};
const GPR64 = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp'];
for (const r of GPR64) {
  const base = r.slice(1);
  X64_FULL['e' + base] = [r, 0xffffffffn, 0];
  X64_FULL[base] = [r, 0xffffn, 0];
}
for (let i = 8; i <= 15; i++) {
  X64_FULL[`r${i}d`] = [`r${i}`, 0xffffffffn, 0];
  X64_FULL[`r${i}w`] = [`r${i}`, 0xffffn, 0];
  X64_FULL[`r${i}b`] = [`r${i}`, 0xffn, 0];
}
for (const [lo, full] of [['al', 'rax'], ['bl', 'rbx'], ['cl', 'rcx'], ['dl', 'rdx'], ['sil', 'rsi'], ['dil', 'rdi'], ['bpl', 'rbp'], ['spl', 'rsp']] as const) X64_FULL[lo] = [full, 0xffn, 0];
for (const [hi, full] of [['ah', 'rax'], ['bh', 'rbx'], ['ch', 'rcx'], ['dh', 'rdx']] as const) X64_FULL[hi] = [full, 0xffn, 8];

/** The full-width register a (sub-)register name belongs to: esi -> rsi on x64, si -> esi on x86. */
export function fullRegisterName(name: string, arch: Arch | undefined): string {
  const n = name.toLowerCase();
  if (arch === 'x86') {
    if (/^e[a-d]x$|^e[sd]i$|^e[bs]p$|^eip$/.test(n)) return n;
    const sub = X64_FULL[n];
    return sub ? 'e' + sub[0].slice(1) : n;
  }
  return X64_FULL[n]?.[0] ?? n;
}

/** A register's value from a context, reading sub-registers from their full register (esi from rsi). */
export function registerValue(registers: Registers | undefined, name: string, arch: Arch | undefined): bigint | undefined {
  if (!registers) return undefined;
  const n = name.toLowerCase();
  const direct = registers[n];
  if (direct !== undefined) return tryParseHex(direct);
  if (n === 'rip' && registers.eip) return tryParseHex(registers.eip);
  if (n === 'eip' && registers.rip) return tryParseHex(registers.rip);
  const sub = X64_FULL[n];
  if (sub) {
    let fullName = sub[0];
    if (arch === 'x86') fullName = 'e' + fullName.slice(1);
    const full = registers[fullName];
    if (full === undefined) return undefined;
    const v = tryParseHex(full);
    return v === undefined ? undefined : (v >> BigInt(sub[2])) & sub[1];
  }
  return undefined;
}

/** Width in bits of a register name (sub-registers included). */
export function registerBits(name: string, arch: Arch | undefined): number {
  const n = name.toLowerCase();
  const sub = X64_FULL[n];
  if (sub) return sub[1] === 0xffffffffn ? 32 : sub[1] === 0xffffn ? 16 : 8;
  if (/^r(ax|bx|cx|dx|si|di|bp|sp|ip|\d+)$/.test(n)) return 64;
  return arch === 'x86' ? 32 : 64;
}

export function instructionPointer(registers: Registers | undefined, arch: Arch | undefined): bigint | undefined {
  return registerValue(registers, arch === 'x86' ? 'eip' : 'rip', arch) ?? registerValue(registers, arch === 'x86' ? 'rip' : 'eip', arch);
}

export function stackPointer(registers: Registers | undefined, arch: Arch | undefined): bigint | undefined {
  return registerValue(registers, arch === 'x86' ? 'esp' : 'rsp', arch);
}
