import { DEFAULT_POOLTAG_TEXT } from './pooltag-data';

export interface PoolTagInfo {
  tag: string;
  binary: string;
  description: string;
}

/** Pool tags by their four characters (case-sensitive; trailing blanks kept as spaces). */
export type PoolTagTable = ReadonlyMap<string, PoolTagInfo>;

/**
 * Parses the Debugging Tools' pooltag.txt format: one `Tag - binary - description`
 * per line, `//` and `rem` lines are comments. Tags shorter than four
 * characters are padded with spaces, as they appear in pool headers.
 */
export function parsePoolTagText(text: string): Map<string, PoolTagInfo> {
  const table = new Map<string, PoolTagInfo>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim() || /^\s*(\/\/|;|rem\b)/i.test(line)) continue;
    const m = /^(.{1,4}?)\s*-\s*(.*?)\s+-\s+(.*)$/.exec(line);
    if (!m) continue;
    const tag = m[1]!.padEnd(4, ' ');
    if (!table.has(tag)) table.set(tag, { tag, binary: m[2]!.trim(), description: m[3]!.trim() });
  }
  return table;
}

let defaultTable: Map<string, PoolTagInfo> | undefined;

/** The built-in table (fltmgr, common nt and ntfs tags). */
export function defaultPoolTags(): PoolTagTable {
  defaultTable ??= parsePoolTagText(DEFAULT_POOLTAG_TEXT);
  return defaultTable;
}

/** Looks a tag up, ignoring the "protected" high bit that kernels set on some tags. */
export function lookupPoolTag(table: PoolTagTable, tag: string): PoolTagInfo | undefined {
  return table.get(tag.padEnd(4, ' ')) ?? table.get(tag.trim().padEnd(4, ' '));
}
