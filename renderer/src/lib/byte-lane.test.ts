import { describe, expect, it } from 'vitest';
import { laneParts } from './byte-lane';

describe('byte lane of a dt value', () => {
  it('splits out the corrupted byte, keeping the prefix, the backtick and what follows', () => {
    expect(laneParts('0x00000081`00000000 _FLT_INSTANCE', 4)).toEqual(['0x000000', '81', '`00000000 _FLT_INSTANCE']);
    expect(laneParts('0xfffff889`0d106d58', 4)).toEqual(['0xfffff8', '89', '`0d106d58']);
    expect(laneParts('000000e8`00000000', 4)).toEqual(['000000', 'e8', '`00000000']);
    expect(laneParts('0xfffff889`0d106d58', 0)).toEqual(['0xfffff889`0d106d', '58', '']);
    expect(laneParts('0xfffff889`0d106d58', 3)).toEqual(['0xfffff889`', '0d', '106d58']);
  });

  it('leaves values it cannot split alone', () => {
    expect(laneParts('_TREE_NODE', 4)).toBeNull();
    expect(laneParts('0x14000', 4)).toBeNull();
    expect(laneParts('0xfffff889`0d106d58', undefined)).toBeNull();
  });
});
