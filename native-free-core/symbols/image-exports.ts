import { PeImage } from '../formats/pe/pe-image';
import { parseHex } from '../model/hex';
import type { ParsedDump } from '../model/parsed-dump';
import { ExportModuleSymbols } from './export-symbols';
import type { InMemorySymbolProvider } from './in-memory-provider';

/**
 * For modules without symbols whose image headers and export table are in
 * dump memory (full-memory minidumps, kernel dumps), adds the export names,
 * as WinDbg shows module!Export+0x… without a PDB. Returns the modules that
 * got export names.
 */
export function addExportsFromDump(parsed: ParsedDump, provider: InMemorySymbolProvider): string[] {
  const added: string[] = [];
  for (const m of parsed.report.modules) {
    if (m.unloaded || provider.hasSymbols(m)) continue;
    try {
      const img = PeImage.fromMemory(parsed.memory, parseHex(m.base), m.name, Number(parseHex(m.size)));
      const ex = img.exports();
      if (ex && ex.exports.length > 0) {
        provider.add(m.name, new ExportModuleSymbols(ex, `exports of ${m.name} in dump memory`));
        added.push(m.name);
      }
    } catch {
      // headers or export table not in the dump
    }
  }
  return added;
}
