import { describe, expect, it } from 'vitest';
import { callPrecedes } from './call-site';

function at(bytes: number[]) {
  const mem = new Uint8Array(16);
  mem.set(bytes, 16 - bytes.length);
  // the return address is 0x1010: bytes end right before it
  return (a: bigint, n: number) => (a >= 0x1000n && a + BigInt(n) <= 0x1010n ? mem.subarray(Number(a - 0x1000n), Number(a - 0x1000n) + n) : null);
}

describe('callPrecedes', () => {
  it('recognises direct and indirect call encodings', () => {
    expect(callPrecedes(at([0xe8, 1, 2, 3, 4]), 0x1010n, true)).toBe(true); // call rel32
    expect(callPrecedes(at([0xff, 0x15, 1, 2, 3, 4]), 0x1010n, true)).toBe(true); // call [rip+disp32]
    expect(callPrecedes(at([0x48, 0xff, 0x15, 1, 2, 3, 4]), 0x1010n, true)).toBe(true); // rex.w call [rip+disp32]
    expect(callPrecedes(at([0xff, 0xd0]), 0x1010n, true)).toBe(true); // call rax
    expect(callPrecedes(at([0x41, 0xff, 0xd2]), 0x1010n, true)).toBe(true); // call r10
    expect(callPrecedes(at([0xff, 0x50, 0x08]), 0x1010n, false)).toBe(true); // call [eax+8]
    expect(callPrecedes(at([0xff, 0x54, 0x24, 0x10]), 0x1010n, true)).toBe(true); // call [rsp+10h]
    expect(callPrecedes(at([0xff, 0x90, 1, 2, 3, 4]), 0x1010n, true)).toBe(true); // call [rax+disp32]
  });

  it('rejects other code and says nothing when the bytes are not in the dump', () => {
    expect(callPrecedes(at([0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90]), 0x1010n, true)).toBe(false);
    expect(callPrecedes(at([0xff, 0xe0]), 0x1010n, true)).toBe(false); // jmp rax
    expect(callPrecedes(() => null, 0x1010n, true)).toBeUndefined();
  });
});
