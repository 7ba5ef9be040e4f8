import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../tests/synth/minidump-writer';
import type { AddressSpace } from '../../model/address-space';
import { decodeWrittenContext, readContextAt } from './context-record';

const VA = 0xfffff80000100000n;

/** An address space holding `bytes` at VA; without `partial` it has no readPartial. */
function spaceWith(bytes: Uint8Array, partial = true): AddressSpace {
  const at = (address: bigint, length: number) => {
    const from = Number(address - VA);
    return from >= 0 && from < bytes.length ? bytes.slice(from, Math.min(bytes.length, from + length)) : new Uint8Array(0);
  };
  return {
    pointerSize: 8,
    read: (address, length) => { const b = at(address, length); return b.length === length ? b : null; },
    ...(partial ? { readPartial: at } : {}),
    ranges: () => [{ address: VA, size: bytes.length }],
  };
}

describe('decodeWrittenContext (CONTEXTs Windows wrote: kernel dumps)', () => {
  const regs = { rip: 0xfffff8047bdf5a80n, rsp: 0xffff850429890ee8n, rax: 1n, cs: 0x10, ss: 0x18, ds: 0x2b, gs: 0x2b, dr7: 0x400n, mxcsr: 0x1f80 };

  it("RtlCaptureContext's flags (0x10000f): no debug registers", () => {
    const ctx = decodeWrittenContext(buildContext({ arch: 'amd64', flags: 0x10000f, registers: regs }), 'x64', 'k.dmp', 0)!;
    expect(ctx.flags).toBe('0x10000f');
    expect(ctx.registers).toMatchObject({ rip: '0xfffff8047bdf5a80', rax: '0x1', cs: '0x10', ss: '0x18', ds: '0x2b', gs: '0x2b', mxcsr: '0x1f80' });
    expect(Object.keys(ctx.registers).filter((k) => k.startsWith('dr'))).toEqual([]);
  });

  it("KiDispatchException's flags (0x10001f): debug registers too", () => {
    const ctx = decodeWrittenContext(buildContext({ arch: 'amd64', flags: 0x10001f, registers: regs }), 'x64', 'k.dmp', 0)!;
    expect(ctx.registers).toMatchObject({ dr7: '0x400', dr0: '0x0' });
  });

  it('CONTROL without SEGMENTS keeps cs and ss, drops ds/es/fs/gs', () => {
    const ctx = decodeWrittenContext(buildContext({ arch: 'amd64', flags: 0x100003, registers: regs }), 'x64', 'k.dmp', 0)!;
    expect(ctx.registers).toMatchObject({ cs: '0x10', ss: '0x18' });
    expect(ctx.registers.ds).toBeUndefined();
    expect(ctx.registers.mxcsr).toBeUndefined();
  });

  it('accepts the status bits of the top byte, refuses another CPU and the "PAGE" fill', () => {
    expect(decodeWrittenContext(buildContext({ arch: 'amd64', flags: 0x0810000f, registers: regs }), 'x64', 'k.dmp', 0)?.registers.rip).toBe('0xfffff8047bdf5a80');
    expect(decodeWrittenContext(buildContext({ arch: 'x86', flags: 0x1001f, registers: {} }), 'x64', 'k.dmp', 0)).toBeNull();
    const page = buildContext({ arch: 'x86', registers: {} });
    new DataView(page.buffer).setUint32(0, 0x45474150, true);
    expect(decodeWrittenContext(page, 'x86', 'k.dmp', 0)).toBeNull();
    expect(decodeWrittenContext(new Uint8Array(0xff), 'x64', 'k.dmp', 0)).toBeNull();
  });
});

describe('readContextAt', () => {
  it('x86: the whole record when the dump holds it (mxcsr from ExtendedRegisters), the registers otherwise', () => {
    const whole = buildContext({ arch: 'x86', flags: 0x1003f, registers: { eip: 0x8013cd0a, esp: 0xfe40ce50, fs: 0x30 } });
    new DataView(whole.buffer).setUint32(0xcc + 0x18, 0x1f80, true);
    expect(readContextAt(spaceWith(whole), 'x86', VA)?.registers).toMatchObject({ eip: '0x8013cd0a', fs: '0x30', mxcsr: '0x1f80' });
    for (const partial of [true, false]) {
      const ctx = readContextAt(spaceWith(whole.subarray(0, 0x100), partial), 'x86', VA);
      expect(ctx?.registers.eip).toBe('0x8013cd0a');
      expect(ctx?.registers.mxcsr).toBeUndefined();
    }
    expect(readContextAt(spaceWith(whole.subarray(0, 0xcb)), 'x86', VA)).toBeNull();
    expect(readContextAt(spaceWith(whole), undefined, VA)).toBeNull();
  });

  it('ARM64: x0..x28, fp, lr, sp, pc', () => {
    const ctx = readContextAt(spaceWith(buildContext({ arch: 'arm64', flags: 0x400003, registers: { pc: 0x4000n, sp: 0x7000n, x0: 5n } })), 'arm64', VA);
    expect(ctx?.registers).toMatchObject({ pc: '0x4000', sp: '0x7000', x0: '0x5' });
  });

  it('gives a context or null for arbitrary bytes, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 0x500 }), fc.constantFrom('x86' as const, 'x64' as const, 'arm64' as const), (bytes, arch) => {
        const ctx = readContextAt(spaceWith(bytes), arch, VA);
        if (ctx) for (const v of Object.values(ctx.registers)) expect(v).toMatch(/^0x[0-9a-f]+$/);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
