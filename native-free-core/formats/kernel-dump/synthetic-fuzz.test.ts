import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKernelDump, contextBytes, toBytes, type KernelDumpDescription } from '../../../tests/synth/kernel-dump-writer';
import { BufferByteSource } from '../../io/byte-source';
import { isParseError } from '../../io/parse-error';
import { parseKernelDump } from './index';

const STACK = 0xfffff88005f40000n;
const base: KernelDumpDescription = {
  machine: 'x64',
  dumpType: 'bitmap',
  bugcheck: { code: 0x3b, args: [0xc0000005n, 0xfffff80002a00141n, STACK + 0x100n, 0n] },
  context: { rip: 0xfffff80002a00141n, rsp: STACK + 0x20n },
  psLoadedModuleList: STACK + 0x800n,
  kdDebuggerDataBlock: STACK + 0x900n,
  mappings: [{ va: STACK, pfn: 0x500 }, { va: 0xfffff80003000000n, pfn: 0x800, size: '2m' }],
  virtualWrites: [{ va: STACK + 0x100n, bytes: contextBytes('x64', { rip: 0xfffff80002a00141n, rsp: STACK + 0x200n }) }],
};

/** Mutates the header pages, the bitmap header and the page tables of small synthetic dumps. */
describe('synthetic kernel dumps under mutation', () => {
  for (const dumpType of ['full', 'bitmap'] as const) {
    const clean = toBytes(buildKernelDump({ ...base, dumpType }));
    it(`${dumpType}: every mutation gives a report or a ParseError, and reads stay bounded`, () => {
      let runs = 0;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(clean.length - 1), fc.integer({ min: 0, max: 255 }), fc.boolean()), { minLength: 1, maxLength: 16 }),
          fc.nat(clean.length),
          fc.boolean(),
          (muts, cutAt, cut) => {
            runs++;
            const b = clean.slice();
            for (const [at, v, inHeader] of muts) b[inHeader ? at % 0x2100 : at] = v;
            const src = new BufferByteSource('fuzz.dmp', cut ? b.subarray(0, cutAt) : b);
            try {
              const p = parseKernelDump(src);
              JSON.stringify(p.report);
              p.memory.read(STACK + 0x100n, 0x200);
              p.memory.readPartial?.(0xfffff80003000000n, 0x3000);
            } catch (e) {
              if (!isParseError(e)) throw e;
            }
          },
        ),
        { numRuns: 1000 },
      );
      expect(runs).toBe(1000);
    });
  }
});
