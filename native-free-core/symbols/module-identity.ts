import { PeImage } from '../formats/pe/pe-image';
import { parseHex } from '../model/hex';
import type { AddressSpace } from '../model/address-space';
import type { ParsedDump } from '../model/parsed-dump';
import type { ModuleInfo } from '../model/report';

/**
 * Kernel dumps list drivers by name, base, size and timestamp only; the PDB
 * each one needs (ntoskrnl.exe's is ntkrnlmp.pdb) and its symbol-store id
 * are in the CodeView record of the image. Fills debugFile and debugId from
 * that record where the image's headers and debug directory are in dump
 * memory, so the symbol path is searched by the right name and id. Returns
 * how many modules were identified.
 */
export function identifyModulesFromMemory(parsed: ParsedDump): number {
  let identified = 0;
  for (const m of parsed.report.modules) {
    if (m.unloaded || m.debugId) continue;
    const id = codeViewIdentity(parsed.memory, m);
    if (!id) continue;
    m.debugFile = id.debugFile;
    m.debugId = id.debugId;
    identified++;
  }
  return identified;
}

/** The PDB name and symbol-store id in the CodeView record of a module's image in dump memory, if the dump holds it. */
export function codeViewIdentity(memory: AddressSpace, m: ModuleInfo): { debugFile: string; debugId: string } | undefined {
  try {
    const cv = PeImage.fromMemory(memory, parseHex(m.base), m.name, Number(parseHex(m.size))).codeView();
    if (!cv) return undefined;
    return { debugFile: cv.pdbName.slice(Math.max(cv.pdbName.lastIndexOf('\\'), cv.pdbName.lastIndexOf('/')) + 1), debugId: cv.debugId };
  } catch {
    return undefined; // headers or debug directory not in the dump
  }
}
