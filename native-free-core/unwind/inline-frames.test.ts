import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBreakpadSym } from '../formats/breakpad-sym/parse-sym';
import { parseMinidump } from '../formats/minidump';
import { BufferByteSource } from '../io/byte-source';
import { BreakpadModuleSymbols } from '../symbols/breakpad-symbols';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../symbols/in-memory-provider';
import { toReportFrames } from './frame';
import { formatBreakpadThread, formatWinDbgStack } from './format';
import { expandInlineFrames } from './inline-frames';
import { walkStack } from './walk';

const ROOT = path.resolve(__dirname, '../..');
const BP = path.resolve(ROOT, '../shared/corpus/minidump/breakpad');

// inline.sym is test_app.sym's main, CrashFunction and __tmainCRTStartup (with their STACK WIN
// records) plus hand-written INLINE records: CrashFunction inlines Poke, which inlines StoreValue
// at the faulting instruction, and main's call to CrashFunction sits inside an inlined InvokeCrash.
function provider() {
  return new InMemorySymbolProvider()
    .add('test_app.exe', new BreakpadModuleSymbols(parseBreakpadSym(readFileSync(path.join(ROOT, 'tests/fixtures/pdb/inline.sym')), 'inline.sym')))
    .add('kernel32.dll', new BreakpadModuleSymbols(parseBreakpadSym(readFileSync(path.join(BP, 'symbols/kernel32.pdb/BCE8785C57B44245A669896B6A19B9542/kernel32.sym')), 'kernel32.sym')));
}

function walk() {
  return walkStack(parseMinidump(new BufferByteSource('minidump2.dmp', readFileSync(path.join(BP, 'minidump2.dmp')))), provider());
}

describe('inline frames from Breakpad INLINE records', () => {
  const frames = walk();

  it('puts the inlined calls before their physical frame, innermost first, renumbered', () => {
    expect(toReportFrames(frames).map((f) => [f.index, f.function, f.offset, f.file, f.line, f.inline, f.trust, f.address, f.sp])).toEqual([
      [0, 'StoreValue(int *,int)', '0x3', 'c:\\inline_helpers.h', 21, true, 'context', '0x40429e', '0x12fe84'],
      [1, "`anonymous namespace'::Poke(int *)", '0x5', 'c:\\inline_helpers.h', 31, true, 'context', '0x40429e', '0x12fe84'],
      [2, "`anonymous namespace'::CrashFunction", '0xe', 'c:\\test_app.cc', 58, undefined, 'context', '0x40429e', '0x12fe84'],
      // main is looked up at the return address - 1 (0x41ff), inside InvokeCrash's range 41fb-4200.
      [3, 'InvokeCrash()', '0x5', 'c:\\inline_helpers.h', 12, true, 'cfi', '0x404200', '0x12fe90'],
      [4, 'main', '0x50', 'c:\\test_app.cc', 65, undefined, 'cfi', '0x404200', '0x12fe90'],
      [5, '__tmainCRTStartup', '0x15f', 'f:\\sp\\vctools\\crt_bld\\self_x86\\crt\\src\\crt0.c', 327, undefined, 'cfi', '0x4053ec', '0x12ff78'],
      [6, 'BaseProcessStart', '0x23', undefined, undefined, undefined, 'cfi', '0x7c816fd7', '0x12ffc8'],
    ]);
    const report = toReportFrames(frames);
    expect(report[0]!.returnAddress).toBeUndefined();
    expect(report[0]!.args).toBeUndefined();
    expect(report[2]!.returnAddress).toBe('0x404200');
  });

  it('prints them as minidump_stackwalk does: no registers, "Found by: inline record", offsets of pc-1 for callers', () => {
    expect(formatBreakpadThread(frames.slice(0, 5), 'x86', 0)).toBe(
      [
        'Thread 0 (crashed)',
        ' 0  test_app.exe!StoreValue(int *,int) [inline_helpers.h : 21 + 0x3]',
        ' ',
        '    Found by: inline record',
        " 1  test_app.exe!`anonymous namespace'::Poke(int *) [inline_helpers.h : 31 + 0x3]",
        ' ',
        '    Found by: inline record',
        " 2  test_app.exe!`anonymous namespace'::CrashFunction [test_app.cc : 58 + 0x3]",
        '    eip = 0x0040429e   esp = 0x0012fe84   ebp = 0x0012fe88   ebx = 0x7c80abc1',
        '    esi = 0x00000002   edi = 0x00000a28   eax = 0x00000045   ecx = 0x0012fe94',
        '    edx = 0x0042bc58   efl = 0x00010246',
        '    Found by: given as instruction pointer in context',
        ' 3  test_app.exe!InvokeCrash() [inline_helpers.h : 12 + 0x4]',
        ' ',
        '    Found by: inline record',
        ' 4  test_app.exe!main [test_app.cc : 65 + 0x5]',
        '    eip = 0x00404200   esp = 0x0012fe90   ebp = 0x0012ff70',
        '    Found by: call frame info',
        '',
      ].join('\n'),
    );
  });

  it('prints them as WinDbg k does, with (Inline) in the frame columns', () => {
    expect(formatWinDbgStack(frames.slice(0, 5), 'x86', { numbers: true })).toEqual([
      ' # ChildEBP RetAddr  Call Site',
      '00 (Inline) -------- test_app!StoreValue(int *,int)+0x3 [c:\\inline_helpers.h @ 21]',
      "01 (Inline) -------- test_app!`anonymous namespace'::Poke(int *)+0x5 [c:\\inline_helpers.h @ 31]",
      "02 0012fe88 00404200 test_app!`anonymous namespace'::CrashFunction+0xe [c:\\test_app.cc @ 58]",
      '03 (Inline) -------- test_app!InvokeCrash()+0x5 [c:\\inline_helpers.h @ 12]',
      '04 0012ff70 004053ec test_app!main+0x50 [c:\\test_app.cc @ 65]',
    ]);
    const x64 = frames.map((f) => ({ ...f, sp: '0xfffff8800106f000' }));
    expect(formatWinDbgStack(x64.slice(0, 1), 'x64', { args: true })[1]).toBe(
      '(Inline Function) --------`-------- : ' + ' '.repeat(71) + ' : test_app!StoreValue(int *,int)+0x3 [c:\\inline_helpers.h @ 21]',
    );
  });

  it('looks an exact-pc caller (a machine frame) up at its pc', () => {
    const physical = walkStack(parseMinidump(new BufferByteSource('minidump2.dmp', readFileSync(path.join(BP, 'minidump2.dmp')))), NO_SYMBOLS);
    const symbols = provider();
    // A caller frame whose pc is 0x4041fb: at pc-1 it is outside InvokeCrash's range, at pc inside.
    const f = { ...physical[1]!, address: '0x4041fb', function: 'main', moduleBase: '0x400000', moduleFile: 'test_app.exe' };
    expect(expandInlineFrames([physical[0]!, f], symbols).map((g) => g.function)).toEqual([undefined, 'main']);
    expect(expandInlineFrames([physical[0]!, f], symbols, [false, true]).map((g) => [g.index, g.function])).toEqual([
      [0, undefined],
      [1, 'InvokeCrash()'],
      [2, 'main'],
    ]);
    // A context the walker joined mid-stack (trust 'context') is exact too.
    expect(expandInlineFrames([physical[0]!, { ...f, trust: 'context' }], symbols).map((g) => g.function)).toEqual([undefined, 'InvokeCrash()', 'main']);
  });

  it('leaves the frames alone when the symbols have no inline records', () => {
    const plain = walkStack(parseMinidump(new BufferByteSource('minidump2.dmp', readFileSync(path.join(BP, 'minidump2.dmp')))), NO_SYMBOLS);
    expect(expandInlineFrames(plain, provider())).toBe(plain);
  });
});
