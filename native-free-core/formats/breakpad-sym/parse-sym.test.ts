import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParseError } from '../../io/parse-error';
import { parseBreakpadSym } from './parse-sym';
import { BreakpadModuleSymbols } from '../../symbols/breakpad-symbols';
import { NO_FILE, symFileName, symInlineOriginName } from './sym-file';
import { cfiRulesAt, findFunction, findLine, findPublic, findStackWin, functionName, inlineChainAt, publicName } from './sym-lookup';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/minidump/breakpad/symbols');
const enc = new TextEncoder();

const SAMPLE = [
  'MODULE windows x86 5A9832E5287241C1838ED98914E9B7FF1 test_app.pdb',
  'INFO CODE_ID 45E7A5D62D000 test_app.exe',
  'FILE 1 c:\\src\\a.cc',
  'FILE 2 c:\\src\\b.cc',
  'FUNC 2000 20 4 second(int)',
  '2000 10 7 2',
  '2010 10 8 2',
  'FUNC m 1000 30 0 first',
  '1000 8 3 1',
  '1008 28 4 1',
  'PUBLIC 1500 8 _pub@8',
  'PUBLIC m 900 0 early',
  'STACK WIN 4 1000 30 3 0 8 4 10 0 1 $T0 $ebp = $eip $T0 4 + ^ =',
  'STACK WIN 4 1004 8 3 0 8 4 10 0 1 inner',
  'STACK WIN 0 2000 20 0 0 4 0 0 0 0 1',
  'STACK CFI INIT 3000 40 .cfa: $esp 4 + .ra: .cfa 4 - ^',
  'STACK CFI 3001 .cfa: $esp 8 +',
  'STACK CFI 3010 $ebp: .cfa 8 - ^',
  'garbage line',
  '',
].join('\r\n');

describe('parseBreakpadSym', () => {
  const sym = parseBreakpadSym(enc.encode(SAMPLE), 'sample.sym');

  it('reads the MODULE record and FILE records', () => {
    expect(sym.module).toEqual({ os: 'windows', arch: 'x86', id: '5A9832E5287241C1838ED98914E9B7FF1', name: 'test_app.pdb' });
    expect(symFileName(sym, 2)).toBe('c:\\src\\b.cc');
    expect(symFileName(sym, 9)).toBeUndefined();
  });

  it('sorts functions and keeps each function its own lines', () => {
    expect(sym.funcs.count).toBe(2);
    const f = findFunction(sym, 0x1010);
    expect(functionName(sym, f)).toBe('first');
    const l = findLine(sym, f, 0x1010);
    expect(sym.lines.line[l]).toBe(4);
    const g = findFunction(sym, 0x201f);
    expect(functionName(sym, g)).toBe('second(int)');
    expect(sym.funcs.paramSize[g]).toBe(4);
    expect(sym.lines.file[findLine(sym, g, 0x2012)]).toBe(2);
    expect(findFunction(sym, 0x2020)).toBe(-1);
  });

  it('sorts publics and finds the nearest one below', () => {
    expect(publicName(sym, findPublic(sym, 0x1600))).toBe('_pub@8');
    expect(publicName(sym, findPublic(sym, 0x900))).toBe('early');
    expect(findPublic(sym, 0x8ff)).toBe(-1);
  });

  it('finds the innermost STACK WIN record and prefers FRAME_DATA', () => {
    const t = sym.stackWin;
    const inner = findStackWin(sym, 0x1005);
    expect(t.rva[inner]).toBe(0x1004);
    const outer = findStackWin(sym, 0x1020);
    expect(t.rva[outer]).toBe(0x1000);
    expect(t.hasProgram[outer]).toBe(1);
    const fpo = findStackWin(sym, 0x2004);
    expect(t.type[fpo]).toBe(0);
    expect(t.allocatesBasePointer[fpo]).toBe(1);
  });

  it('accumulates STACK CFI deltas up to the address', () => {
    expect(cfiRulesAt(sym, 0x3000)).toBe('.cfa: $esp 4 + .ra: .cfa 4 - ^');
    expect(cfiRulesAt(sym, 0x3005)).toBe('.cfa: $esp 4 + .ra: .cfa 4 - ^ .cfa: $esp 8 +');
    expect(cfiRulesAt(sym, 0x3020)).toContain('$ebp: .cfa 8 - ^');
    expect(cfiRulesAt(sym, 0x3040)).toBeUndefined();
  });

  it('counts lines it does not understand', () => {
    expect(sym.badLines).toBe(1);
    expect(sym.warnings[0]).toContain('sample.sym');
  });

  it('rejects a file without MODULE', () => {
    expect(() => parseBreakpadSym(enc.encode('FUNC 1 2 3 x\n'), 'x.sym')).toThrowError(/MODULE/);
  });

  it('reads the corpus test_app.sym and kernel32.sym', () => {
    const t = parseBreakpadSym(readFileSync(path.join(CORPUS, 'test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym')), 'test_app.sym');
    expect(t.badLines).toBe(0);
    const f = findFunction(t, 0x429e);
    expect(functionName(t, f)).toBe("`anonymous namespace'::CrashFunction");
    expect(t.lines.line[findLine(t, f, 0x429e)]).toBe(58);
    const k = parseBreakpadSym(readFileSync(path.join(CORPUS, 'kernel32.pdb/BCE8785C57B44245A669896B6A19B9542/kernel32.sym')), 'kernel32.sym');
    expect(k.badLines).toBe(0);
    expect(publicName(k, findPublic(k, 0x16fd6))).toBe('BaseProcessStart');
  });

  describe('INLINE and INLINE_ORIGIN records', () => {
    const text = [
      'MODULE windows x86 AB1 x.pdb',
      'FILE 1 c:\\src\\a.cc',
      'FILE 2 c:\\src\\inl.h',
      'INLINE_ORIGIN 0 outer(int)',
      'INLINE_ORIGIN 1 ns::inner',
      'FUNC 1000 40 0 caller',
      'INLINE 1 7 2 1 1014 4 1030 8',
      'INLINE 0 12 1 0 1010 10 1030 c',
      '1000 10 11 1',
      '1010 4 6 2',
      '1014 4 3 2',
      '1018 28 13 1',
      'INLINE 0 5 9 1008 4',
      'INLINE 0 5 1 9',
      'INLINE 0 x 1 9 1000 4',
      'INLINE 300 5 1 9 1000 4',
      'INLINE_ORIGIN y name',
      'PUBLIC 2000 0 pub',
      'INLINE 0 5 1 9 2000 4',
      '',
    ].join('\n');
    const sym = parseBreakpadSym(enc.encode(text), 'inl.sym');

    it('keeps one row per address range, sorted by depth then address, and the origins', () => {
      const t = sym.inlines;
      expect(Array.from(t.depth)).toEqual([0, 0, 0, 1, 1]);
      expect(Array.from(t.rva)).toEqual([0x1008, 0x1010, 0x1030, 0x1014, 0x1030]);
      expect(Array.from(t.depthFirst)).toEqual([0, 3, 5]);
      expect(t.callFile[0]).toBe(NO_FILE); // the older form, without a call-site file
      expect([t.callLine[1], t.callFile[1], t.origin[1], t.size[1]]).toEqual([12, 1, 0, 0x10]);
      expect(symInlineOriginName(sym, 1)).toBe('ns::inner');
      expect(symInlineOriginName(sym, 7)).toBeUndefined();
    });

    it('reports INLINE records that are malformed, too deep or outside a FUNC, and keeps line records flowing', () => {
      expect(sym.badLines).toBe(5);
      expect(sym.warnings.join('\n')).toMatch(/malformed INLINE record[\s\S]*malformed INLINE record[\s\S]*nested too deep[\s\S]*malformed INLINE_ORIGIN[\s\S]*INLINE record outside a FUNC/);
      expect(sym.lines.count).toBe(4);
    });

    it('finds the chain at an address, outermost first, within the function', () => {
      const fn = findFunction(sym, 0x1015);
      expect(inlineChainAt(sym, fn, 0x1015).map((r) => sym.inlines.origin[r])).toEqual([0, 1]);
      expect(inlineChainAt(sym, fn, 0x1012).map((r) => sym.inlines.origin[r])).toEqual([0]);
      expect(inlineChainAt(sym, fn, 0x1020)).toEqual([]);
      expect(inlineChainAt(sym, fn, 0x1009).map((r) => sym.inlines.origin[r])).toEqual([9]);
    });

    it('resolves the sites as Breakpad does: line record innermost, INLINE call sites outward', () => {
      const m = new BreakpadModuleSymbols(sym);
      expect(m.inlineSites(0x1016)).toEqual([
        { function: 'outer(int)', rangeStart: 0x1010, callLine: 12, callFile: 'c:\\src\\a.cc', file: 'c:\\src\\inl.h', line: 7, lineStart: 0x1014 },
        { function: 'ns::inner', rangeStart: 0x1014, callLine: 7, callFile: 'c:\\src\\inl.h', file: 'c:\\src\\inl.h', line: 3, lineStart: 0x1014 },
      ]);
      expect(m.inlineSites(0x1034)!.map((x) => [x.function, x.rangeStart])).toEqual([['outer(int)', 0x1030], ['ns::inner', 0x1030]]);
      expect(m.inlineSites(0x1009)).toEqual([{ function: '<name omitted>', rangeStart: 0x1008, callLine: 5, lineStart: 0x1000, file: 'c:\\src\\a.cc', line: 11 }]);
      expect(m.inlineSites(0x1020)).toBeUndefined();
      expect(m.inlineSites(0x2001)).toBeUndefined();
      expect(new BreakpadModuleSymbols(parseBreakpadSym(enc.encode(SAMPLE))).inlineSites(0x1004)).toBeUndefined();
    });
  });

  it('never throws anything but ParseError on arbitrary input', () => {
    const head = enc.encode('MODULE windows x86 AB x.pdb\n');
    const lines = fc.array(
      fc.oneof(
        fc.constantFrom('FUNC ', 'FUNC m ', 'PUBLIC ', 'STACK WIN ', 'STACK CFI INIT ', 'STACK CFI ', 'FILE ', 'INFO ', 'INLINE ', 'INLINE_ORIGIN ', 'INLINE 0 ', 'INLINE 1 ', ''),
        fc.string({ maxLength: 12 }),
      ).chain((k) => fc.tuple(fc.constant(k), fc.array(fc.oneof(fc.nat().map((v) => v.toString(16)), fc.string({ maxLength: 6 })), { maxLength: 12 }))),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(fc.boolean(), lines, fc.uint8Array({ maxLength: 64 }), (withHead, ls, noise) => {
        const text = ls.map(([k, f]) => k + f.join(' ')).join('\n');
        const body = enc.encode(text);
        const bytes = new Uint8Array((withHead ? head.length : 0) + body.length + noise.length);
        if (withHead) bytes.set(head);
        bytes.set(body, withHead ? head.length : 0);
        bytes.set(noise, bytes.length - noise.length);
        try {
          const s = parseBreakpadSym(bytes, 'fuzz.sym');
          for (const rva of [0, 1, 0x10, 0xffff, 0xffffffff]) {
            const fn = findFunction(s, rva);
            if (fn >= 0) {
              functionName(s, fn);
              findLine(s, fn, rva);
              for (const r of inlineChainAt(s, fn, rva)) symInlineOriginName(s, s.inlines.origin[r]!);
            }
            new BreakpadModuleSymbols(s).inlineSites(rva);
            findStackWin(s, rva);
            cfiRulesAt(s, rva);
            const p = findPublic(s, rva);
            if (p >= 0) publicName(s, p);
          }
        } catch (e) {
          if (!isParseError(e)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
  });
});
