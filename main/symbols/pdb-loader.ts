import { BufferByteSource } from '../../native-free-core/io/byte-source';
import { parsePdb } from '../../native-free-core/formats/pdb/pdb-file';
import { PdbModuleSymbols } from '../../native-free-core/symbols/pdb-symbols';

/** Parses a PDB file's bytes into module symbols; throws ParseError for a damaged file. */
export function loadPdbSymbols(bytes: Uint8Array, filePath: string): PdbModuleSymbols {
  const name = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  return new PdbModuleSymbols(parsePdb(new BufferByteSource(name, bytes)), filePath);
}
