import type { DtResult } from '../../native-free-core/formats/pdb/type-values';
import { dtInDump, TypeLookupError } from '../symbols/type-lookup';
import { overlaySpace, type CaseMemory } from './case-dumps';
import { IpcFailure } from './contract';

/**
 * 'case:dt': `dt module!Type [address]` on a case's stored dump, with the
 * module's PDB from the symbol folders. What cannot be answered (no PDB, no
 * such type or module) is a 'not-found' whose message says what to do next.
 */
export function caseDt(mem: CaseMemory | undefined, symbolPath: string[], request: { caseId: number; type: string; address?: string; depth?: number }): DtResult & { pdb: string } {
  if (!mem) throw new IpcFailure('not-found', `case ${request.caseId} has no report`);
  if (mem.report.format === 'windbg-text') throw new IpcFailure('bad-input', "this case is a WinDbg transcript: it has no PDB or memory to lay types out from (its own dt output is listed in this tab)");
  if (!mem.dump) throw new IpcFailure('bad-input', "the case's stored dump could not be opened again: re-import the file");
  try {
    return dtInDump({
      modules: mem.report.modules,
      memory: overlaySpace(mem),
      symbolPath,
      type: request.type,
      address: request.address === undefined ? undefined : BigInt(request.address),
      depth: request.depth,
      addFolderHint: 'Settings → Symbol folders (then show the type again)',
    });
  } catch (e) {
    if (e instanceof TypeLookupError) throw new IpcFailure('not-found', e.message);
    throw e;
  }
}
