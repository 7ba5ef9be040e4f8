import { hex } from '../../model/hex';
import type { Hex } from '../../model/hex';

const HEX_TOKEN = /^(?:0x)?([0-9a-f]{1,8}`[0-9a-f]{8}|[0-9a-f]{1,17})$/i;

/** A WinDbg number token: `fffff880'0106f141`, `0xFE40CAF8`, `0362cffff`. Null when it is not hex. */
export function parseWinDbgHex(token: string): bigint | null {
  const m = HEX_TOKEN.exec(token.trim());
  if (!m) return null;
  const digits = m[1]!.replace('`', '');
  const v = BigInt('0x' + digits);
  return v & 0xffffffffffffffffn;
}

/** The same as a report hex string, or null. */
export function hexOf(token: string): Hex | null {
  const v = parseWinDbgHex(token);
  return v === null ? null : hex(v);
}

/** A value as dt or `?` prints it: hex with 0x or backtick, 0n decimal, plain decimal, (null). */
export function parseDtNumber(token: string): bigint | null {
  const t = token.trim();
  if (t === '(null)') return 0n;
  let m = /^0n(\d{1,20})$/i.exec(t);
  if (m) return BigInt(m[1]!) & 0xffffffffffffffffn;
  m = /^(-?)(\d{1,20})$/.exec(t);
  if (m) {
    const v = BigInt(m[2]!);
    return (m[1] ? -v : v) & 0xffffffffffffffffn;
  }
  if (/^0x/i.test(t) || t.includes('`')) return parseWinDbgHex(t);
  return null;
}

/** True for tokens that look like an address column (8 or 16 hex digits, optionally with backtick / 0x). */
export function isAddressToken(token: string): boolean {
  return /^(?:0x)?(?:[0-9a-f]{8}`[0-9a-f]{8}|[0-9a-f]{8}|[0-9a-f]{16})$/i.test(token);
}

/** A 64-bit looking address token (backtick or 16 digits). */
export function isWideAddressToken(token: string): boolean {
  return /^(?:0x)?(?:[0-9a-f]{8}`[0-9a-f]{8}|[0-9a-f]{16})$/i.test(token);
}

/** "+0x51", "+51", "+0x00000073" -> "0x51"; null when not hex. */
export function normalizeOffset(text: string): Hex | null {
  const t = text.replace(/^\+/, '');
  const v = parseWinDbgHex(t);
  return v === null ? null : hex(v);
}
