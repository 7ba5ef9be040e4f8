import { describe, expect, it } from 'vitest';
import { emptyReport } from '../model/report';
import { findPoolBlockInMemory, findPoolBlockInTranscript, parsePoolHeader } from './pool';
import { SEED_POOLS } from './testdata/seed-report';
import { rangesSpace } from './testdata/synthetic';

function header64(prev: number, size: number, type: number, tag: string): Uint8Array {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, (prev / 16) | (0 << 8) | ((size / 16) << 16) | (type << 24), true);
  for (let i = 0; i < 4; i++) b[4 + i] = tag.charCodeAt(i);
  return b;
}

describe('pool headers', () => {
  it('decodes x64 and x86 POOL_HEADER', () => {
    expect(parsePoolHeader(header64(0x20, 0xc0, 2, 'FMsl'), 'x64')).toEqual({ previousSize: 0x20, poolIndex: 0, blockSize: 0xc0, poolType: 2, tag: 'FMsl', protectedTag: false });
    const x86 = new Uint8Array(8);
    new DataView(x86.buffer).setUint32(0, 3 | (0x18 << 16) | (1 << 25), true);
    new DataView(x86.buffer).setUint32(4, 0x80000000 | 0x656c6946, true); // "File" protected
    expect(parsePoolHeader(x86, 'x86')).toEqual({ previousSize: 24, poolIndex: 0, blockSize: 0xc0, poolType: 1, tag: 'File', protectedTag: true });
    expect(parsePoolHeader(new Uint8Array(4), 'x64')).toBeUndefined();
  });

  it('walks a pool page in memory to the block holding an address', () => {
    const page = 0xfffffa8008e13000n;
    const bytes = new Uint8Array(0x1000);
    const blocks: [number, number, string][] = [[0, 0x150, 'File'], [0x150, 0x30, 'Io  '], [0x180, 0xc0, 'FMsl'], [0x240, 0xdc0, 'Free']];
    let prev = 0;
    for (const [off, size, tag] of blocks) {
      bytes.set(header64(prev, size, tag === 'Free' ? 0 : 2, tag), off);
      prev = size;
    }
    const space = rangesSpace([[page, bytes]]);
    const info = findPoolBlockInMemory(space, 'x64', page + 0x198n)!;
    expect(info).toMatchObject({ address: page + 0x180n, size: 0xc0, tag: 'FMsl', offsetInBlock: 0x18, offsetInBody: 0x8, allocated: true, source: 'memory' });
    expect(info.tagInfo?.description).toBe('STREAM_LIST_CTRL structure');
    expect(findPoolBlockInMemory(space, 'x64', page + 0x300n)).toMatchObject({ tag: 'Free', allocated: false });
    bytes.set(header64(0x999 & ~15, 0x30, 2, 'Io  '), 0x150); // broken back link
    expect(findPoolBlockInMemory(space, 'x64', page + 0x198n)).toBeUndefined();
    expect(findPoolBlockInMemory(rangesSpace([]), 'x64', page)).toBeUndefined();
  });

  it('finds the block in !pool output', () => {
    const r = emptyReport('windbg-text', 'transcript');
    r.extra = { pools: SEED_POOLS };
    const info = findPoolBlockInTranscript(r, 'x64', 0xfffffa8008e13318n)!;
    expect(info).toMatchObject({ address: 0xfffffa8008e13270n, tag: 'FMsl', offsetInBlock: 0xa8, offsetInBody: 0x98, region: 'Nonpaged pool' });
    expect(findPoolBlockInTranscript(r, 'x64', 0x1000n)).toBeUndefined();
  });
});
