import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../tests/synth/minidump-writer';
import { ParseError } from '../../io/parse-error';
import { contextFlagNames, SIZEOF_CONTEXT_AMD64, SIZEOF_CONTEXT_ARM64, SIZEOF_CONTEXT_X86 } from './context-flags';
import { decodeContext, detectContextArch, instructionPointerName, minimumContextSize, stackPointerName } from './decode-context';

describe('decodeContext', () => {
  it('x86: only the groups ContextFlags marks valid', () => {
    const bytes = buildContext({ arch: 'x86', flags: 0x10001, registers: { eip: 0x401000, esp: 0x12ff00, eax: 5, ds: 0x23, dr7: 1 } });
    expect(bytes.length).toBe(SIZEOF_CONTEXT_X86);
    const ctx = decodeContext(bytes, 'x86', 'f.dmp', 0x100);
    expect(ctx).toEqual({ arch: 'x86', flags: '0x10001', registers: { ebp: '0x0', esp: '0x12ff00', eip: '0x401000', eflags: '0x0', cs: '0x0', ss: '0x0' } });
    const all = decodeContext(buildContext({ arch: 'x86', flags: 0x1003f, registers: { eax: 5, ds: 0x23, dr7: 1 } }), 'x86', 'f.dmp', 0);
    expect(all.registers).toMatchObject({ eax: '0x5', ds: '0x23', dr7: '0x1', mxcsr: '0x0', fpcw: '0x0' });
  });

  it('x86 without ExtendedRegisters (0xcc bytes) still decodes', () => {
    const ctx = decodeContext(buildContext({ arch: 'x86', registers: { eip: 7 } }).subarray(0, 0xcc), 'x86', 'f.dmp', 0);
    expect(ctx.registers.eip).toBe('0x7');
    expect(ctx.registers.mxcsr).toBeUndefined();
  });

  it('AMD64: every general register and the XSTATE flag', () => {
    const regs = { rax: 1n, rbx: 2n, rcx: 3n, rdx: 4n, rsi: 5n, rdi: 6n, rbp: 7n, rsp: 8n, r8: 9n, r9: 10n, r10: 11n, r11: 12n, r12: 13n, r13: 14n, r14: 15n, r15: 0xffff_ffff_ffff_ffffn, rip: 0x7ff7_1234_5678n };
    const bytes = buildContext({ arch: 'amd64', flags: 0x10005f, registers: { ...regs, mxcsr: 0x1f80, eflags: 0x10246, cs: 0x33, ss: 0x2b, dr0: 0x10n }, trailer: new Uint8Array(0x300).fill(0xcc) });
    expect(bytes.length).toBe(SIZEOF_CONTEXT_AMD64 + 0x300);
    const ctx = decodeContext(bytes, 'x64', 'f.dmp', 0);
    for (const [name, v] of Object.entries(regs)) expect(ctx.registers[name]).toBe('0x' + v.toString(16));
    expect(ctx.registers).toMatchObject({ mxcsr: '0x1f80', eflags: '0x10246', cs: '0x33', ss: '0x2b', dr0: '0x10' });
    expect(contextFlagNames(0x10005f, 'x64')).toEqual(['CONTROL', 'INTEGER', 'SEGMENTS', 'FLOATING_POINT', 'DEBUG_REGISTERS', 'XSTATE']);
    expect(contextFlagNames(0x100063, 'x64')).toEqual(['CONTROL', 'INTEGER', 'XSTATE']);
  });

  it('ARM64: X0..X28, fp, lr, sp, pc, cpsr, fpcr/fpsr', () => {
    const bytes = buildContext({ arch: 'arm64', flags: 0x400007, registers: { x0: 1n, x18: 0x18n, x28: 28n, fp: 29n, lr: 30n, sp: 0x1000n, pc: 0x4000n, cpsr: 0x80000000, fpcr: 1, fpsr: 2 } });
    expect(bytes.length).toBe(SIZEOF_CONTEXT_ARM64);
    const ctx = decodeContext(bytes, 'arm64', 'f.dmp', 0);
    expect(ctx.registers).toMatchObject({ x0: '0x1', x18: '0x18', x28: '0x1c', fp: '0x1d', lr: '0x1e', sp: '0x1000', pc: '0x4000', cpsr: '0x80000000', fpcr: '0x1', fpsr: '0x2' });
    expect(Object.keys(ctx.registers)).toHaveLength(29 + 5 + 2);
  });

  it('AMD64 CET: the shadow stack pointer from the CET_U XSAVE component after CONTEXT_EX', () => {
    // CONTEXT (0x4d0) | CONTEXT_EX (24 bytes, chunk offsets relative to it) | pad | XSAVE header (64) | CET_U (16)
    const xstateAt = 0x50;
    const trailer = new Uint8Array(xstateAt + 64 + 16);
    const v = new DataView(trailer.buffer);
    v.setInt32(0, -0x4d0, true);
    v.setUint32(4, 0x4d0 + xstateAt + 80, true);
    v.setInt32(8, -0x4d0, true);
    v.setUint32(12, 0x4d0, true);
    v.setInt32(16, xstateAt, true);
    v.setUint32(20, 80, true);
    v.setBigUint64(xstateAt, (1n << 11n) | 3n, true);
    v.setBigUint64(xstateAt + 64 + 8, 0xabcdef0n, true);
    const bytes = buildContext({ arch: 'amd64', flags: 0x100043, registers: { rip: 1n }, trailer });
    const features = new Map([[11, { Offset: 576, Size: 16 }]]);
    expect(decodeContext(bytes, 'x64', 'f.dmp', 0, { xstateFeatures: features }).registers.ssp).toBe('0xabcdef0');
    // Without the feature table, without the XSTATE flag, or with the component not saved: no ssp.
    expect(decodeContext(bytes, 'x64', 'f.dmp', 0).registers.ssp).toBeUndefined();
    expect(decodeContext(buildContext({ arch: 'amd64', flags: 0x100003, registers: {}, trailer }), 'x64', 'f.dmp', 0, { xstateFeatures: features }).registers.ssp).toBeUndefined();
    v.setBigUint64(xstateAt, 3n, true);
    expect(decodeContext(buildContext({ arch: 'amd64', flags: 0x100043, registers: {}, trailer }), 'x64', 'f.dmp', 0, { xstateFeatures: features }).registers.ssp).toBeUndefined();
    // A chunk pointing outside the record is ignored, not an error.
    v.setInt32(16, 0x7fff0000, true);
    expect(decodeContext(buildContext({ arch: 'amd64', flags: 0x100043, registers: {}, trailer }), 'x64', 'f.dmp', 0, { xstateFeatures: features }).registers.ssp).toBeUndefined();
    expect(contextFlagNames(0x1000c3, 'x64')).toEqual(['CONTROL', 'INTEGER', 'XSTATE', 'KERNEL_CET']);
  });

  it('Breakpad\'s old ARM64 layout (flags 0x80000000)', () => {
    const bytes = new Uint8Array(0x120);
    const v = new DataView(bytes.buffer);
    v.setUint32(0, 0x80000002, true);
    for (let i = 0; i < 31; i++) v.setBigUint64(8 + i * 8, BigInt(i + 1), true);
    v.setBigUint64(0x100, 0x7000n, true);
    v.setBigUint64(0x108, 0x4000n, true);
    v.setUint32(0x110, 0x20000000, true);
    expect(detectContextArch(bytes)).toBe('arm64');
    const ctx = decodeContext(bytes, 'arm64', 'f.dmp', 0);
    expect(ctx.registers).toMatchObject({ x0: '0x1', x28: '0x1d', fp: '0x1e', lr: '0x1f', sp: '0x7000', pc: '0x4000' });
    expect(ctx.flags).toBe('0x80000002');
    expect(() => decodeContext(bytes.subarray(0, 0x110), 'arm64', 'f.dmp', 0)).toThrow(/CONTEXT_ARM64_OLD/);
  });

  it('no group bits at all: control, integer and segments are returned', () => {
    const ctx = decodeContext(buildContext({ arch: 'amd64', flags: 0x100000, registers: { rip: 1n, rax: 2n, ds: 0x2b } }), 'x64', 'f.dmp', 0);
    expect(ctx.registers).toMatchObject({ rip: '0x1', rax: '0x2', ds: '0x2b' });
    expect(ctx.registers.dr0).toBeUndefined();
  });

  it('too short a record is a ParseError naming the structure and offset', () => {
    for (const arch of ['x86', 'x64', 'arm64'] as const) {
      const short = new Uint8Array(minimumContextSize(arch) - 1);
      expect(() => decodeContext(short, arch, 'f.dmp', 0x40)).toThrow(ParseError);
      expect(() => decodeContext(short, arch, 'f.dmp', 0x40)).toThrow(/f\.dmp: CONTEXT_\w+ at offset 0x40: record of/);
    }
  });

  it('detectContextArch reads the CPU bits', () => {
    expect(detectContextArch(buildContext({ arch: 'x86', registers: {} }))).toBe('x86');
    expect(detectContextArch(buildContext({ arch: 'amd64', registers: {} }))).toBe('x64');
    expect(detectContextArch(buildContext({ arch: 'arm64', registers: {} }))).toBe('arm64');
    expect(detectContextArch(new Uint8Array(0x400))).toBeUndefined();
    expect(detectContextArch(new Uint8Array(2))).toBeUndefined();
    expect([instructionPointerName('x64'), stackPointerName('x86'), instructionPointerName('arm64')]).toEqual(['rip', 'esp', 'pc']);
  });
});

describe('decodeContext on arbitrary bytes', () => {
  it('returns registers or throws ParseError, for every architecture', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 0x500 }), fc.constantFrom('x86' as const, 'x64' as const, 'arm64' as const), (bytes, arch) => {
        try {
          const ctx = decodeContext(bytes, arch, 'f.dmp', 0);
          expect(ctx.arch).toBe(arch);
          for (const v of Object.values(ctx.registers)) expect(v).toMatch(/^0x[0-9a-f]+$/);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
        detectContextArch(bytes);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
