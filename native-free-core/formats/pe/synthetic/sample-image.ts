import { buildPe, code, cstring, SCN_CODE, SCN_RDATA, SectionBuilder, u32le, unwindInfoBytes } from './build-pe';
import { UNW_FLAG_CHAININFO, UWOP_ALLOC_LARGE, UWOP_ALLOC_SMALL, UWOP_PUSH_MACHFRAME, UWOP_PUSH_NONVOL, UWOP_SAVE_NONVOL, UWOP_SAVE_NONVOL_FAR, UWOP_SAVE_XMM128, UWOP_SET_FPREG } from '../unwind-info';

const GUID = Uint8Array.from([0xe5, 0x32, 0x98, 0x5a, 0x72, 0x28, 0xc1, 0x41, 0x83, 0x8e, 0xd9, 0x89, 0x14, 0xe9, 0xb7, 0xff]);

/** A PE32+ with exports, an RSDS record, three RUNTIME_FUNCTIONs (one chained) and their UNWIND_INFO. */
export function sampleImage(text?: Uint8Array): Uint8Array {
  const rdata = new SectionBuilder(0x2000);
  const dllName = rdata.add(cstring('sample.dll'));
  const nameA = rdata.add(cstring('Alpha'));
  const nameB = rdata.add(cstring('Beta'));
  const expDir = rdata.next();
  const funcs = expDir + 40;
  const names = funcs + 12;
  const ords = names + 8;
  const fwd = ords + 4;
  rdata.add(u32le(0, 0, 0, dllName, 1, 3, 2, funcs, names, ords));
  rdata.add(u32le(0x1000, 0x1040, fwd));
  rdata.add(u32le(nameA, nameB));
  rdata.add(Uint8Array.from([0, 0, 1, 0]));
  rdata.add(cstring('other.Gamma'));
  const expSize = rdata.next() - expDir;
  const pdbName = 'c:\\build\\sample.pdb';
  const cvRva = rdata.add(new Uint8Array([...cstring('RSDS').subarray(0, 4), ...GUID, ...u32le(2), ...cstring(pdbName)]));
  const dbgRva = rdata.add(u32le(0, 0, 0, 2, 24 + pdbName.length + 1, cvRva, cvRva));
  // f1: push rbp; sub rsp,0x20 ; f2: full set of ops ; f3: chained to f1
  const u1 = rdata.add(unwindInfoBytes({ prolog: 5, slots: [code(5, UWOP_ALLOC_SMALL, 3), code(1, UWOP_PUSH_NONVOL, 5)] }));
  const u2 = rdata.add(
    unwindInfoBytes({
      prolog: 30,
      frameRegister: 5,
      frameOffset: 2,
      slots: [code(30, UWOP_SAVE_XMM128, 6), 4, code(25, UWOP_SAVE_NONVOL_FAR, 3), 0x10, 0x1, code(20, UWOP_SAVE_NONVOL, 6), 8, code(15, UWOP_SET_FPREG, 0), code(10, UWOP_ALLOC_LARGE, 1), 0x2000, 0, code(6, UWOP_ALLOC_LARGE, 0), 0x10, code(2, UWOP_PUSH_NONVOL, 3), code(0, UWOP_PUSH_MACHFRAME, 1)],
    }),
  );
  const u3 = rdata.add(unwindInfoBytes({ flags: UNW_FLAG_CHAININFO, prolog: 0, slots: [], chained: [0x1000, 0x1040, u1] }));
  const pdata = u32le(0x1000, 0x1040, u1, 0x1040, 0x1100, u2, 0x1100, 0x1120, u3);
  return buildPe({
    sections: [
      { name: '.text', rva: 0x1000, bytes: text ?? new Uint8Array(0x200).fill(0xcc), characteristics: SCN_CODE },
      { name: '.rdata', rva: 0x2000, bytes: rdata.bytes(), characteristics: SCN_RDATA },
      { name: '.pdata', rva: 0x4000, bytes: pdata, characteristics: SCN_RDATA },
    ],
    directories: { 0: { rva: expDir, size: expSize }, 3: { rva: 0x4000, size: pdata.length }, 6: { rva: dbgRva, size: 28 } },
  });
}

