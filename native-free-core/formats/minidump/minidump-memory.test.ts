import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../../io/byte-source';
import { MinidumpAddressSpace } from './minidump-memory';

const file = new BufferByteSource('m.dmp', Uint8Array.from({ length: 256 }, (_, i) => i));

describe('MinidumpAddressSpace', () => {
  const space = new MinidumpAddressSpace(
    file,
    [
      { address: 0x2000n, size: 16, rva: 0x40, label: 'b' },
      { address: 0x1000n, size: 16, rva: 0x00, label: 'a' },
      { address: 0x1010n, size: 16, rva: 0x80, label: 'a2' },
      // Overlaps a: only its tail (0x1008..0x1018 minus what a and a2 cover) survives.
      { address: 0x1008n, size: 8, rva: 0xc0, label: 'dup' },
      { address: 0x3000n, size: 0, rva: 0, label: 'empty' },
      { address: 0xffff_ffff_ffff_fff0n, size: 16, rva: 0xf0, label: 'top' },
    ],
    8,
  );

  it('reads inside one range and across contiguous ranges', () => {
    expect(space.read(0x1004n, 4)).toEqual(Uint8Array.from([4, 5, 6, 7]));
    expect(space.read(0x100en, 4)).toEqual(Uint8Array.from([0x0e, 0x0f, 0x80, 0x81]));
    expect(space.read(0x2000n, 16)).toEqual(Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i));
  });

  it('answers "not in dump" with null, and readPartial with what is there', () => {
    expect(space.read(0x0fffn, 2)).toBeNull();
    expect(space.read(0x2008n, 9)).toBeNull();
    expect(space.read(0x5000n, 1)).toBeNull();
    expect(space.read(0x1000n, -1)).toBeNull();
    expect(space.readPartial(0x2008n, 100)).toEqual(Uint8Array.from({ length: 8 }, (_, i) => 0x48 + i));
    expect(space.readPartial(0x0n, 4)).toEqual(new Uint8Array(0));
    expect(space.read(0x1000n, 0)).toEqual(new Uint8Array(0));
  });

  it('drops overlapping and empty ranges and keeps the top of the address space', () => {
    expect([...space.ranges()].map((r) => [r.address, r.size, r.label])).toEqual([
      [0x1000n, 16, 'a'],
      [0x1010n, 16, 'a2'],
      [0x2000n, 16, 'b'],
      [0xffff_ffff_ffff_fff0n, 16, 'top'],
    ]);
    expect(space.read(0xffff_ffff_ffff_fffcn, 4)).toEqual(Uint8Array.from([0xfc, 0xfd, 0xfe, 0xff]));
    expect(space.read(0xffff_ffff_ffff_fffcn, 8)).toBeNull();
    expect(space.fileOffsetOf(0x1012n)).toBe(0x82);
    expect(space.fileOffsetOf(0x9999n)).toBeUndefined();
  });

  it('explains what is missing', () => {
    expect(space.explainMissing(0x1004n, 4)).toBeUndefined();
    expect(space.explainMissing(0x1800n, 4)).toBe('0x1800 is not in dump (nearest range below: 0x1010+0x10 (a2); above: 0x2000 (b))');
    expect(space.explainMissing(0x2008n, 16)).toBe('the dump holds 8 of the 16 bytes at 0x2008; 0x2010 is not in dump (nearest range below: 0x2000+0x10 (b); above: 0xfffffffffffffff0 (top))');
    expect(new MinidumpAddressSpace(file, [], 4).explainMissing(0n, 1)).toBe('0x0 is not in dump (the dump holds no memory)');
  });

  it('copies: changing a result does not change the dump', () => {
    const a = space.read(0x1000n, 2)!;
    a[0] = 99;
    expect(space.read(0x1000n, 1)).toEqual(Uint8Array.from([0]));
  });
});
