import { describe, expect, it } from 'vitest';
import { hex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import { emptyReport } from '../model/report';
import { sampleImage } from '../formats/pe/synthetic/sample-image';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../symbols/in-memory-provider';
import { RangeAddressSpace } from './range-memory';
import { walkStack } from './walk';

const B = 0x7ff600000000n;
const S = 0x1000000n;

function stack(): { bytes: Uint8Array; put(at: number, v: bigint): void } {
  const bytes = new Uint8Array(0x20000);
  const view = new DataView(bytes.buffer);
  return { bytes, put: (at, v) => view.setBigUint64(at, v, true) };
}

function dump(space: RangeAddressSpace, regs: Record<string, bigint>, moduleInSpace = true): ParsedDump {
  const report = emptyReport('minidump', 'minidump');
  report.system.arch = 'x64';
  report.modules = [{ name: 'sample.dll', base: hex(B), size: '0x5000' }];
  report.context = { arch: 'x64', registers: Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, hex(v)])) };
  if (moduleInSpace) space.add(B, sampleImage(text()));
  return { report, memory: space };
}

/** .text with an epilog (pop rbp; ret) at 0x34 and a junk byte elsewhere. */
function text(): Uint8Array {
  const t = new Uint8Array(0x200).fill(0xcc);
  t.set([0x48, 0x83, 0xc4, 0x20, 0x5d, 0xc3], 0x30);
  t.set([0xe8, 0, 0, 0, 0], 0x4b); // a call that returns to 0x1050
  return t;
}

describe('x64 unwinding from .pdata', () => {
  it('undoes push/alloc, chained info, FP-based saves, large allocations and a machine frame', () => {
    const st = stack();
    st.put(0x120, 0xaaaan); // rbp saved by f1
    st.put(0x128, B + 0x1105n); // return into f3 (chained to f1)
    st.put(0x150, S + 0x200n); // rbp saved by f1's prolog run for f3
    st.put(0x158, B + 0x1080n); // return into f2
    st.put(0x1e0 + 64, 0x5151n); // rsi saved at frame+64 (frame = rbp - 32)
    st.put(0x1e0 + 0x10010, 0xb0b0n); // rbx (overwritten by the push below)
    st.put(0x2260, 0xb1b1n); // rbx pushed
    st.put(0x2270, B + 0x1010n); // machine frame: rip
    st.put(0x2270 + 24, S + 0x3000n); // machine frame: rsp
    st.put(0x3020, 0x1234n); // rbp for the last f1
    st.put(0x3028, 0n); // end of stack
    const space = new RangeAddressSpace().add(S, st.bytes);
    const frames = walkStack(dump(space, { rip: B + 0x1010n, rsp: S + 0x100n, rbp: 0x9999n, rax: 7n }), NO_SYMBOLS);
    expect(frames.map((f) => [f.address, f.sp, f.trust])).toEqual([
      [hex(B + 0x1010n), hex(S + 0x100n), 'context'],
      [hex(B + 0x1105n), hex(S + 0x130n), 'cfi'],
      [hex(B + 0x1080n), hex(S + 0x160n), 'cfi'],
      [hex(B + 0x1010n), hex(S + 0x3000n), 'cfi'],
    ]);
    expect(frames[1]!.registers.rbp).toBe('0xaaaa');
    expect(frames[1]!.registers.rax).toBeUndefined();
    expect(frames[2]!.registers.rbp).toBe(hex(S + 0x200n));
    expect(frames[3]!.registers.rsi).toBe('0x5151');
    expect(frames[3]!.registers.rbx).toBe('0xb1b1');
    expect(frames[0]!.module).toBe('sample');
    expect(frames[1]!.offset).toBe('0x1105');
    expect(frames[0]!.returnAddress).toBe(hex(B + 0x1105n));
  });

  it('recognises an epilog in the context frame', () => {
    const st = stack();
    st.put(0x100, 0x4242n); // rbp about to be popped
    st.put(0x108, B + 0x1010n);
    st.put(0x130, 0n);
    const space = new RangeAddressSpace().add(S, st.bytes);
    const frames = walkStack(dump(space, { rip: B + 0x1034n, rsp: S + 0x100n }), NO_SYMBOLS, { scan: false });
    expect(frames[1]).toMatchObject({ address: hex(B + 0x1010n), sp: hex(S + 0x110n), trust: 'cfi' });
    expect(frames[1]!.registers.rbp).toBe('0x4242');
  });

  it('uses an image file from the symbol path when the dump lacks the image', () => {
    const st = stack();
    st.put(0x108, B + 0x1060n); // a stale return address that scanning would take
    st.put(0x120, 0xaaaan);
    st.put(0x128, B + 0x1050n);
    const space = new RangeAddressSpace().add(S, st.bytes);
    const provider = new InMemorySymbolProvider().addImage('sample.dll', sampleImage());
    const frames = walkStack(dump(space, { rip: B + 0x1010n, rsp: S + 0x100n }, false), provider);
    expect(frames[1]).toMatchObject({ address: hex(B + 0x1050n), sp: hex(S + 0x130n), trust: 'cfi' });
    const withoutImage = walkStack(dump(new RangeAddressSpace().add(S, st.bytes), { rip: B + 0x1010n, rsp: S + 0x100n }, false), NO_SYMBOLS);
    expect(withoutImage[1]).toMatchObject({ address: hex(B + 0x1060n), sp: hex(S + 0x110n), trust: 'scan' });
  });

  it('scans with the ABI alignment rule and the code-section rule when there is no unwind data', () => {
    const st = stack();
    st.put(0x100, B + 0x1020n); // at 0 mod 16: not a return-address slot
    st.put(0x108, B + 0x2010n); // points into .rdata, not code
    st.put(0x118, B + 0x1060n); // code, but no call before it
    st.put(0x128, B + 0x1050n); // good: preceded by a call
    const space = new RangeAddressSpace().add(S, st.bytes);
    const img = sampleImage(text());
    space.add(B, img.subarray(0, 0x1000)); // headers only, no .pdata pages
    space.add(B + 0x1000n, img.subarray(0x1000, 0x2000));
    space.add(B + 0x2000n, img.subarray(0x2000, 0x3000));
    const report = dump(space, { rip: 0x1234n, rsp: S + 0x100n }, false);
    const frames = walkStack(report, NO_SYMBOLS);
    expect(frames[1]).toMatchObject({ address: hex(B + 0x1050n), sp: hex(S + 0x130n), trust: 'scan' });
  });
});
