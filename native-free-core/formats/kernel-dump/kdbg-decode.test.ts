import { describe, expect, it } from 'vitest';
import { decodeKdbgWord } from './kdbg-decode';

describe('decodeKdbgWord', () => {
  it('matches Volatility 2 decode_kdbg on a known word', () => {
    // Expected value computed with win8_kdbg.py's rol/bswap/xor steps.
    const keys = { kiWaitNever: 0x1d3c5b7a99887766n, kiWaitAlways: 0x0123456789abcdefn, kdpDataBlockEncoded: 0xfffff80003010000n };
    expect(decodeKdbgWord(0x1122334455667788n, keys)).toBe(0xb22cde630a68b22bn);
  });

  it('with zero keys only byte-swaps, after the address term sets the top 16 bits', () => {
    const keys = { kiWaitNever: 0n, kiWaitAlways: 0n, kdpDataBlockEncoded: 0n };
    expect(decodeKdbgWord(0x0102030405060708n, keys)).toBe(0x080706050403fdfen);
  });
});
