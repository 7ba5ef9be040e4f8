import { describe, expect, it } from 'vitest';
import { parsePdb } from '../formats/pdb/pdb-file';
import { buildPdb } from '../formats/pdb/synthetic/build-pdb';
import { BufferByteSource } from '../io/byte-source';
import { emptyReport } from '../model/report';
import { InMemorySymbolProvider } from '../symbols/in-memory-provider';
import { PdbModuleSymbols } from '../symbols/pdb-symbols';
import { RangeAddressSpace } from './range-memory';
import { walkStack } from './walk';

/** An x86 PDB whose FrameData/FPO streams describe three functions, as dump_syms would turn into STACK WIN. */
function pdb() {
  return parsePdb(
    new BufferByteSource(
      'app.pdb',
      buildPdb({
        guid: new Uint8Array(16),
        age: 1,
        machine: 0x14c,
        sections: [{ name: '.text', rva: 0x1000, size: 0x3000, characteristics: 0x60000020 }],
        publics: [],
        modules: [{ name: 'a.obj', procs: [{ name: 'Leaf', segment: 1, offset: 0, size: 0x100 }, { name: 'Middle', segment: 1, offset: 0x100, size: 0x100 }, { name: 'Outer', segment: 1, offset: 0x200, size: 0x100 }] }],
        frames: [
          // Leaf: frame-pointer-less, 8 bytes of locals, no saved registers
          { type: 0, rva: 0x1000, size: 0x100, locals: 8, params: 4, savedRegs: 0, prolog: 3 },
          // Middle: classic %ebp frame described by a program string
          { type: 4, rva: 0x1100, size: 0x100, locals: 0, params: 8, savedRegs: 0, prolog: 3, program: '$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + =' },
          // Outer: FPO that saved %ebp (allocates base pointer)
          { type: 0, rva: 0x1200, size: 0x100, locals: 0, params: 0, savedRegs: 4, prolog: 1, useBp: true },
        ],
        types: [],
      }),
    ),
  );
}

describe('x86 walking with a PDB only (FPO and FrameData streams)', () => {
  it('reads FPO_DATA and FRAMEDATA records and answers windowsFrameInfo', () => {
    const p = pdb();
    expect(p.frameRecords().map((f) => [f.type, f.rva, f.localSize, f.parameterSize, f.savedRegisterSize, f.allocatesBasePointer])).toEqual([
      [0, 0x1000, 8, 4, 0, false],
      [4, 0x1100, 0, 8, 0, false],
      [0, 0x1200, 0, 0, 4, true],
    ]);
    const s = new PdbModuleSymbols(p);
    expect(s.windowsFrameInfo(0x1150)).toMatchObject({ type: 4, programString: expect.stringContaining('$T0 $ebp =') });
    expect(s.windowsFrameInfo(0x1300)).toBeUndefined();
  });

  it('walks Leaf -> Middle -> Outer -> end using those records', () => {
    const s = new PdbModuleSymbols(pdb());
    const provider = new InMemorySymbolProvider().add('app.exe', s);
    const stack = new Uint8Array(0x200);
    const v = new DataView(stack.buffer);
    const S = 0x20000;
    // Leaf at esp=S+0x00: 8 bytes locals, then return into Middle
    v.setUint32(0x08, 0x401150, true);
    // Middle: ebp = S+0x20 -> [ebp] = caller ebp, [ebp+4] = return into Outer
    v.setUint32(0x20, S + 0x80, true);
    v.setUint32(0x24, 0x401250, true);
    // Outer (esp = S+0x28): saved ebp slot at esp + calleeParams(4) + savedRegs - 8, return at esp + 4 + 4
    v.setUint32(0x30, 0, true);
    const r = emptyReport('minidump', 'minidump');
    r.modules = [{ name: 'app.exe', base: '0x400000', size: '0x4000' }];
    r.context = { arch: 'x86', registers: { eip: '0x401010', esp: '0x' + S.toString(16), ebp: '0x' + (S + 0x20).toString(16) } };
    const frames = walkStack({ report: r, memory: new RangeAddressSpace(4).add(BigInt(S), stack) }, provider, { scan: false });
    expect(frames.map((f) => [f.function, f.offset, f.trust, f.sp])).toEqual([
      ['Leaf', '0x10', 'context', '0x20000'],
      ['Middle', '0x50', 'cfi', '0x2000c'],
      ['Outer', '0x50', 'cfi', '0x20028'],
    ]);
  });
});
