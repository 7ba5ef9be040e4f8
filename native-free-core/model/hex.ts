/** 64-bit values travel through the report as lower-case `0x` hex strings, as DESIGN.md's JSON shows. */
export type Hex = string;

const MASK64 = (1n << 64n) - 1n;

export function hex(value: bigint | number): Hex {
  const v = typeof value === 'number' ? BigInt(value) : value;
  return '0x' + (v & MASK64).toString(16);
}

export function parseHex(text: Hex | string): bigint {
  const t = text.trim().replace(/`/g, '').replace(/^0x/i, '');
  if (!/^[0-9a-f]+$/i.test(t)) throw new Error(`not a hex number: ${text}`);
  return BigInt('0x' + t) & MASK64;
}

/** parseHex for values that may be missing or malformed: undefined instead of a throw. */
export function tryParseHex(text: Hex | string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  try {
    return parseHex(text);
  } catch {
    return undefined;
  }
}

/** WinDbg's address notation: `fffff880'0106f141` for 64-bit, `8054a2c0` for 32-bit. */
export function windbgAddress(value: bigint | number | Hex, bits: 32 | 64 = 64): string {
  const v = typeof value === 'string' ? parseHex(value) : BigInt(value);
  if (bits === 32) return (v & 0xffffffffn).toString(16).padStart(8, '0');
  const s = (v & MASK64).toString(16).padStart(16, '0');
  return `${s.slice(0, 8)}\`${s.slice(8)}`;
}

/** `0x51` style offsets inside a function. */
export function hexOffset(value: bigint | number): string {
  return '0x' + BigInt(value).toString(16);
}

/** Sign-extends a 32-bit value to 64 bits (kernel x86 addresses, NTSTATUS in 64-bit slots). */
export function signExtend32(value: bigint): bigint {
  const v = value & 0xffffffffn;
  return v & 0x80000000n ? v | 0xffffffff00000000n : v;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function hexToBytes(text: string): Uint8Array {
  const t = text.replace(/\s+/g, '');
  const out = new Uint8Array(t.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(i * 2, i * 2 + 2), 16);
  return out;
}
