// WinDbg notation for everything the UI prints: fffff880`0106f141, module!symbol+0x51.
import { windbgAddress } from '../../../native-free-core/model/hex';
import type { StackFrame } from '../../../native-free-core/model/report';

export type Bits = 32 | 64;

export function bitsOf(arch: string | undefined): Bits {
  return arch === 'x86' ? 32 : 64;
}

/** fffff880`0106f141 (64-bit) or 8054a2c0 (32-bit); the raw text when it is not a number. */
export function addr(value: string | undefined, bits: Bits = 64): string {
  if (!value) return '';
  try {
    return windbgAddress(value, bits);
  } catch {
    return value;
  }
}

/** module!function+0x51, module+0x1a2b without a symbol, or the address alone. */
export function frameName(f: Pick<StackFrame, 'module' | 'function' | 'offset' | 'address'>, bits: Bits = 64): string {
  const off = f.offset && f.offset !== '0x0' ? `+${f.offset}` : '';
  if (f.module && f.function) return `${f.module}!${f.function}${off}`;
  if (f.module) return `${f.module}${off}`;
  if (f.function) return `${f.function}${off}`;
  return addr(f.address, bits);
}

/** A stack as text, the way `kn` prints it (for the copy button). */
export function stackText(frames: StackFrame[], bits: Bits = 64): string {
  const w = bits === 64 ? 17 : 8;
  return frames
    .map((f) => `${f.index.toString(16).padStart(2, '0')} ${addr(f.sp, bits).padEnd(w)} ${addr(f.returnAddress, bits).padEnd(w)} ${frameName(f, bits)}${f.file ? ` [${f.file} @ ${f.line ?? '?'}]` : ''}`)
    .join('\n');
}

export function shortTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export function toBigInt(value: string | undefined): bigint | undefined {
  if (!value) return undefined;
  try {
    return BigInt(value.replace(/`/g, '').replace(/^(?!0x)/i, '0x'));
  } catch {
    return undefined;
  }
}

/** Parses what a user types as an address: fffff880`0106f141, 0x..., or plain hex. */
export function parseAddressInput(text: string): string | undefined {
  const t = text.trim().replace(/`/g, '').replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,16}$/i.test(t)) return undefined;
  return '0x' + BigInt('0x' + t).toString(16);
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function hexByte(b: number | null): string {
  return b === null ? '??' : b.toString(16).padStart(2, '0');
}

/** One qword (little-endian) from 8 bytes, in WinDbg notation, or ????????`???????? when any byte is missing. */
export function qwordText(bytes: (number | null)[]): string {
  if (bytes.length < 8 || bytes.some((b) => b === null)) return '????????`????????';
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return windbgAddress(v, 64);
}

/** Rewrites 64-bit hex numbers inside prose ("CONTEXT at 0xffff850429891720") in WinDbg notation (ffff8504`29891720). */
export function windbgProse(text: string, bits: Bits = 64): string {
  if (bits !== 64) return text;
  return text.replace(/\b0x([0-9a-f]{9,16})\b/gi, (_, h: string) => addr('0x' + h, 64));
}

/** One pointer-sized value (little-endian): a qword on x64, a dword (8 digits) on x86; question marks when any byte is missing. */
export function pointerText(bytes: (number | null)[], bits: Bits): string {
  if (bits === 64) return qwordText(bytes);
  if (bytes.length < 4 || bytes.slice(0, 4).some((b) => b === null)) return '????????';
  return bytes.slice(0, 4).reverse().map((b) => hexByte(b)).join('');
}
