import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IcedDisassembler } from '../../main/disasm/iced';
import { analyzeReport } from '../../native-free-core/analysis';
import { openDump } from '../../native-free-core/formats/open';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { CORPUS, medianMs, type BenchRow } from './bench-types';

function load(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(CORPUS, rel)));
}

export default function analysisBench(): BenchRow[] {
  const dis = new IcedDisassembler();
  const rows: BenchRow[] = [];
  try {
    const triage = load('kernel/triage_x64.dmp');
    const seed = load('seed/crash1-analyze.txt');
    const md2 = load('minidump/breakpad/minidump2.dmp');
    const openAnalyze = (name: string, bytes: Uint8Array) => analyzeReport(openDump(new BufferByteSource(name, bytes)), { disassembler: dis });
    // Warm the wasm decoder and the JIT once before timing.
    for (let i = 0; i < 5; i++) openAnalyze('triage_x64.dmp', triage);

    rows.push({ benchmark: 'open + parse + analyze (iced)', input: `triage_x64.dmp (${(triage.length / 1e6).toFixed(1)} MB)`, figure: medianMs(30, () => openAnalyze('triage_x64.dmp', triage)), unit: 'ms (median)', target: '<= 50 ms' });
    rows.push({ benchmark: 'open + parse + analyze (iced)', input: 'seed crash1-analyze.txt (13 KB)', figure: medianMs(30, () => openAnalyze('crash1-analyze.txt', seed)), unit: 'ms (median)' });
    rows.push({ benchmark: 'open + parse + analyze (iced)', input: 'minidump2.dmp (11 KB)', figure: medianMs(30, () => openAnalyze('minidump2.dmp', md2)), unit: 'ms (median)' });

    const parsedSeed = openDump(new BufferByteSource('crash1-analyze.txt', seed));
    rows.push({ benchmark: 'analyzeReport only (iced)', input: 'seed crash1 (parsed)', figure: medianMs(100, () => analyzeReport(parsedSeed, { disassembler: dis })), unit: 'ms (median)' });
    rows.push({ benchmark: 'analyzeReport only (text disassembly)', input: 'seed crash1 (parsed)', figure: medianMs(100, () => analyzeReport(parsedSeed, {})), unit: 'ms (median)' });
    const parsedTriage = openDump(new BufferByteSource('triage_x64.dmp', triage));
    rows.push({ benchmark: 'analyzeReport only (iced)', input: 'triage_x64.dmp (parsed)', figure: medianMs(100, () => analyzeReport(parsedTriage, { disassembler: dis })), unit: 'ms (median)' });
  } finally {
    dis.dispose();
  }
  return rows;
}
