import type { AddressSpace } from '../../model/address-space';

/** The nt globals KdCopyDataBlock decodes an encoded KDDEBUGGER_DATA64 with (x64, Windows 8 and later). */
export interface KdbgKeys {
  kiWaitNever: bigint;
  kiWaitAlways: bigint;
  /** Virtual address of nt!KdpDataBlockEncoded, the flag byte whose address is mixed into every word. */
  kdpDataBlockEncoded: bigint;
}

export const KDBG_OWNER_TAG = 0x4742444b; // "KDBG"
const MASK = (1n << 64n) - 1n;
/** Bytes decoded: the header (List, OwnerTag, Size) through PsLoadedModuleList at 0x48. */
const DECODED_PREFIX = 0x50;
/** KDDEBUGGER_DATA64 sizes run from 0x290 (XP) to about 0x3a0 (Windows 11); a decoded Size outside this is garbage. */
const MIN_SIZE = 0x200;
const MAX_SIZE = 0x1000;

function rotl64(v: bigint, n: bigint): bigint {
  const s = n & 63n;
  return s === 0n ? v : ((v << s) | (v >> (64n - s))) & MASK;
}

function bswap64(v: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 8n; i++) out = (out << 8n) | ((v >> (i * 8n)) & 0xffn);
  return out;
}

/** One word as KdCopyDataBlock decodes it: xor KiWaitNever, rotate left by its low byte, xor the flag's address, byte-swap, xor KiWaitAlways. */
export function decodeKdbgWord(word: bigint, keys: KdbgKeys): bigint {
  const never = keys.kiWaitNever & MASK;
  let w = rotl64((word ^ never) & MASK, never & 0xffn);
  w = bswap64(w ^ ((keys.kdpDataBlockEncoded | 0xffff000000000000n) & MASK));
  return (w ^ keys.kiWaitAlways) & MASK;
}

export interface DecodedKdbg {
  size: number;
  kernBase: bigint;
  psLoadedModuleList: bigint;
}

/**
 * Decodes the start of an encoded KDDEBUGGER_DATA64 at `blockVa`; null when the
 * bytes are not in the dump or the keys do not yield the "KDBG" owner tag and a
 * plausible Size.
 */
export function decodeKdbg(memory: AddressSpace, blockVa: bigint, keys: KdbgKeys): DecodedKdbg | null {
  const raw = memory.read(blockVa, DECODED_PREFIX);
  if (!raw) return null;
  const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const word = (at: number) => decodeKdbgWord(v.getBigUint64(at, true), keys);
  const tagAndSize = word(0x10);
  const size = Number(tagAndSize >> 32n);
  if (Number(tagAndSize & 0xffffffffn) !== KDBG_OWNER_TAG || size < MIN_SIZE || size > MAX_SIZE || size % 8) return null;
  return { size, kernBase: word(0x18), psLoadedModuleList: word(0x48) };
}
