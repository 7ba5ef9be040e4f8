import type { PdbFile } from '../../native-free-core/formats/pdb/pdb-file';
import { decodeKdbgWithSymbols, encodedKdbg, KDBG_KEY_SYMBOLS, ntModule, type KdbgKeyRvas, type KdbgKeySymbol } from '../../native-free-core/formats/kernel-dump/kdbg-from-symbols';
import { parseHex } from '../../native-free-core/model/hex';
import type { ParsedDump } from '../../native-free-core/model/parsed-dump';
import { codeViewIdentity } from '../../native-free-core/symbols/module-identity';
import { resolveSymbols, type ResolvedSymbols } from './symbol-path';

/** RVAs of KiWaitNever, KiWaitAlways and KdpDataBlockEncoded from a PDB's public (or global data) symbols; undefined unless all three are there. */
export function kdbgKeyRvas(pdb: PdbFile): Record<KdbgKeySymbol, number> | undefined {
  const g = pdb.globals();
  const out: Partial<Record<KdbgKeySymbol, number>> = {};
  for (const s of [...g.publics, ...g.data]) {
    const name = KDBG_KEY_SYMBOLS.find((n) => n === s.name);
    if (name && out[name] === undefined) {
      const rva = pdb.rva(s.segment, s.offset);
      if (rva !== undefined) out[name] = rva;
    }
  }
  return KDBG_KEY_SYMBOLS.every((n) => out[n] !== undefined) ? (out as Record<KdbgKeySymbol, number>) : undefined;
}

/**
 * nt's PDB: the one the symbol lookup already found for nt's module, or else
 * (with `search`) the one nt's CodeView record (read from the image in dump
 * memory) names, looked up on the symbol path by its name and id
 * (ntkrnlmp.pdb for a module listed as ntoskrnl.exe). Returns the PDB and the
 * file it was read from.
 */
function findNtPdb(parsed: ParsedDump, symbolPath: string[], resolved: Pick<ResolvedSymbols, 'pdbs' | 'loaded'> | undefined, search: boolean): { pdb: PdbFile; file: string } | undefined {
  const nt = ntModule(parsed.report.modules);
  if (!nt) return undefined;
  const pdbFile = (r: Pick<ResolvedSymbols, 'loaded'>, pdb: PdbFile) => r.loaded.get(nt.name)?.find((f) => /\.pdb$/i.test(f)) ?? pdb.name;
  const known = resolved?.pdbs.get(nt.name);
  if (known) return { pdb: known, file: pdbFile(resolved!, known) };
  if (!search || symbolPath.length === 0) return undefined;
  const id = codeViewIdentity(parsed.memory, nt);
  if (!id) return undefined;
  const found = resolveSymbols([{ ...nt, ...id }], symbolPath);
  const pdb = found.pdbs.get(nt.name);
  return pdb && { pdb, file: pdbFile(found, pdb) };
}

/**
 * Decodes an encoded KdDebuggerDataBlock with the keys nt's PDB names, when
 * the dump has one and nt's PDB is on the symbol path. Pass the symbol
 * lookup's result when there is one, so a PDB it loaded is not looked for
 * again. A block already decoded with keys from KdCopyDataBlock's code is
 * decoded again only when the lookup has nt's PDB at hand (the keys are the
 * same; only their provenance improves, not worth parsing nt's PDB for).
 * Does nothing for dumps without an encoded block.
 */
export function decodeKdbgWithNtPdb(parsed: ParsedDump, symbolPath: string[], resolved?: Pick<ResolvedSymbols, 'pdbs' | 'loaded'>): boolean {
  const block = encodedKdbg(parsed);
  if (!block) return false;
  const found = findNtPdb(parsed, symbolPath, resolved, !block.decoded);
  if (!found) return false;
  const rvas = kdbgKeyRvas(found.pdb);
  if (!rvas) {
    parsed.report.warnings.push(`${found.file} has no public symbols ${KDBG_KEY_SYMBOLS.join(', ')}; the encoded KdDebuggerDataBlock is not decoded with it`);
    return false;
  }
  const keys: KdbgKeyRvas = { rvas, origin: found.file };
  return decodeKdbgWithSymbols(parsed, parseHex(ntModule(parsed.report.modules)!.base), keys);
}
