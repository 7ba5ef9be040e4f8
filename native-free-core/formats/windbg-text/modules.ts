import { hex } from '../../model/hex';
import type { ModuleInfo } from '../../model/report';
import type { Line } from './text-lines';
import { parseWinDbgHex } from './values';

const ROW = /^\s*([0-9a-f]{8}(?:`[0-9a-f]{8})?|[0-9a-f]{16})\s+([0-9a-f]{8}(?:`[0-9a-f]{8})?|[0-9a-f]{16})\s+(\S+)(?:\s+(.*))?$/i;
const DETAIL = /^\s+([A-Za-z][A-Za-z ]+?):\s*(.*)$/;

/** lm / lmv / lm vm output, including the "Unloaded modules:" section. */
export function parseModules(lines: Line[]): { modules: ModuleInfo[]; unparsed: Line[] } {
  const modules: ModuleInfo[] = [];
  const unparsed: Line[] = [];
  let unloaded = false;
  let current: ModuleInfo | null = null;
  for (const line of lines) {
    const t = line.text;
    if (t.trim() === '') continue;
    if (/^\s*start\s+end\s+module name/i.test(t) || /^Browse full module list/i.test(t.trim())) continue;
    if (/^\s*Unloaded modules:/i.test(t)) {
      unloaded = true;
      current = null;
      continue;
    }
    const row = ROW.exec(t);
    const start = row ? parseWinDbgHex(row[1]!) : null;
    const end = row ? parseWinDbgHex(row[2]!) : null;
    if (row && start !== null && end !== null && end >= start) {
      const rest = (row[4] ?? '').trim();
      const m: ModuleInfo = { name: row[3]!, base: hex(start), size: hex(end - start), provenance: { source: 'transcript', detail: 'lm', lines: [line.no, line.no] } };
      if (unloaded) m.unloaded = true;
      const pdb = /\)\s+(\S.*\.pdb)\s*$/i.exec(rest);
      if (pdb) m.debugFile = pdb[1]!.split(/[\\/]/).pop()!;
      modules.push(m);
      current = m;
      continue;
    }
    const d = DETAIL.exec(t);
    if (d && current) {
      const key = d[1]!.toLowerCase();
      const value = d[2]!.trim();
      if (key === 'image name') current.name = value;
      else if (key === 'image path') current.path = value;
      else if (key === 'file version' || (key === 'product version' && !current.version)) current.version = value;
      else if (key === 'timestamp') {
        const ts = /\(([0-9a-f]{1,8})\)/i.exec(value);
        if (ts) current.timestamp = parseInt(ts[1]!, 16);
      } else if (key === 'checksum') {
        const c = parseWinDbgHex(value);
        if (c !== null) current.checksum = hex(c);
      } else if (key === 'loaded symbol image file' && !current.path) current.path = value;
      current.provenance!.lines![1] = line.no;
      continue;
    }
    unparsed.push(line);
  }
  return { modules, unparsed };
}
