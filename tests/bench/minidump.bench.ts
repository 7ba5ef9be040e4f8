// Minidump parsing: every MDMP in the corpus, parsed to the normalized report (ms each, MB/s overall),
// and random 8-byte reads through the MemoryList / Memory64List address space.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { parseMinidump } from '../../native-free-core/formats/minidump';
import { writeMinidump } from '../synth/minidump-writer';
import { type BenchRow, CORPUS, medianMs } from './bench-types';

function corpusMinidumps(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.dmp') && readFileSync(p).subarray(0, 4).toString('latin1') === 'MDMP' && !name.startsWith('invalid-')) out.push(p);
    }
  };
  walk(path.join(CORPUS, 'minidump'));
  return out;
}

export default function minidumpBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  let totalBytes = 0;
  let totalMs = 0;
  for (const file of corpusMinidumps()) {
    const bytes = readFileSync(file);
    const source = new BufferByteSource(path.basename(file), bytes);
    for (let i = 0; i < 5; i++) parseMinidump(source); // warm-up
    const ms = medianMs(41, () => parseMinidump(source));
    totalBytes += bytes.length;
    totalMs += ms;
    rows.push({
      benchmark: 'minidump parse (report + memory index)',
      input: `${path.basename(file)} (${(bytes.length / 1024).toFixed(1)} KiB)`,
      figure: ms,
      unit: 'ms',
      target: path.basename(file) === 'minidump2.dmp' ? '<= 3.6 ms for the whole in-process stackwalk' : '-',
    });
  }
  rows.push({ benchmark: 'minidump parse throughput', input: `${rows.length} corpus minidumps (${(totalBytes / 1048576).toFixed(2)} MiB)`, figure: totalBytes / 1048576 / (totalMs / 1000), unit: 'MB/s (file size / parse time; memory indexed, read lazily)', target: '-' });

  // A synthetic full-memory style dump: many threads, modules and Memory64List ranges.
  const synthetic = writeMinidump({
    system: { arch: 'amd64', major: 10, minor: 0, build: 22631 },
    threads: Array.from({ length: 200 }, (_, i) => ({ id: i + 1, context: { arch: 'amd64' as const, registers: { rip: 0x7ff0_0000_0000n + BigInt(i), rsp: 0x1000_0000n + BigInt(i) * 0x10000n } } })),
    modules: Array.from({ length: 400 }, (_, i) => ({ base: 0x7ff0_0000_0000n + BigInt(i) * 0x100000n, size: 0x80000, path: `C:\\Windows\\System32\\module${i}.dll`, version: [10, 0, 22621, i] as [number, number, number, number], codeView: { kind: 'RSDS' as const, guid: '00112233445566778899aabbccddeeff', age: 1, pdb: `module${i}.pdb` } })),
    memory64: Array.from({ length: 50_000 }, (_, i) => ({ address: 0x1_0000_0000n + BigInt(i) * 0x2000n, bytes: new Uint8Array(64) })),
    exception: { threadId: 1, code: 0xc0000005, address: 0x7ff0_0000_0000n, parameters: [0n, 0n] },
  });
  const syntheticSource = new BufferByteSource('synthetic.dmp', synthetic);
  for (let i = 0; i < 3; i++) parseMinidump(syntheticSource);
  rows.push({
    benchmark: 'minidump parse (report + memory index)',
    input: `synthetic: 200 threads, 400 modules, 50,000 Memory64List ranges (${(synthetic.length / 1048576).toFixed(1)} MiB)`,
    figure: medianMs(9, () => parseMinidump(syntheticSource)),
    unit: 'ms',
    target: '-',
  });

  const big = readFileSync(path.join(CORPUS, 'minidump/breakpad/stack_exhaustion.dmp'));
  const { memory } = parseMinidump(new BufferByteSource('stack_exhaustion.dmp', big));
  const ranges = [...memory.ranges()];
  const addresses = Array.from({ length: 100_000 }, (_, i) => {
    const r = ranges[(i * 7919) % ranges.length]!;
    return r.address + BigInt((i * 104729) % Math.max(1, r.size - 8));
  });
  const readMs = medianMs(9, () => {
    for (const a of addresses) memory.read(a, 8);
  });
  rows.push({ benchmark: 'minidump memory read (8 bytes at a VA)', input: `stack_exhaustion.dmp, ${ranges.length} ranges`, figure: (addresses.length / readMs) * 1000 / 1e6, unit: 'M reads/s', target: '-' });
  return rows;
}
