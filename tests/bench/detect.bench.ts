import fs from 'node:fs';
import path from 'node:path';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { detectFormat } from '../../native-free-core/formats/detect';
import { CORPUS, type BenchRow } from './bench-types';

function corpusFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? corpusFiles(p) : /\.(dmp|bin|txt)$/.test(e.name) ? [p] : [];
  });
}

export default function run(): BenchRow[] {
  const files = corpusFiles(CORPUS).map((f) => new BufferByteSource(path.basename(f), fs.readFileSync(f)));
  const rounds = 200;
  const t = performance.now();
  for (let i = 0; i < rounds; i++) for (const f of files) detectFormat(f);
  const perFile = ((performance.now() - t) * 1000) / (rounds * files.length);
  return [{ benchmark: 'format detection', input: `${files.length} corpus files, in memory`, figure: perFile, unit: 'µs per file', target: '-' }];
}
