import type { Line } from './text-lines';
import type { PoolBlock, PoolOutput } from './types';
import { hexOf } from './values';

const PAGE = /^\s*Pool page\s+([0-9a-f`]+)\s+region is\s+(.*?)\s*$/i;
const BLOCK = /^\s*(\*?)([0-9a-f`]{8,17})\s+size:\s*([0-9a-f]+)\s+previous size:\s*([0-9a-f]+)\s+\((Allocated|Free)\)\s*(\*?)(.*)$/i;
const TAG_DESCRIPTION = /^\s*Pooltag\s+(\S{1,4})\s*:\s*(.*?)(?:,\s*Binary\s*:\s*(\S+))?\s*$/i;

/** !pool output: the block list, the '*' block, and the pool tag description. */
export function parsePool(query: string, lines: Line[]): { pool: PoolOutput; unparsed: Line[] } {
  const blocks: PoolBlock[] = [];
  const unparsed: Line[] = [];
  const first = lines[0]?.no ?? 0;
  const last = lines[lines.length - 1]?.no ?? first;
  const pool: PoolOutput = { query, blocks, lines: [first, last] };
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const page = PAGE.exec(line.text);
    if (page) {
      const a = hexOf(page[1]!);
      if (a !== null) pool.address = a;
      pool.region = page[2]!;
      continue;
    }
    const b = BLOCK.exec(line.text);
    if (b) {
      const address = hexOf(b[2]!);
      const size = hexOf(b[3]!);
      const previousSize = hexOf(b[4]!);
      if (address === null || size === null || previousSize === null) {
        unparsed.push(line);
        continue;
      }
      const tail = b[7]!;
      const tag = tail.slice(0, 4).replace(/\s+$/, '');
      const note = tail.slice(4).trim();
      const block: PoolBlock = {
        address,
        size,
        previousSize,
        tag,
        allocated: b[5]!.toLowerCase() === 'allocated',
        marked: b[1] === '*' || b[6] === '*',
        line: line.no,
      };
      if (note) block.note = note;
      blocks.push(block);
      if (block.marked) pool.markedBlock = block;
      continue;
    }
    const d = TAG_DESCRIPTION.exec(line.text);
    if (d) {
      pool.tagDescription = { tag: d[1]!, description: d[2]!.trim(), line: line.no, ...(d[3] ? { binary: d[3] } : {}) };
      continue;
    }
    unparsed.push(line);
  }
  return { pool, unparsed };
}
