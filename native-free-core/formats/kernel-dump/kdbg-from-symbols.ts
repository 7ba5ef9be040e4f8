import { readU64 } from '../../model/address-space';
import { hex, parseHex } from '../../model/hex';
import type { ParsedDump } from '../../model/parsed-dump';
import type { ModuleInfo } from '../../model/report';
import { cannotDecode, setDecoded } from './debugger-data';
import { decodeKdbg, type KdbgKeys } from './kdbg-decode';

/** The nt globals KdCopyDataBlock decodes the block with, by their PDB names. */
export const KDBG_KEY_SYMBOLS = ['KiWaitNever', 'KiWaitAlways', 'KdpDataBlockEncoded'] as const;
export type KdbgKeySymbol = (typeof KDBG_KEY_SYMBOLS)[number];

/** Where nt's symbols put the three globals: RVAs in nt's image, and the file they came from (for provenance). */
export interface KdbgKeyRvas {
  rvas: Record<KdbgKeySymbol, number>;
  origin: string;
}

const NT_IMAGE = /^nt(oskrnl|krnlmp|krnlpa|krpamp)\.exe$/i;

/** The kernel image among a report's modules (PsLoadedModuleList lists it first). */
export function ntModule(modules: readonly ModuleInfo[]): ModuleInfo | undefined {
  return modules.find((m) => !m.unloaded && NT_IMAGE.test(m.name));
}

/** The dump's encoded KdDebuggerDataBlock: its address and whether it was decoded when the dump was opened; undefined for plain, unreadable or absent blocks. */
export function encodedKdbg(parsed: ParsedDump): { address: bigint; decoded: boolean } | undefined {
  const kd = parsed.report.extra?.['kdDebuggerData'] as { address?: string; state?: string; decoded?: unknown } | undefined;
  return kd?.state === 'encoded' && kd.address ? { address: parseHex(kd.address), decoded: kd.decoded !== undefined } : undefined;
}

/**
 * Decodes the encoded KdDebuggerDataBlock again, with KiWaitNever and
 * KiWaitAlways read from dump memory at the addresses nt's symbols give and
 * the address of KdpDataBlockEncoded: symbols are found only after the dump
 * is opened, so this runs after parseKernelDump. On success the report's
 * kdDebuggerData says the keys came from nt's symbols (keys found by scanning
 * KdCopyDataBlock that decode the block are necessarily the same ones) and the
 * warnings that it could not be decoded go; otherwise a warning says why.
 * Returns whether the block was decoded. The module list is not walked again:
 * nt's symbols are only found when the modules (and nt among them) are known.
 */
export function decodeKdbgWithSymbols(parsed: ParsedDump, ntBase: bigint, found: KdbgKeyRvas): boolean {
  const blockVa = encodedKdbg(parsed)?.address;
  if (blockVa === undefined) return false;
  const { report, memory } = parsed;
  const va = (name: KdbgKeySymbol) => ntBase + BigInt(found.rvas[name]);
  const never = readU64(memory, va('KiWaitNever'));
  const always = readU64(memory, va('KiWaitAlways'));
  if (never === null || always === null) {
    const missing = never === null ? 'KiWaitNever' : 'KiWaitAlways';
    report.warnings.push(`${cannotDecode(blockVa)} with nt's symbols (${found.origin}): ${missing} at ${hex(va(missing))} is not in the dump`);
    return false;
  }
  const keys: KdbgKeys = { kiWaitNever: never, kiWaitAlways: always, kdpDataBlockEncoded: va('KdpDataBlockEncoded') };
  const decoded = decodeKdbg(memory, blockVa, keys);
  if (!decoded) {
    report.warnings.push(`${cannotDecode(blockVa)} with nt's symbols (${found.origin}): no "KDBG" owner tag came out; the PDB may not match this nt`);
    return false;
  }
  const summary = report.extra!['kdDebuggerData'] as Record<string, unknown>;
  const keysFrom = `nt's symbols (${found.origin}): ${KDBG_KEY_SYMBOLS.map((n) => `${n} at ${hex(va(n))}`).join(', ')}`;
  setDecoded(summary, keys, keysFrom, decoded);
  const prefix = cannotDecode(blockVa);
  report.warnings = report.warnings.filter((w) => !w.startsWith(prefix));
  report.provenance['kdDebuggerData'] = { source: 'derived', detail: `encoded KDDEBUGGER_DATA64 at ${hex(blockVa)} decoded with keys from ${keysFrom}` };
  return true;
}
