// Stack walking and symbols: minidump2 and triage_x64 walks (ms), .sym parsing (MB/s),
// and public-symbol load rates of a large .sym and a large PDB (symbols/s).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBreakpadSym } from '../../native-free-core/formats/breakpad-sym/parse-sym';
import { parseKernelDump } from '../../native-free-core/formats/kernel-dump';
import { parseMinidump } from '../../native-free-core/formats/minidump';
import { parsePdb } from '../../native-free-core/formats/pdb/pdb-file';
import { buildPdb } from '../../native-free-core/formats/pdb/synthetic/build-pdb';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { BreakpadModuleSymbols } from '../../native-free-core/symbols/breakpad-symbols';
import { InMemorySymbolProvider, NO_SYMBOLS } from '../../native-free-core/symbols/in-memory-provider';
import { PdbModuleSymbols } from '../../native-free-core/symbols/pdb-symbols';
import { formatBreakpadStack } from '../../native-free-core/unwind/format';
import { walkStack } from '../../native-free-core/unwind/walk';
import { sharedDisassembler } from '../../main/disasm/shared';
import { type BenchRow, CORPUS, medianMs } from './bench-types';

const BP = path.join(CORPUS, 'minidump/breakpad');
const SYMS = [
  path.join(BP, 'symbols/test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/test_app.sym'),
  path.join(BP, 'symbols/kernel32.pdb/BCE8785C57B44245A669896B6A19B9542/kernel32.sym'),
];

function largeSym(publics: number): Uint8Array {
  const lines = ['MODULE windows x86 0123456789ABCDEF0123456789ABCDEF1 big.pdb'];
  for (let i = 0; i < publics; i++) lines.push(`PUBLIC ${(0x1000 + i * 16).toString(16)} ${(i % 4) * 4} _Function_number_${i}@${(i % 4) * 4}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

export default function stackwalkBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  const symBytes = SYMS.map((f) => readFileSync(f));
  const total = symBytes.reduce((n, b) => n + b.length, 0);
  for (let i = 0; i < 5; i++) symBytes.forEach((b) => parseBreakpadSym(b));
  const parseMs = medianMs(31, () => symBytes.forEach((b) => parseBreakpadSym(b)));
  rows.push({ benchmark: '.sym parse', input: `test_app.sym + kernel32.sym (${(total / 1e6).toFixed(2)} MB)`, figure: total / 1e6 / (parseMs / 1000), unit: 'MB/s', target: '>= 90 MB/s' });

  const provider = new InMemorySymbolProvider();
  provider.add('test_app.exe', new BreakpadModuleSymbols(parseBreakpadSym(symBytes[0]!, 'test_app.sym')));
  provider.add('kernel32.dll', new BreakpadModuleSymbols(parseBreakpadSym(symBytes[1]!, 'kernel32.sym')));
  const dumpBytes = readFileSync(path.join(BP, 'minidump2.dmp'));
  const source = new BufferByteSource('minidump2.dmp', dumpBytes);
  const parsed = parseMinidump(source);
  for (let i = 0; i < 20; i++) formatBreakpadStack(parseMinidump(source), walkStack(parsed, provider));
  rows.push({ benchmark: 'stackwalk, symbols cached (walk + symbolize)', input: 'minidump2.dmp + test_app.sym, kernel32.sym', figure: medianMs(101, () => walkStack(parsed, provider)), unit: 'ms', target: '-' });
  rows.push({
    benchmark: 'stackwalk, symbols cached (parse dump + walk + Breakpad text)',
    input: 'minidump2.dmp + test_app.sym, kernel32.sym',
    figure: medianMs(101, () => {
      const d = parseMinidump(source);
      formatBreakpadStack(d, walkStack(d, provider));
    }),
    unit: 'ms',
    target: '<= 3.6 ms',
  });

  const inlineSym = readFileSync(new URL('../fixtures/pdb/inline.sym', import.meta.url));
  const withInline = new InMemorySymbolProvider().add('test_app.exe', new BreakpadModuleSymbols(parseBreakpadSym(inlineSym, 'inline.sym')));
  for (let i = 0; i < 20; i++) walkStack(parsed, withInline);
  rows.push({
    benchmark: 'stackwalk with inline frames, symbols cached (walk + symbolize + inline expansion)',
    input: `minidump2.dmp + tests/fixtures/pdb/inline.sym (${walkStack(parsed, withInline).filter((f) => f.inline).length} inline frames)`,
    figure: medianMs(101, () => walkStack(parsed, withInline)),
    unit: 'ms',
    target: '-',
  });

  const triage = parseKernelDump(new BufferByteSource('triage_x64.dmp', readFileSync(path.join(CORPUS, 'kernel/triage_x64.dmp'))));
  for (let i = 0; i < 3; i++) walkStack(triage, NO_SYMBOLS);
  rows.push({ benchmark: 'stackwalk, no symbols (fault context, scan + .pdata)', input: 'triage_x64.dmp', figure: medianMs(21, () => walkStack(triage, NO_SYMBOLS)), unit: 'ms', target: '-' });
  const disassembler = () => sharedDisassembler();
  walkStack(triage, NO_SYMBOLS, { disassembler });
  rows.push({
    benchmark: 'stackwalk, no symbols (fault context, epilogue emulation with iced-x86, loaded)',
    input: 'triage_x64.dmp',
    figure: medianMs(21, () => walkStack(triage, NO_SYMBOLS, { disassembler })),
    unit: 'ms',
    target: '-',
  });

  const N = 300_000;
  const big = largeSym(N);
  parseBreakpadSym(big);
  const bigMs = medianMs(7, () => new BreakpadModuleSymbols(parseBreakpadSym(big, 'big.sym')).lookup(0x1000 + 16 * (N - 1)));
  rows.push({ benchmark: 'public-symbol load (.sym parse + index)', input: `synthetic .sym, ${N} PUBLIC (${(big.length / 1e6).toFixed(1)} MB)`, figure: N / (bigMs / 1000), unit: 'symbols/s', target: '-' });

  const P = 100_000;
  const pdbBytes = buildPdb({
    guid: new Uint8Array(16),
    age: 1,
    sections: [{ name: '.text', rva: 0x1000, size: 0x1000000, characteristics: 0x60000020 }],
    publics: Array.from({ length: P }, (_, i) => ({ name: `?Function${i}@@YAXXZ`, segment: 1, offset: i * 16 })),
    modules: [],
    types: [],
  });
  const pdbMs = medianMs(7, () => new PdbModuleSymbols(parsePdb(new BufferByteSource('big.pdb', pdbBytes))).lookup(0x2000));
  rows.push({ benchmark: 'public-symbol load (PDB parse + index)', input: `synthetic PDB, ${P} S_PUB32 (${(pdbBytes.length / 1e6).toFixed(1)} MB)`, figure: P / (pdbMs / 1000), unit: 'symbols/s', target: '-' });
  return rows;
}
