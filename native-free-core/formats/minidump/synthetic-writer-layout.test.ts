// Checks tests/synth/minidump-writer.ts on its own, against the bytes of a
// real dump (minidump2.dmp, values from minidump_dump's output), so the round
// trip tests do not rest on a writer and a reader sharing the same mistake.
// Nothing here uses the parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext, writeMinidump } from '../../../tests/synth/minidump-writer';

const real = readFileSync(path.resolve(__dirname, '../../../../shared/corpus/minidump/breakpad/minidump2.dmp'));
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

/** Finds a stream in a written dump by walking the directory by hand. */
function streamOf(dump: Uint8Array, type: number): { rva: number; size: number } {
  const count = u32(dump, 8);
  const dir = u32(dump, 12);
  for (let i = 0; i < count; i++) if (u32(dump, dir + i * 12) === type) return { size: u32(dump, dir + i * 12 + 4), rva: u32(dump, dir + i * 12 + 8) };
  throw new Error(`stream ${type} not written`);
}

describe('synthetic minidump writer layout', () => {
  it('writes the header and a directory that covers the file', () => {
    const dump = writeMinidump({ timeDateStamp: 0x45d35f73, commentA: 'x' });
    expect(Array.from(dump.subarray(0, 4))).toEqual([0x4d, 0x44, 0x4d, 0x50]);
    expect(u32(dump, 4) & 0xffff).toBe(0xa793);
    expect(u32(dump, 20)).toBe(0x45d35f73);
    const s = streamOf(dump, 10);
    expect(s.rva + s.size).toBeLessThanOrEqual(dump.length);
    expect(Array.from(dump.subarray(s.rva, s.rva + s.size))).toEqual([0x78, 0]);
  });

  it('x86 CONTEXT: the exception context of minidump2.dmp, byte for byte in the integer and control part', () => {
    // Registers as minidump_dump prints them for the exception stream's context (RVA 0xac8).
    const ctx = buildContext({
      arch: 'x86',
      flags: 0x1003f,
      registers: { gs: 0, fs: 0x3b, es: 0x23, ds: 0x23, edi: 0xa28, esi: 0x2, ebx: 0x7c80abc1, edx: 0x42bc58, ecx: 0x12fe94, eax: 0x45, ebp: 0x12fe88, eip: 0x40429e, cs: 0x1b, eflags: 0x10246, esp: 0x12fe84, ss: 0x23 },
    });
    expect(ctx.length).toBe(0x2cc);
    expect(Array.from(ctx.subarray(0, 0x1c))).toEqual(Array.from(real.subarray(0xac8, 0xac8 + 0x1c)));
    expect(Array.from(ctx.subarray(0x8c, 0xcc))).toEqual(Array.from(real.subarray(0xac8 + 0x8c, 0xac8 + 0xcc)));
  });

  it('MINIDUMP_EXCEPTION_STREAM: the record of minidump2.dmp', () => {
    const dump = writeMinidump({ exception: { threadId: 0xbf4, code: 0xc0000005, address: 0x40429en, parameters: [1n, 0x45n] } });
    const s = streamOf(dump, 6);
    expect(s.size).toBe(168);
    // Up to the two parameters in use: Windows left stale bytes in the unused ExceptionInformation slots.
    expect(Array.from(dump.subarray(s.rva, s.rva + 56))).toEqual(Array.from(real.subarray(0xdc, 0xdc + 56)));
  });

  it('MINIDUMP_SYSTEM_INFO: the fixed fields of minidump2.dmp', () => {
    const dump = writeMinidump({ system: { arch: 'x86', major: 5, minor: 1, build: 2600, processors: 1, level: 6, revision: 0xd08, vendor: 'GenuineIntel', csd: 'Service Pack 2' } });
    const s = streamOf(dump, 7);
    expect(s.size).toBe(56);
    expect(Array.from(dump.subarray(s.rva, s.rva + 24))).toEqual(Array.from(real.subarray(0x8c, 0x8c + 24)));
    expect(Array.from(dump.subarray(s.rva + 32, s.rva + 44))).toEqual(Array.from(real.subarray(0x8c + 32, 0x8c + 44)));
    const csd = u32(dump, s.rva + 24);
    expect(u32(dump, csd)).toBe('Service Pack 2'.length * 2);
  });

  it('MINIDUMP_MODULE: psapi.dll of minidump2.dmp, apart from the RVAs', () => {
    const dump = writeMinidump({
      modules: [{ base: 0x76bf0000n, size: 0xb000, checksum: 0xa29b, timestamp: 0x411096ca, path: 'C:\\WINDOWS\\system32\\psapi.dll', version: [5, 1, 2600, 2180], codeView: { kind: 'RSDS', guid: 'a5c3a1f9-689f-43d8-ad22-8a0929388970', age: 2, pdb: 'psapi.pdb' } }],
    });
    const s = streamOf(dump, 4);
    expect(u32(dump, s.rva)).toBe(1);
    const mine = dump.subarray(s.rva + 4, s.rva + 4 + 108);
    const theirs = real.subarray(0x1e8 + 4 + 12 * 108, 0x1e8 + 4 + 13 * 108);
    expect(Array.from(mine.subarray(0, 20))).toEqual(Array.from(theirs.subarray(0, 20)));
    // VS_FIXEDFILEINFO: signature, struct version and both versions; flags and OS fields are not written.
    expect(Array.from(mine.subarray(24, 48))).toEqual(Array.from(theirs.subarray(24, 48)));
    const cvSize = u32(mine, 76);
    const cv = dump.subarray(u32(mine, 80), u32(mine, 80) + cvSize);
    expect(Array.from(cv)).toEqual(Array.from(real.subarray(0x14d7, 0x14d7 + 34)));
  });
});
