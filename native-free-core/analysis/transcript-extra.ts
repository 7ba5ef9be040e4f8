import type { PoolOutput, TypeField, TypeOutput, WinDbgTextExtra } from '../formats/windbg-text/types';
import type { CrashReport } from '../model/report';

/** The transcript parts analysis reads (`!pool`, `dt`), tolerant of reports that have none. */
export function transcriptPools(report: CrashReport): PoolOutput[] {
  const pools = (report.extra as Partial<WinDbgTextExtra> | undefined)?.pools;
  return Array.isArray(pools) ? pools : [];
}

export function transcriptTypes(report: CrashReport): TypeOutput[] {
  const types = (report.extra as Partial<WinDbgTextExtra> | undefined)?.types;
  return Array.isArray(types) ? types : [];
}

/** Visits every field with its dotted path ("TreeLink.Link.Parent"). */
export function forEachField(fields: TypeField[], visit: (field: TypeField, path: string) => void, prefix = '', depth = 0): void {
  if (depth > 16) return;
  for (const f of fields) {
    const path = prefix ? `${prefix}.${f.name}` : f.name;
    visit(f, path);
    if (f.children?.length) forEachField(f.children, visit, path, depth + 1);
  }
}
