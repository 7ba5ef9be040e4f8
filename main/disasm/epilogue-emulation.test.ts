import { describe, expect, it } from 'vitest';
import type { AddressSpace } from '../../native-free-core/model/address-space';
import { emulateEpilogue } from '../../native-free-core/unwind/epilogue';
import { sharedDisassembler } from './shared';

const PC = 0xfffff80000401000n;

/** Dump memory holding `code` at PC and nothing else, as a triage dump holds 256 bytes after a return address. */
function memoryWith(code: number[]): AddressSpace {
  const bytes = Uint8Array.from(code);
  const readPartial = (address: bigint, length: number) => {
    if (address < PC || address >= PC + BigInt(bytes.length)) return new Uint8Array(0);
    const from = Number(address - PC);
    return bytes.subarray(from, Math.min(bytes.length, from + length));
  };
  return {
    pointerSize: 8,
    read: (address, length) => {
      const got = readPartial(address, length);
      return got.length === length ? got : null;
    },
    readPartial,
    ranges: () => [{ address: PC, size: bytes.length }],
  };
}

const run = (code: number[]) => emulateEpilogue(memoryWith(code), sharedDisassembler(), PC);

describe('emulateEpilogue (x64 frames without unwind data)', () => {
  it('adds up add rsp and ret', () => {
    expect(run([0x48, 0x83, 0xc4, 0x28, 0xc3])).toMatchObject({ returnOffset: 0x28n, kind: 'return', releasedBytes: 0n });
  });

  it('records the pops of nonvolatile registers with their slots', () => {
    // mov rbx,[rsp+30h] ; add rsp,20h ; pop rdi ; ret
    const r = run([0x48, 0x8b, 0x5c, 0x24, 0x30, 0x48, 0x83, 0xc4, 0x20, 0x5f, 0xc3]);
    expect(r?.returnOffset).toBe(0x28n);
    expect([...r!.saved]).toEqual([['rdi', 0x20n]]);
  });

  it("follows MSVC's lea r11,[rsp+N] … mov rsp,r11 epilogue", () => {
    // lea r11,[rsp+60h] ; mov rbx,[r11+10h] ; mov rsp,r11 ; pop r15 ; ret
    const r = run([0x4c, 0x8d, 0x5c, 0x24, 0x60, 0x49, 0x8b, 0x5b, 0x10, 0x49, 0x8b, 0xe3, 0x41, 0x5f, 0xc3]);
    expect(r?.returnOffset).toBe(0x68n);
    expect(r?.saved.get('r15')).toBe(0x60n);
  });

  it('takes the branch when the fall-through path ends in a call that does not return', () => {
    // test eax,eax ; je +6 ; call $+5 ; int3 ; add rsp,38h ; ret
    expect(run([0x85, 0xc0, 0x74, 0x06, 0xe8, 0x00, 0x00, 0x00, 0x00, 0xcc, 0x48, 0x83, 0xc4, 0x38, 0xc3])?.returnOffset).toBe(0x38n);
  });

  it('follows jumps in the body and treats a jmp after the epilogue as a tail call', () => {
    // jmp +2 ; int3 ; int3 ; add rsp,28h ; jmp far away
    expect(run([0xeb, 0x02, 0xcc, 0xcc, 0x48, 0x83, 0xc4, 0x28, 0xe9, 0x00, 0x10, 0x00, 0x00])).toMatchObject({ returnOffset: 0x28n, kind: 'return' });
  });

  it('reports a machine frame at iretq', () => {
    // add rsp,8 ; iretq
    expect(run([0x48, 0x83, 0xc4, 0x08, 0x48, 0xcf])).toMatchObject({ returnOffset: 8n, kind: 'interrupt' });
  });

  it('reports a partial epilogue when the saved code ends inside it', () => {
    // add rsp,30h ; pop r15 ; (the dump holds no more)
    expect(run([0x48, 0x83, 0xc4, 0x30, 0x41, 0x5f])).toMatchObject({ returnOffset: 0x38n, kind: 'partial' });
  });

  it('undoes a prologue run from the function entry; registers pushed on the path keep their values', () => {
    // push rbx ; sub rsp,20h ; add rsp,20h ; pop rbx ; ret
    const r = run([0x53, 0x48, 0x83, 0xec, 0x20, 0x48, 0x83, 0xc4, 0x20, 0x5b, 0xc3]);
    expect(r?.returnOffset).toBe(0n);
    expect(r?.saved.size).toBe(0);
  });

  it('gives up on what it cannot follow: a frame pointer, a loop, code not in the dump', () => {
    expect(run([0x48, 0x8b, 0xe5, 0xc3])).toBeNull(); // mov rsp,rbp ; ret
    expect(run([0xeb, 0xfe])).toBeNull(); // jmp $
    expect(run([0x90, 0xe9, 0x00, 0x10, 0x00, 0x00])).toBeNull(); // nop ; jmp to code the dump lacks
    expect(run([0x48, 0x8b, 0x01, 0xcc])).toBeNull(); // mov rax,[rcx] ; int3
  });
});

describe('emulateEpilogue on arbitrary bytes', () => {
  it('always ends, with a result or null, and never throws', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const r = run([...bytes]);
        return r === null || typeof r.returnOffset === 'bigint';
      }),
      { numRuns: 300 },
    );
  });
});

describe('the walk-wide emulation budget', () => {
  it('stops emulating when the walk has spent its instructions', () => {
    const code = [...Array(20).fill(0x90), 0x48, 0x83, 0xc4, 0x28, 0xc3];
    const budget = { instructionsLeft: 5 };
    expect(emulateEpilogue(memoryWith(code), sharedDisassembler(), PC, budget)).toBeNull();
    expect(budget.instructionsLeft).toBeLessThanOrEqual(0);
    expect(emulateEpilogue(memoryWith(code), sharedDisassembler(), PC, { instructionsLeft: 100 })?.returnOffset).toBe(0x28n);
  });
});
