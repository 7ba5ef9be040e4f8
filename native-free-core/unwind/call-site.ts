/**
 * Whether the bytes just before a candidate return address end with a CALL
 * instruction (x86/x64 encodings: E8 rel32, FF /2 with any ModRM form,
 * optional REX). Returns undefined when the dump does not hold those bytes,
 * so scanning only rejects candidates it can disprove.
 */
export function callPrecedes(read: (address: bigint, length: number) => Uint8Array | null, ip: bigint, is64: boolean): boolean | undefined {
  if (ip < 8n) return undefined;
  const b = read(ip - 8n, 8);
  if (!b) return undefined;
  // b[8 - n] is the first byte of an n-byte instruction ending at ip.
  if (b[3] === 0xe8) return true; // call rel32
  for (let n = 2; n <= 8; n++) {
    const at = 8 - n;
    let p = at;
    if (is64 && b[p]! >= 0x40 && b[p]! <= 0x4f) p++; // REX
    if (b[p] !== 0xff || p + 1 >= 8) continue;
    const modrm = b[p + 1]!;
    if (((modrm >> 3) & 7) !== 2) continue; // FF /2 = call near indirect
    const mod = modrm >> 6;
    const rm = modrm & 7;
    let len = p + 2 - at;
    if (mod !== 3 && rm === 4) len += 1; // SIB
    if (mod === 1) len += 1;
    else if (mod === 2) len += 4;
    else if (mod === 0 && rm === 5) len += 4; // disp32 / rip-relative
    else if (mod === 0 && rm === 4 && p + 2 < 8 && (b[p + 2]! & 7) === 5) len += 4; // SIB with no base
    if (len === n) return true;
  }
  return false;
}
