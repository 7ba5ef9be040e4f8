import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBreakpadSym } from '../formats/breakpad-sym/parse-sym';
import { parseKernelDump } from '../formats/kernel-dump';
import { parseMinidump } from '../formats/minidump';
import { BufferByteSource } from '../io/byte-source';
import { parseHex } from '../model/hex';
import { BreakpadModuleSymbols } from '../symbols/breakpad-symbols';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../symbols/in-memory-provider';
import { toReportFrames } from './frame';
import { formatBreakpadStack, formatWinDbgStack } from './format';
import { walkStack } from './walk';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const BP = path.join(CORPUS, 'minidump/breakpad');
const read = (p: string) => readFileSync(path.join(CORPUS, p));

function minidump2() {
  return parseMinidump(new BufferByteSource('minidump2.dmp', read('minidump/breakpad/minidump2.dmp')));
}

function provider(withKernel32: boolean) {
  const p = new InMemorySymbolProvider();
  p.add('test_app.exe', new BreakpadModuleSymbols(parseBreakpadSym(readFileSync(path.join(BP, 'symbols/test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym')), 'test_app.sym')));
  if (withKernel32) p.add('kernel32.dll', new BreakpadModuleSymbols(parseBreakpadSym(readFileSync(path.join(BP, 'symbols/kernel32.pdb/BCE8785C57B44245A669896B6A19B9542/kernel32.sym')), 'kernel32.sym')));
  return p;
}

describe('minidump2.dmp against Breakpad', () => {
  it('prints exactly minidump2.stackwalk.out with test_app.sym and kernel32.sym', () => {
    const d = minidump2();
    const text = formatBreakpadStack(d, walkStack(d, provider(true)));
    expect(text).toBe(read('minidump/breakpad/expected/minidump2.stackwalk.out').toString('utf8'));
  });

  it('gives the four frames (module, function, offset, file:line, trust) with test_app.sym only', () => {
    const d = minidump2();
    const frames = toReportFrames(walkStack(d, provider(false)));
    expect(frames.map((f) => [f.module, f.function, f.offset, f.file, f.line, f.trust])).toEqual([
      ['test_app', "`anonymous namespace'::CrashFunction", '0xe', 'c:\\test_app.cc', 58, 'context'],
      ['test_app', 'main', '0x50', 'c:\\test_app.cc', 65, 'cfi'],
      ['test_app', '__tmainCRTStartup', '0x15f', 'f:\\sp\\vctools\\crt_bld\\self_x86\\crt\\src\\crt0.c', 327, 'cfi'],
      ['kernel32', undefined, '0x16fd7', undefined, undefined, 'cfi'],
    ]);
    expect(frames.map((f) => f.address)).toEqual(['0x40429e', '0x404200', '0x4053ec', '0x7c816fd7']);
    expect(frames.map((f) => f.sp)).toEqual(['0x12fe84', '0x12fe90', '0x12ff78', '0x12ffc8']);
    expect(Object.keys(frames[0]!)).not.toContain('registers');
  });

  it('walks by frame pointer without symbols, as rust-minidump does', () => {
    const d = minidump2();
    const frames = walkStack(d, NO_SYMBOLS);
    expect(frames.map((f) => [f.module, f.offset, f.trust])).toEqual([
      ['test_app', '0x429e', 'context'],
      ['test_app', '0x4200', 'frame-pointer'],
      ['test_app', '0x53ec', 'frame-pointer'],
      ['kernel32', '0x16fd7', 'frame-pointer'],
    ]);
    expect(formatWinDbgStack(frames, 'x86')[1]).toBe('0012fe88 00404200 test_app+0x429e');
    expect(formatWinDbgStack(frames, 'x86', { numbers: true, args: true }).slice(0, 2)).toEqual([
      ' # ChildEBP RetAddr  : Args to Child              : Call Site',
      '00 0012fe88 00404200 : 008727b8 7c9131dc 00000000 : test_app+0x429e',
    ]);
  });
});

/** (pc, sp) of each backtrace frame in rizin's expectation for triage_x64.dmp. */
function expectedTriageFrames(): { pc: bigint; sp: bigint }[] {
  const out: { pc: bigint; sp: bigint }[] = [];
  for (const line of read('kernel/triage_x64.expected.txt').toString('utf8').split('\n')) {
    const m = /^(\d+)\s+(0x[0-9a-f]+)\s+sp: (0x[0-9a-f]+)/.exec(line);
    if (m) out.push({ pc: BigInt(m[2]!), sp: BigInt(m[3]!) });
  }
  return out;
}

/** Indexes of `want` found in order inside `got` (matching pc and sp), -1 where missing. */
function alignInOrder(got: { pc: bigint; sp: bigint }[], want: { pc: bigint; sp: bigint }[]): number[] {
  let j = 0;
  return want.map((w) => {
    while (j < got.length && !(got[j]!.pc === w.pc && got[j]!.sp === w.sp)) j++;
    return j < got.length ? j++ : -1;
  });
}

describe('triage_x64.dmp against rizin', () => {
  const d = parseKernelDump(new BufferByteSource('triage_x64.dmp', read('kernel/triage_x64.dmp')));
  const expected = expectedTriageFrames();
  const asPcSp = (frames: { address: string; sp?: string }[]) => frames.map((f) => ({ pc: parseHex(f.address), sp: parseHex(f.sp!) }));

  it('reads 37 expected frames from the ground truth', () => {
    expect(expected).toHaveLength(37);
  });

  it('walks the fault context over the stored stack and finds frames 8-35 in order (module+offset, no symbols)', () => {
    const frames = walkStack(d, NO_SYMBOLS);
    expect(frames[0]).toMatchObject({ address: '0xfffff8048b58334c', sp: '0xffff850429892120', module: 'amdppm', offset: '0x334c', trust: 'context' });
    const idx = alignInOrder(asPcSp(frames), expected.slice(8, 36));
    expect(idx.every((i) => i >= 0)).toBe(true);
    // Without images or PDBs the scan also takes stale return addresses; keep that bounded.
    expect(frames.length).toBeLessThanOrEqual(2 * 28);
    expect(frames.find((f) => f.offset === '0x7c027')?.module).toBe('Wdf01000');
  });

  it('walks the saved KeBugCheckEx context: the first five frames match exactly', () => {
    const thread = d.report.threads[0]!;
    const frames = walkStack({ report: { ...d.report, context: thread.context }, memory: d.memory }, NO_SYMBOLS);
    expect(asPcSp(frames).slice(0, 5)).toEqual(expected.slice(0, 5));
    expect(frames[0]!.module).toBe('nt');
  });
});
