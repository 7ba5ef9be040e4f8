import { PeImage } from '../formats/pe/pe-image';
import { parseHex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';

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
    try {
      const cv = PeImage.fromMemory(parsed.memory, parseHex(m.base), m.name, Number(parseHex(m.size))).codeView();
      if (!cv) continue;
      m.debugFile = cv.pdbName.slice(Math.max(cv.pdbName.lastIndexOf('\\'), cv.pdbName.lastIndexOf('/')) + 1);
      m.debugId = cv.debugId;
      identified++;
    } catch {
      // headers or debug directory not in the dump
    }
  }
  return identified;
}
