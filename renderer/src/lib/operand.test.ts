import { describe, expect, it } from 'vitest';
import { effectiveAddress, memoryOperand } from './operand';

const regs = { rsi: '0x9d00000000', rcx: '0xfffffa8008e13318', r8: '0xffff9b0003360008', r9: '0x44', rax: '0x1000' };

describe('memory operands of the faulting path', () => {
  it('reads the bracket and its registers', () => {
    expect(memoryOperand('mov rax,qword ptr [rsi+20h]')).toEqual({ text: 'rsi+20h', registers: ['rsi'] });
    expect(memoryOperand('mov dword ptr [r9+r8],edx')).toEqual({ text: 'r9+r8', registers: ['r9', 'r8'] });
    expect(memoryOperand('test rsi,rsi')).toBeUndefined();
  });

  it('computes the address the way the CPU does', () => {
    expect(effectiveAddress(memoryOperand('mov rax,qword ptr [rsi+20h]')!, regs)).toBe(0x9d00000020n);
    expect(effectiveAddress(memoryOperand('mov rsi,qword ptr [rcx]')!, regs)).toBe(0xfffffa8008e13318n);
    expect(effectiveAddress(memoryOperand('mov dword ptr [r9+r8],edx')!, regs)).toBe(0xffff9b000336004cn);
    expect(effectiveAddress(memoryOperand('lea rdx,[rax+rsi*2-10h]')!, { rax: '0x1000', rsi: '0x8' })).toBe(0x1000n);
    expect(effectiveAddress(memoryOperand('mov eax,dword ptr [eax-4]')!, { eax: '0x10' }, 32)).toBe(0xcn);
  });

  it('gives up when a register value is unknown', () => {
    expect(effectiveAddress(memoryOperand('mov rax,qword ptr [rbx+8]')!, regs)).toBeUndefined();
  });
});
