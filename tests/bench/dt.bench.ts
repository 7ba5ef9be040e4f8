// `dt` on a large PDB: a synthetic TPI stream of ntkrnlmp.pdb's order of size (about 100,000 type records),
// the first dt (PDB parse, name index) and the next ones, each reading the values from memory.
import { parsePdb } from '../../native-free-core/formats/pdb/pdb-file';
import { buildPdb, leaf } from '../../native-free-core/formats/pdb/synthetic/build-pdb';
import { dtValues } from '../../native-free-core/formats/pdb/type-values';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { RangeAddressSpace } from '../../native-free-core/unwind/range-memory';
import { type BenchRow, medianMs } from './bench-types';

const STRUCTS = 25_000;

/** Each structure: a field list (ULONG, pointer to the previous structure, the previous structure nested, ULONG64), a pointer, the structure. */
function largePdb(): Uint8Array {
  const types: { kind: number; data: Uint8Array }[] = [];
  let previous = 0;
  for (let i = 0; i < STRUCTS; i++) {
    const base = 0x1000 + types.length;
    const members = [leaf.member('Flags', 0x22, 0), leaf.member('Count', 0x75, 4), leaf.member('Stamp', 0x23, 8)];
    if (previous) members.push(leaf.member('Parent', base - 1, 16), leaf.member('Inline', previous, 24));
    if (previous) types.push(leaf.pointer(previous));
    types.push({ kind: 0x1203, data: leaf.fieldList(members) });
    types.push(leaf.structure(`_TYPE_${i}`, 0x1000 + types.length - 1, previous ? 64 : 16, members.length));
    previous = 0x1000 + types.length - 1;
  }
  return buildPdb({ guid: new Uint8Array(16), age: 1, sections: [], publics: [], modules: [], types });
}

export default function dtBench(): BenchRow[] {
  const bytes = largePdb();
  const memory = new RangeAddressSpace(8).add(0xfffffa8000000000n, Uint8Array.from({ length: 64 }, (_, i) => i * 3));
  const name = `_TYPE_${STRUCTS - 1}`;
  const dt = (layouts = parsePdb(new BufferByteSource('big.pdb', bytes)).layouts()!) =>
    dtValues(layouts, layouts.layout(name)!, { module: 'big', memory, address: 0xfffffa8000000000n, depth: 1 });
  const records = parsePdb(new BufferByteSource('big.pdb', bytes)).types()!.count;
  const input = `synthetic PDB, ${records} type records (${(bytes.length / 1e6).toFixed(1)} MB)`;
  const cold = medianMs(9, () => dt());
  const layouts = parsePdb(new BufferByteSource('big.pdb', bytes)).layouts()!;
  dt(layouts);
  const warm = medianMs(201, () => dt(layouts));
  return [
    { benchmark: 'dt -r1 with values, first (parse PDB, name index)', input, figure: cold, unit: 'ms' },
    { benchmark: 'dt -r1 with values, next (layouts kept)', input, figure: warm, unit: 'ms' },
  ];
}
