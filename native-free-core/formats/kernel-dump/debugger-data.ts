import type { AddressSpace } from '../../model/address-space';
import { readU32, readU64 } from '../../model/address-space';
import { hex } from '../../model/hex';
import { decodeKdbg, KDBG_OWNER_TAG, type DecodedKdbg, type KdbgKeys } from './kdbg-decode';
import { findKdbgKeys } from './kdbg-keys-scan';

/** What the dump's KDDEBUGGER_DATA64 says: a summary for the report and, when readable, its PsLoadedModuleList. */
export interface DebuggerData {
  summary: Record<string, unknown>;
  psLoadedModuleList: bigint | null;
  /** Provenance detail for a module walk that starts from this block. */
  detail: string;
}

/** How every warning about a block that could not be decoded begins (a later decode with nt's symbols drops them). */
export function cannotDecode(blockVa: bigint): string {
  return `could not decode the encoded KdDebuggerDataBlock at ${hex(blockVa)}`;
}

/**
 * Reads KdDebuggerDataBlock: plain ("KDBG" owner tag readable) or encoded (x64
 * Windows 8 and later). An encoded block is decoded with the caller's keys, or
 * else with keys found by scanning nt's code for KdCopyDataBlock.
 */
export function readDebuggerData(memory: AddressSpace, blockVa: bigint, callerKeys: KdbgKeys | undefined, warnings: string[]): DebuggerData {
  const tag = readU32(memory, blockVa + 0x10n);
  const summary: Record<string, unknown> = { address: hex(blockVa), state: tag === null ? 'not in dump' : tag === KDBG_OWNER_TAG ? 'plain' : 'encoded' };
  const plainDetail = 'KDDEBUGGER_DATA64.PsLoadedModuleList walk';
  if (tag === null) return { summary, psLoadedModuleList: null, detail: plainDetail };
  if (tag === KDBG_OWNER_TAG) {
    // KDDEBUGGER_DATA64/32 keep 64-bit slots for every pointer: KernBase at 0x18, PsLoadedModuleList at 0x48.
    const kernBase = readU64(memory, blockVa + 0x18n);
    const list = readU64(memory, blockVa + 0x48n);
    if (kernBase !== null) summary['KernBase'] = hex(kernBase);
    if (list !== null) summary['PsLoadedModuleList'] = hex(list);
    return { summary, psLoadedModuleList: list, detail: plainDetail };
  }
  if (memory.pointerSize !== 8) {
    warnings.push(`KdDebuggerDataBlock at ${hex(blockVa)} has no "KDBG" owner tag; only x64 blocks are encoded, so it is not read`);
    return { summary, psLoadedModuleList: null, detail: plainDetail };
  }

  let decoded: DecodedKdbg | null = null;
  let keysFrom = '';
  let keys: KdbgKeys | undefined;
  if (callerKeys) {
    decoded = decodeKdbg(memory, blockVa, callerKeys);
    keys = callerKeys;
    keysFrom = 'given';
    if (!decoded) warnings.push(`${cannotDecode(blockVa)} with the given KiWaitNever/KiWaitAlways/KdpDataBlockEncoded (no "KDBG" owner tag came out); check the keys against nt's symbols`);
  }
  if (!decoded) {
    const found = findKdbgKeys(memory, blockVa);
    if (found) {
      decoded = found.decoded;
      keys = found.keys;
      keysFrom = `KdCopyDataBlock code (KdpDataBlockEncoded test at ${hex(found.flagTest)})`;
    } else if (!callerKeys) {
      warnings.push(`${cannotDecode(blockVa)}: KdCopyDataBlock's code, which names the keys, is not in the dump; pass KiWaitNever, KiWaitAlways and the address of KdpDataBlockEncoded from nt's symbols to decode it`);
    }
  }
  if (!decoded || !keys) return { summary, psLoadedModuleList: null, detail: plainDetail };
  setDecoded(summary, keys, keysFrom, decoded);
  return { summary, psLoadedModuleList: decoded.psLoadedModuleList, detail: `decoded KDDEBUGGER_DATA64.PsLoadedModuleList walk (keys: ${keysFrom})` };
}

/** Records a decoded block in the report's kdDebuggerData summary: the keys, where they came from, and what they decoded. */
export function setDecoded(summary: Record<string, unknown>, keys: KdbgKeys, keysFrom: string, decoded: DecodedKdbg): void {
  summary['decoded'] = {
    keysFrom,
    KiWaitNever: hex(keys.kiWaitNever),
    KiWaitAlways: hex(keys.kiWaitAlways),
    KdpDataBlockEncoded: hex(keys.kdpDataBlockEncoded),
    Size: hex(decoded.size),
  };
  summary['KernBase'] = hex(decoded.kernBase);
  summary['PsLoadedModuleList'] = hex(decoded.psLoadedModuleList);
}
