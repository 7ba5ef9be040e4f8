import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../native-free-core/model/hex';
import { emptyReport } from '../../native-free-core/model/report';
import { NO_SYMBOLS } from '../../native-free-core/symbols/in-memory-provider';
import { RangeAddressSpace } from '../../native-free-core/unwind/range-memory';
import { walkStack } from '../../native-free-core/unwind/walk';
import { sharedDisassembler } from './shared';

const CODE = 0xfffff80040001000n;
const STACK = 0xffff850400010000n;

describe('x64 walk with epilogue emulation on hostile memory', () => {
  it('always ends, quickly, with a bounded frame list, and never throws', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 4096 }),
        fc.uint8Array({ minLength: 0, maxLength: 2048 }),
        fc.array(fc.nat({ max: 0xff0 }), { maxLength: 32 }),
        fc.nat({ max: 0xff0 }),
        (code, noise, codePointers, ipOff) => {
          const stack = noise.slice();
          const view = new DataView(stack.buffer, stack.byteOffset, stack.byteLength);
          codePointers.forEach((p, i) => {
            const at = (i * 24) % Math.max(8, stack.length - 8);
            if (at + 8 <= stack.length) view.setBigUint64(at, CODE + BigInt(p), true);
          });
          // Plant epilogues (add rsp,N ; pop rbx ; ret) so emulation has returns to find.
          const text = code.slice();
          codePointers.forEach((p, i) => {
            const at = (p * 7) % Math.max(1, text.length - 6);
            text.set([0x48, 0x83, 0xc4, (i % 16) * 8, 0x5b, 0xc3], at);
          });
          const space = new RangeAddressSpace(8).add(STACK, stack).add(CODE, text);
          const report = emptyReport('kernel-dump', 'triage');
          report.modules = [{ name: 'hostile.sys', base: hex(CODE - 0x1000n), size: '0x2000' }];
          report.context = { arch: 'x64', registers: { rip: hex(CODE + BigInt(ipOff % text.length)), rsp: hex(STACK) } };
          const started = performance.now();
          const frames = walkStack({ report, memory: space }, NO_SYMBOLS, { disassembler: sharedDisassembler });
          expect(frames.length).toBeGreaterThanOrEqual(1);
          expect(frames.length).toBeLessThanOrEqual(1024);
          expect(performance.now() - started).toBeLessThan(2000);
        },
      ),
      { numRuns: 150 },
    );
  });
});
