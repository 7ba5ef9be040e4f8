import { describe, expect, it } from 'vitest';
import { parseBreakpadSym } from '../formats/breakpad-sym/parse-sym';
import { hex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import { type Arch, emptyReport } from '../model/report';
import { BreakpadModuleSymbols } from '../symbols/breakpad-symbols';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../symbols/in-memory-provider';
import { findCallerRegisters, parseCfiRules } from './cfi-rules';
import { PostfixEvaluator } from './postfix';
import { RangeAddressSpace } from './range-memory';
import { walkStack, walkThread } from './walk';

function words32(base: number, values: Record<number, number>, size = 0x400): Uint8Array {
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  for (const [at, x] of Object.entries(values)) v.setUint32(Number(at) - base, x >>> 0, true);
  return b;
}

function dump(arch: Arch, space: RangeAddressSpace, regs: Record<string, number | bigint>, modules: [string, number, number][]): ParsedDump {
  const r = emptyReport('minidump', 'minidump');
  r.system.arch = arch;
  r.modules = modules.map(([name, base, size]) => ({ name, base: hex(base), size: hex(size) }));
  r.threads = [{ id: 7, crashed: true, context: { arch, registers: Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, hex(v)])) } }];
  return { report: r, memory: space };
}

describe('postfix evaluator', () => {
  it('evaluates STACK WIN programs with dereference, align and assignment', () => {
    const mem = new Map<bigint, bigint>([[0x1000n, 0x2000n], [0x1004n, 0x401234n]]);
    const dict = new Map<string, bigint>([['$ebp', 0x1000n]]);
    const ev = new PostfixEvaluator(dict, (a) => mem.get(a) ?? null, 0xffffffffn);
    const r = ev.evaluate('$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $T1 $esp 16 @ =');
    expect(r.ok).toBe(true);
    expect(dict.get('$eip')).toBe(0x401234n);
    expect(dict.get('$ebp')).toBe(0x2000n);
    expect(dict.get('$esp')).toBe(0x1008n);
    expect(dict.get('$T1')).toBe(0x1000n);
    expect(ev.evaluate('$x 1 0 / =').ok).toBe(false);
    expect(ev.evaluate('.notvar 1 =').ok).toBe(false);
    expect(ev.evaluate('$y 0x10 ^ =').ok).toBe(false);
    expect(ev.evaluateForValue('-4 8 +')).toBe(4n);
  });

  it('parses and applies STACK CFI rules', () => {
    expect(parseCfiRules('.cfa: $esp 4 + .ra: .cfa 4 - ^ .cfa: $esp 8 +')!.get('.cfa')).toBe('$esp 8 +');
    expect(parseCfiRules('$esp 4 +')).toBeNull();
    const r = findCallerRegisters('.cfa: $esp 8 + .ra: .cfa 4 - ^ $ebp: .cfa 8 - ^', new Map([['esp', 0x100n]]), (a) => (a === 0x104n ? 0x401000n : a === 0x100n ? 0x555n : null), 0xffffffffn)!;
    expect(r).toEqual({ cfa: 0x108n, ra: 0x401000n, registers: new Map([['ebp', 0x555n]]) });
  });
});

describe('x86 walking', () => {
  const modules: [string, number, number][] = [['app.exe', 0x400000, 0x10000]];

  it('follows STACK CFI rules from a .sym file', () => {
    const sym = parseBreakpadSym(new TextEncoder().encode(['MODULE windows x86 0123 app.pdb', 'FUNC 1000 100 0 leaf', 'FUNC 2000 100 0 caller', 'STACK CFI INIT 1000 100 .cfa: $esp 4 + .ra: .cfa 4 - ^', ''].join('\n')));
    const p = new InMemorySymbolProvider().add('app.exe', new BreakpadModuleSymbols(sym, 'app.sym'));
    const space = new RangeAddressSpace(4).add(0x10000n, words32(0x10000, { 0x10100: 0x402010 }));
    const frames = walkStack(dump('x86', space, { eip: 0x401010, esp: 0x10100, ebp: 0x10200 }, modules), p, { scan: false });
    expect(frames.map((f) => [f.function, f.offset, f.trust, f.sp])).toEqual([
      ['leaf', '0x10', 'context', '0x10100'],
      ['caller', '0x10', 'cfi', '0x10104'],
    ]);
  });

  it('walks the %ebp chain and falls back to scanning', () => {
    const space = new RangeAddressSpace(4).add(0x10000n, words32(0x10000, { 0x10200: 0x90000000, 0x10204: 0x401500, 0x10280: 0x401800 }));
    const frames = walkStack(dump('x86', space, { eip: 0x401010, esp: 0x10100, ebp: 0x10200 }, modules), NO_SYMBOLS);
    expect(frames.map((f) => [f.address, f.trust])).toEqual([
      ['0x401010', 'context'],
      ['0x401500', 'frame-pointer'],
      ['0x401800', 'scan'],
    ]);
  });

  it('walks any thread with walkThread', () => {
    const space = new RangeAddressSpace(4).add(0x10000n, words32(0x10000, {}));
    const d = dump('x86', space, { eip: 0x401010, esp: 0x10100, ebp: 0x10200 }, modules);
    expect(walkThread(d, d.report.threads[0]!, NO_SYMBOLS)).toHaveLength(1);
    expect(walkThread(d, { id: 1 }, NO_SYMBOLS)).toEqual([]);
  });
});

describe('ARM64 walking', () => {
  it('follows the frame-record chain (fp, lr)', () => {
    const b = new Uint8Array(0x400);
    const v = new DataView(b.buffer);
    v.setBigUint64(0x100, 0x20000200n, true); // caller fp
    v.setBigUint64(0x108, 0x140002000n, true); // caller lr
    v.setBigUint64(0x200, 0n, true);
    v.setBigUint64(0x208, 0x140003000n, true);
    const space = new RangeAddressSpace(8).add(0x20000000n, b);
    const frames = walkStack(dump('arm64', space, { pc: 0x140001000n, sp: 0x200000f0n, fp: 0x20000100n, lr: 0x140001500n }, [['app.exe', 0x140000000, 0x10000]]), NO_SYMBOLS, { scan: false });
    expect(frames.map((f) => [f.address, f.sp, f.trust])).toEqual([
      ['0x140001000', '0x200000f0', 'context'],
      ['0x140001500', '0x20000110', 'frame-pointer'],
      ['0x140002000', '0x20000210', 'frame-pointer'],
    ]);
  });
});
