import type { Hex } from '../../model/hex';
import type { Line } from './text-lines';
import { hexOf } from './values';

const FLAG_MNEMONICS = new Set(['nv', 'ov', 'up', 'dn', 'ei', 'di', 'pl', 'ng', 'nz', 'zr', 'na', 'ac', 'po', 'pe', 'nc', 'cy']);
const REGISTER_TOKEN = /^([a-z][a-z0-9]{0,7})=([0-9a-f`]{1,17}|\?+)$/i;

export interface RegisterLine {
  registers: [string, Hex][];
  flagsText?: string;
}

/** A line of `r` / `.cxr` / `.trap` output: `rax=... rbx=...`, `iopl=0 nv up ei pl nz na po nc`, `cs=0010 ... efl=00010206`. */
export function parseRegisterLine(text: string): RegisterLine | null {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === '') return null;
  const registers: [string, Hex][] = [];
  const flags: string[] = [];
  let named = 0;
  for (const t of tokens) {
    const m = REGISTER_TOKEN.exec(t);
    if (m) {
      named++;
      const v = hexOf(m[2]!);
      if (v !== null) registers.push([m[1]!.toLowerCase(), v]);
      continue;
    }
    if (FLAG_MNEMONICS.has(t.toLowerCase())) {
      flags.push(t.toLowerCase());
      continue;
    }
    return null;
  }
  if (named === 0) return null;
  // A lone `x=1` in prose is not a register dump: require a known register name or several tokens.
  if (named === 1 && flags.length === 0 && !KNOWN_REGISTER.test(registers[0]?.[0] ?? '')) return null;
  const out: RegisterLine = { registers };
  if (flags.length > 0) out.flagsText = flags.join(' ');
  return out;
}

const KNOWN_REGISTER = /^(?:[re]?(?:ax|bx|cx|dx|si|di|bp|sp|ip)|r(?:[89]|1[0-5])[dwb]?|[cdefgs]s|e?fl|efl|eflags|iopl|x\d+|fp|lr|pc|sp)$/;

export interface RegisterRun {
  registers: Record<string, Hex>;
  flagsText?: string;
  /** per register: the line it was read from. */
  registerLines: Record<string, number>;
  firstLine: number;
  lastLine: number;
  /** index in `lines` after the run. */
  end: number;
}

/** Reads consecutive register lines starting at `start` (other lines such as `ErrCode = 2` and `CtxFlags:` are skipped inside the run). */
export function readRegisterRun(lines: Line[], start: number): RegisterRun | null {
  let i = start;
  const registers: Record<string, Hex> = {};
  const registerLines: Record<string, number> = {};
  let flagsText: string | undefined;
  let first = -1;
  let last = -1;
  while (i < lines.length) {
    const line = lines[i]!;
    const parsed = parseRegisterLine(line.text);
    if (!parsed) {
      if (first >= 0 && /^\s*(ErrCode\s*=|CtxFlags:)/i.test(line.text)) {
        i++;
        continue;
      }
      break;
    }
    if (first < 0) first = line.no;
    last = line.no;
    for (const [name, value] of parsed.registers) {
      registers[name] = value;
      registerLines[name] = line.no;
    }
    if (parsed.flagsText) flagsText = parsed.flagsText;
    i++;
  }
  if (first < 0) return null;
  const run: RegisterRun = { registers, registerLines, firstLine: first, lastLine: last, end: i };
  if (flagsText) run.flagsText = flagsText;
  return run;
}

/** x64 when the block has 64-bit general registers, x86 when it has eax/eip. */
export function archOfRegisters(registers: Record<string, Hex>): 'x64' | 'x86' | undefined {
  if ('rax' in registers || 'rip' in registers || 'rsp' in registers) return 'x64';
  if ('eax' in registers || 'eip' in registers || 'esp' in registers) return 'x86';
  return undefined;
}
