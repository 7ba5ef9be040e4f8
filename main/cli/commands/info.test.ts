import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../native-free-core/formats/detect';
import { BufferByteSource } from '../../../native-free-core/io/byte-source';
import { openAndWalk } from '../../pipeline/walk';
import { openForInfo, summarize } from './info';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

function dumps(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['expected', 'licenses', 'symbols', 'malformed'].includes(e.name) ? [] : dumps(p);
    return /\.(dmp|txt)$/.test(e.name) && !e.name.endsWith('.expected.txt') ? [p] : [];
  });
}

describe('crashbench info without a stack walk', () => {
  it('prints for every corpus dump exactly what it printed after walking the stack', () => {
    const files = dumps(CORPUS).filter((f) => detectFormat(new BufferByteSource(f, new Uint8Array(fs.readFileSync(f)))));
    expect(files.length).toBeGreaterThanOrEqual(39);
    for (const file of files) {
      const source = () => new BufferByteSource(path.basename(file), new Uint8Array(fs.readFileSync(file)));
      expect(summarize(openForInfo(source())), file).toEqual(summarize(openAndWalk(source(), { symbolPath: [] })));
    }
  });
});
