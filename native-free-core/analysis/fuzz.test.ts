import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../model/hex';
import { emptyReport, type CrashReport } from '../model/report';
import { analyzeReport } from './analyze';
import { formatAnalyzeText, toAnalyzeJson } from './summary';
import { SEED_U_LISTING, seedReport } from './testdata/seed-report';
import { rangesSpace } from './testdata/synthetic';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const nearSeed = fc.oneof(u64, fc.constantFrom(0xfffff8800106f141n, 0xfffffa8008e13318n, 0n, 0x9d00000000n));
const hexText = fc.oneof(nearSeed.map(hex), fc.string({ maxLength: 12 }));

describe('analysis never throws on odd reports', () => {
  it('random registers, code text, memory, pools and types', () => {
    fc.assert(
      fc.property(
        fc.record({
          arch: fc.constantFrom('x64', 'x86', 'arm64', undefined),
          regs: fc.dictionary(fc.constantFrom('rip', 'eip', 'rsi', 'rcx', 'rsp', 'esp', 'eax', 'rax', 'r8'), hexText),
          code: fc.array(fc.tuple(hexText, fc.oneof(fc.constantFrom(...SEED_U_LISTING.map((l) => l[2])), fc.string({ maxLength: 40 }))), { maxLength: 12 }),
          mem: fc.array(fc.tuple(hexText, fc.stringMatching(/^([0-9a-f]{2}){0,24}$/)), { maxLength: 4 }),
          bug: fc.option(fc.tuple(hexText, fc.array(hexText, { maxLength: 5 }))),
          exc: fc.option(fc.tuple(hexText, hexText, fc.constantFrom('read', 'write', 'execute', undefined))),
          extra: fc.oneof(fc.constant(undefined), fc.constant({ pools: 'x', types: 3 }), fc.constant({ pools: seedReport().extra!.pools, types: seedReport().extra!.types })),
          frames: fc.array(fc.record({ address: hexText, function: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), offset: fc.option(hexText, { nil: undefined }) }), { maxLength: 4 }),
          page: fc.uint8Array({ minLength: 0, maxLength: 256 }),
        }),
        (d) => {
          const r: CrashReport = emptyReport('windbg-text', 'transcript');
          if (d.arch) r.system.arch = d.arch;
          r.context = { arch: d.arch ?? 'x64', registers: d.regs };
          r.disassembly = d.code.map(([address, text]) => ({ address, text }));
          r.knownMemory = d.mem.map(([address, bytes]) => ({ address, bytes, provenance: { source: 'transcript' } }));
          if (d.bug) r.bugcheck = { code: d.bug[0], args: d.bug[1] };
          if (d.exc) r.exception = { code: d.exc[0], address: d.exc[1], ...(d.exc[2] ? { accessType: d.exc[2] } : {}) };
          if (d.extra) r.extra = d.extra as Record<string, unknown>;
          r.stack = d.frames.map((f, index) => ({ index, address: f.address, function: f.function, offset: f.offset, module: 'm', trust: 'scan' }));
          const memory = rangesSpace([[0xfffff8800106f000n, d.page]]);
          const before = JSON.stringify(r);
          const result = analyzeReport({ report: r, memory });
          expect(typeof result.summary).toBe('string');
          formatAnalyzeText(r, result);
          toAnalyzeJson({ ...r, findings: result.findings }, { file: 'f', sha256: '0' });
          expect(JSON.stringify(r)).toBe(before);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
