import { isParseError } from '../../io/parse-error';
import { hex } from '../../model/hex';
import { crashpadAnnotations } from './crashpad-annotations';
import { guidSymbolStoreForm } from './interpret-module';
import type { MinidumpFile } from './minidump-file';
import { minidumpTypeNames, streamTypeName } from './raw';

export interface MinidumpStreamEntry {
  index: number;
  type: number;
  name: string;
  size: number;
  rva: number;
}

export function streamEntries(file: MinidumpFile): MinidumpStreamEntry[] {
  return file.directory.map((d, index) => ({ index, type: d.StreamType, name: streamTypeName(d.StreamType), size: d.Location.DataSize, rva: d.Location.Rva }));
}

/** Turns bigints into hex strings so the extras stay plain JSON. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return hex(value);
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

/** Format-specific facts for report.extra: the stream list and the streams the normalized report has no field for. */
export function minidumpExtras(file: MinidumpFile, warnings: string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {
    streams: streamEntries(file),
    header: { version: hex(file.header.Version), checksum: hex(file.header.CheckSum), timeDateStamp: file.header.TimeDateStamp, flags: hex(file.header.Flags), flagNames: minidumpTypeNames(file.header.Flags) },
  };
  const put = (key: string, what: string, fn: () => unknown) => {
    try {
      const v = fn();
      if (v !== undefined) extra[key] = plain(v);
    } catch (e) {
      if (!isParseError(e)) throw e;
      warnings.push(`${what}: ${e.message}`);
    }
  };
  put('miscInfo', 'MiscInfoStream', () => file.miscInfo());
  put('handleCount', 'HandleDataStream', () => file.handleData()?.NumberOfDescriptors);
  put('commentA', 'CommentStreamA', () => file.commentA());
  put('commentW', 'CommentStreamW', () => file.commentW());
  put('breakpadInfo', 'BreakpadInfoStream', () => file.breakpadInfo());
  put('assertion', 'BreakpadAssertionInfoStream', () => file.assertionInfo());
  put('crashpadInfo', 'CrashpadInfoStream', () => {
    const c = file.crashpadInfo();
    if (!c) return undefined;
    const annotations = crashpadAnnotations(file);
    return { version: c.Version, reportId: guidSymbolStoreForm(c.ReportId), clientId: guidSymbolStoreForm(c.ClientId), simpleAnnotations: annotations?.simple, moduleAnnotations: annotations?.modules };
  });
  put('memoryInfoCount', 'MemoryInfoListStream', () => file.memoryInfoList()?.length);
  put('threadInfo', 'ThreadInfoListStream', () => file.threadInfoList());
  return extra;
}
