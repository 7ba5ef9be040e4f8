import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBreakpadSym } from '../formats/breakpad-sym/parse-sym';
import { sampleImage } from '../formats/pe/synthetic/sample-image';
import { hex } from '../model/hex';
import { type Arch, emptyReport } from '../model/report';
import { BreakpadModuleSymbols } from '../symbols/breakpad-symbols';
import { InMemorySymbolProvider } from '../symbols/in-memory-provider';
import { formatBreakpadStack, formatWinDbgStack } from './format';
import { RangeAddressSpace } from './range-memory';
import { walkStack } from './walk';

const SYM = new TextEncoder().encode(
  [
    'MODULE windows x86 0123 app.pdb',
    'FUNC 1000 100 8 f',
    '1000 100 1 1',
    'STACK WIN 4 1000 100 0 0 8 4 10 0 1 $T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + =',
    'STACK WIN 0 1100 100 0 0 4 8 8 0 0 1',
    'STACK CFI INIT 1200 100 .cfa: $esp 4 + .ra: .cfa 4 - ^ $ebp: .cfa 8 - ^',
    'STACK CFI INIT 1300 100 .cfa: $esp 8 @ .ra: .cfa ^',
    'PUBLIC 1400 0 p',
    '',
  ].join('\n'),
);

describe('stack walker on hostile memory', () => {
  const provider = new InMemorySymbolProvider().add('app.exe', new BreakpadModuleSymbols(parseBreakpadSym(SYM, 'app.sym'))).addImage('app64.dll', sampleImage());

  it('always terminates with a bounded frame list and never throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Arch>('x86', 'x64', 'arm64'),
        fc.uint8Array({ minLength: 0, maxLength: 2048 }),
        fc.array(fc.nat({ max: 0x600 }), { maxLength: 24 }),
        fc.nat({ max: 0x800 }),
        fc.nat({ max: 0x1800 }),
        (arch, noise, codePointers, spOff, ipOff) => {
          const stack = noise.slice();
          const view = new DataView(stack.buffer);
          const word = arch === 'x86' ? 4 : 8;
          // Sprinkle pointers into the module so the unwinders have something to follow.
          codePointers.forEach((p, i) => {
            const at = (i * 37 * word) % Math.max(word, stack.length - word);
            if (at + word <= stack.length) {
              if (word === 4) view.setUint32(at, 0x401000 + p, true);
              else view.setBigUint64(at, 0x140001000n + BigInt(p), true);
            }
          });
          const space = new RangeAddressSpace(word).add(0x10000n, stack).add(0x140000000n, sampleImage());
          const r = emptyReport('minidump', 'minidump');
          r.modules = [
            { name: 'app.exe', base: '0x400000', size: '0x10000' },
            { name: 'app64.dll', base: '0x140000000', size: '0x5000' },
          ];
          const ip = arch === 'x86' ? 0x401000 + ipOff : 0x140001000 + ipOff;
          const sp = 0x10000 + spOff;
          const regs: Record<string, string> =
            arch === 'x86'
              ? { eip: hex(ip), esp: hex(sp), ebp: hex(sp + 16), ebx: '0x1' }
              : arch === 'x64'
                ? { rip: hex(ip), rsp: hex(sp), rbp: hex(sp + 32) }
                : { pc: hex(ip), sp: hex(sp), fp: hex(sp + 16), lr: hex(ip + 4) };
          r.context = { arch, registers: regs };
          const parsed = { report: r, memory: space };
          const frames = walkStack(parsed, provider, { maxFrames: 200 });
          expect(frames.length).toBeGreaterThanOrEqual(1);
          expect(frames.length).toBeLessThanOrEqual(200);
          formatWinDbgStack(frames, arch, { numbers: true, args: true });
          formatBreakpadStack(parsed, frames);
        },
      ),
      { numRuns: 600 },
    );
  });
});
