import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../io/byte-source';
import { detectFormat } from './detect';

const src = (s: string | number[]) => new BufferByteSource('t.bin', typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s));

describe('detectFormat', () => {
  it('recognises kernel dump signatures', () => {
    expect(detectFormat(src('PAGEDU64' + '\0'.repeat(8)))?.headerBits).toBe(64);
    expect(detectFormat(src('PAGEDUMP' + '\0'.repeat(8)))?.headerBits).toBe(32);
  });
  it('recognises minidumps', () => {
    expect(detectFormat(src([0x4d, 0x44, 0x4d, 0x50, 0x93, 0xa7, 0, 0]))?.format).toBe('minidump');
  });
  it('recognises WinDbg text by its prompts and sections', () => {
    expect(detectFormat(src('2: kd> !analyze -v\nSYSTEM_SERVICE_EXCEPTION (3b)\n'))?.format).toBe('windbg-text');
    expect(detectFormat(src('0:000> k\nChild-SP          RetAddr           Call Site\n'))?.format).toBe('windbg-text');
  });
  it('rejects other content', () => {
    expect(detectFormat(src(''))).toBeNull();
    expect(detectFormat(src('hello world, just a note'))).toBeNull();
    expect(detectFormat(src([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBeNull();
  });
});
