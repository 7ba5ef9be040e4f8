import type { StructReader } from '../../io/struct-reader';
import type { MinidumpFile } from './minidump-file';
import {
  type MINIDUMP_LOCATION_DESCRIPTOR,
  readMINIDUMP_MODULE_CRASHPAD_INFO,
  readMINIDUMP_MODULE_CRASHPAD_INFO_LINK,
  SIZEOF_MINIDUMP_MODULE_CRASHPAD_INFO_LINK,
} from './raw';

export interface CrashpadAnnotations {
  /** Process-wide simple annotations (prod, ver, plat, ...). */
  simple: Record<string, string>;
  /** Per-module annotations, by ModuleList index. */
  modules: Array<{ moduleIndex: number; simple: Record<string, string>; list: string[] }>;
}

function counted(r: StructReader, entrySize: number): number {
  const count = r.u32(0, 'count');
  if (count * entrySize > r.length - 4) r.fail('truncated', 0, 'count', `${count} entries of ${entrySize} bytes do not fit ${r.length} bytes`);
  return count;
}

/** Crashpad's MinidumpSimpleStringDictionary: key/value pairs of UTF-8 strings. */
export function readStringDictionary(file: MinidumpFile, loc: MINIDUMP_LOCATION_DESCRIPTOR, structure: string): Record<string, string> {
  // Keys come from the file: a null-prototype object keeps '__proto__' an ordinary key.
  const out: Record<string, string> = Object.create(null);
  if (loc.DataSize === 0) return out;
  const r = file.readLocation(loc, structure);
  const count = counted(r, 8);
  for (let i = 0; i < count; i++) {
    const key = file.readUtf8String(r.u32(4 + i * 8, 'key'), `${structure}.key`);
    out[key] = file.readUtf8String(r.u32(8 + i * 8, 'value'), `${structure}.value`);
  }
  return out;
}

/** Crashpad's MinidumpRVAList of UTF-8 strings (module list annotations). */
export function readStringList(file: MinidumpFile, loc: MINIDUMP_LOCATION_DESCRIPTOR, structure: string): string[] {
  if (loc.DataSize === 0) return [];
  const r = file.readLocation(loc, structure);
  const count = counted(r, 4);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(file.readUtf8String(r.u32(4 + i * 4, 'rva'), structure));
  return out;
}

/** The annotations of the CrashpadInfoStream; undefined when the dump has none. */
export function crashpadAnnotations(file: MinidumpFile): CrashpadAnnotations | undefined {
  const info = file.crashpadInfo();
  if (!info) return undefined;
  const simple = readStringDictionary(file, info.SimpleAnnotations, 'MinidumpCrashpadInfo.simple_annotations');
  const modules: CrashpadAnnotations['modules'] = [];
  if (info.ModuleList.DataSize > 0) {
    const r = file.readLocation(info.ModuleList, 'MinidumpModuleCrashpadInfoList');
    const count = counted(r, SIZEOF_MINIDUMP_MODULE_CRASHPAD_INFO_LINK);
    for (let i = 0; i < count; i++) {
      const link = readMINIDUMP_MODULE_CRASHPAD_INFO_LINK(r, 4 + i * SIZEOF_MINIDUMP_MODULE_CRASHPAD_INFO_LINK);
      const m = readMINIDUMP_MODULE_CRASHPAD_INFO(file.readLocation(link.Location, 'MinidumpModuleCrashpadInfo'));
      modules.push({
        moduleIndex: link.MinidumpModuleListIndex,
        simple: readStringDictionary(file, m.SimpleAnnotations, 'MinidumpModuleCrashpadInfo.simple_annotations'),
        list: readStringList(file, m.ListAnnotations, 'MinidumpModuleCrashpadInfo.list_annotations'),
      });
    }
  }
  return { simple, modules };
}
