import type { AddressSpace } from '../../model/address-space';
import { readU64 } from '../../model/address-space';
import { decodeKdbg, type DecodedKdbg, type KdbgKeys } from './kdbg-decode';

const PAGE = 0x1000;
/** nt's code lies within a few MiB below its data; KdCopyDataBlock is searched this far either side of the block. */
const SCAN_BELOW = 32 * 1024 * 1024;
const SCAN_ABOVE = 8 * 1024 * 1024;
/** KdCopyDataBlock is about 100 bytes; its lea may come this far before the flag test, its loads this far after. */
const LEAD_IN = 32;
const FUNCTION_SPAN = 320;
const MAX_LOADS = 16;
const MASK = (1n << 64n) - 1n;

export interface FoundKdbgKeys {
  keys: KdbgKeys;
  /** Address of KdCopyDataBlock's `cmp byte [rip+KdpDataBlockEncoded], 0`. */
  flagTest: bigint;
  decoded: DecodedKdbg;
}

const rel32 = (b: Uint8Array, at: number) => BigInt(new DataView(b.buffer, b.byteOffset + at, 4).getInt32(0, true));

/** `REX.W op modrm(rip-relative) disp32`: the target of a 64-bit lea/mov/xor with a RIP-relative operand at `i`, or null. */
function ripRelative(code: Uint8Array, i: number, va: bigint, opcodes: number[]): bigint | null {
  if (i + 7 > code.length) return null;
  const rex = code[i]!;
  if ((rex & 0xf8) !== 0x48 || !opcodes.includes(code[i + 1]!) || (code[i + 2]! & 0xc7) !== 0x05) return null;
  return (va + BigInt(i) + 7n + rel32(code, i + 3)) & MASK;
}

/**
 * The keys from KdCopyDataBlock's code, found as Volatility's Windows 8 KDBG
 * finder does: `cmp byte [rip+KdpDataBlockEncoded], 0`, a `lea r64,
 * [rip+KdDebuggerDataBlock]` near it (after it on Windows 8, before it on
 * Windows 10), and 64-bit RIP-relative loads (`mov`, or `xor`) of KiWaitNever
 * and KiWaitAlways after it. Bytes are matched, not decoded, so a candidate
 * counts only when its lea names this block and two of its loads decode the
 * block to the "KDBG" tag.
 */
export function findKdbgKeys(memory: AddressSpace, blockVa: bigint): FoundKdbgKeys | null {
  const start = (blockVa - BigInt(SCAN_BELOW)) & ~BigInt(PAGE - 1);
  const end = blockVa + BigInt(SCAN_ABOVE);
  for (let page = start; page < end; page += BigInt(PAGE)) {
    const bytes = memory.read(page, PAGE);
    if (!bytes) continue;
    for (let i = bytes.indexOf(0x80); i >= 0; i = bytes.indexOf(0x80, i + 1)) {
      if (bytes[i + 1] !== 0x3d) continue;
      const at = page + BigInt(i);
      const from = at - BigInt(LEAD_IN);
      const body = memory.readPartial ? memory.readPartial(at, FUNCTION_SPAN) : memory.read(at, FUNCTION_SPAN);
      if (!body || body.length < 7 || body[6] !== 0) continue;
      const code = new Uint8Array(LEAD_IN + body.length);
      code.set(memory.read(from, LEAD_IN) ?? new Uint8Array(LEAD_IN));
      code.set(body, LEAD_IN);
      const found = tryCandidate(memory, blockVa, from, code);
      if (found) return found;
    }
  }
  return null;
}

function tryCandidate(memory: AddressSpace, blockVa: bigint, from: bigint, code: Uint8Array): FoundKdbgKeys | null {
  const at = from + BigInt(LEAD_IN);
  const kdpDataBlockEncoded = (at + 7n + rel32(code, LEAD_IN + 2)) & MASK;
  let namesBlock = false;
  for (let i = 0; i < code.length && !namesBlock; i++) namesBlock = ripRelative(code, i, from, [0x8d]) === blockVa;
  if (!namesBlock) return null;
  const loads: bigint[] = [];
  for (let i = LEAD_IN + 7; i < code.length && loads.length < MAX_LOADS; i++) {
    const target = ripRelative(code, i, from, [0x8b, 0x33]);
    if (target !== null && !loads.includes(target)) { loads.push(target); i += 6; }
  }
  const values = loads.map((va) => readU64(memory, va));
  // KiWaitNever is usually loaded first, but every ordered pair is tried: the tag check rejects wrong ones.
  for (let a = 0; a < loads.length; a++) {
    for (let b = 0; b < loads.length; b++) {
      const never = values[a];
      const always = values[b];
      if (a === b || never === null || never === undefined || always === null || always === undefined) continue;
      const keys = { kiWaitNever: never, kiWaitAlways: always, kdpDataBlockEncoded };
      const decoded = decodeKdbg(memory, blockVa, keys);
      if (decoded) return { keys, flagTest: at, decoded };
    }
  }
  return null;
}
