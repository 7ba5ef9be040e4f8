import { StructReader } from '../../io/struct-reader';
import { guidToHex } from '../pe/codeview';

/** Stream 1: PDB_INFO (version, signature, age, GUID) and the named-stream map (e.g. /names). */
export interface PdbInfoStream {
  Version: number;
  Signature: number;
  Age: number;
  /** Upper-case hex without dashes. */
  guid: string;
  namedStreams: Map<string, number>;
}

const MAX_NAMED = 4096;

export function readPdbInfoStream(bytes: Uint8Array, fileName: string): PdbInfoStream {
  const r = new StructReader(bytes, fileName, 'PDB info stream', 0);
  const info: PdbInfoStream = {
    Version: r.u32(0, 'Version'),
    Signature: r.u32(4, 'Signature'),
    Age: r.u32(8, 'Age'),
    guid: guidToHex(r.slice(12, 16, 'Guid')),
    namedStreams: new Map(),
  };
  // Named stream map: string buffer, then a hash table of (name offset, stream) pairs.
  try {
    const strLen = r.u32(28, 'NamedStreamMap.StringBufferSize');
    const strAt = 32;
    const tab = strAt + strLen;
    const size = r.u32(tab, 'HashTable.Size');
    const words = (at: number) => r.u32(at, 'HashTable.BitVector');
    let at = tab + 8;
    const presentWords = words(at);
    if (presentWords > MAX_NAMED) return info;
    const present: number[] = [];
    for (let i = 0; i < presentWords; i++) present.push(words(at + 4 + i * 4));
    at += 4 + presentWords * 4;
    const deletedWords = words(at);
    if (deletedWords > MAX_NAMED) return info;
    at += 4 + deletedWords * 4;
    let count = 0;
    for (let bucket = 0; bucket < presentWords * 32 && count < Math.min(size, MAX_NAMED); bucket++) {
      if (!((present[bucket >> 5]! >>> (bucket & 31)) & 1)) continue;
      const nameOff = r.u32(at, 'HashTable.Key');
      const stream = r.u32(at + 4, 'HashTable.Value');
      at += 8;
      count++;
      if (nameOff < strLen) info.namedStreams.set(r.ascii(strAt + nameOff, strLen - nameOff, 'name'), stream);
    }
  } catch {
    // an unreadable named-stream map leaves only the fixed fields
  }
  return info;
}
