/** MINIDUMP_STREAM_TYPE (minidumpapiset.h) plus the Breakpad, Crashpad and Mozilla extensions. */
export const MINIDUMP_STREAM_TYPE = {
  UnusedStream: 0,
  ReservedStream0: 1,
  ReservedStream1: 2,
  ThreadListStream: 3,
  ModuleListStream: 4,
  MemoryListStream: 5,
  ExceptionStream: 6,
  SystemInfoStream: 7,
  ThreadExListStream: 8,
  Memory64ListStream: 9,
  CommentStreamA: 10,
  CommentStreamW: 11,
  HandleDataStream: 12,
  FunctionTableStream: 13,
  UnloadedModuleListStream: 14,
  MiscInfoStream: 15,
  MemoryInfoListStream: 16,
  ThreadInfoListStream: 17,
  HandleOperationListStream: 18,
  TokenStream: 19,
  JavaScriptDataStream: 20,
  SystemMemoryInfoStream: 21,
  ProcessVmCountersStream: 22,
  IptTraceStream: 23,
  ThreadNamesStream: 24,
  ceStreamNull: 0x8000,
  ceStreamSystemInfo: 0x8001,
  ceStreamException: 0x8002,
  ceStreamModuleList: 0x8003,
  ceStreamProcessList: 0x8004,
  ceStreamThreadList: 0x8005,
  ceStreamThreadContextList: 0x8006,
  ceStreamThreadCallStackList: 0x8007,
  ceStreamMemoryVirtualList: 0x8008,
  ceStreamMemoryPhysicalList: 0x8009,
  ceStreamBucketParameters: 0x800a,
  ceStreamProcessModuleMap: 0x800b,
  ceStreamDiagnosisList: 0x800c,
  LastReservedStream: 0xffff,
  BreakpadInfoStream: 0x47670001,
  BreakpadAssertionInfoStream: 0x47670002,
  BreakpadLinuxCpuInfo: 0x47670003,
  BreakpadLinuxProcStatus: 0x47670004,
  BreakpadLinuxLsbRelease: 0x47670005,
  BreakpadLinuxCmdLine: 0x47670006,
  BreakpadLinuxEnviron: 0x47670007,
  BreakpadLinuxAuxv: 0x47670008,
  BreakpadLinuxMaps: 0x47670009,
  BreakpadLinuxDsoDebug: 0x4767000a,
  CrashpadInfoStream: 0x43500001,
  ChromiumStabilityReportStream: 0x4b6b0002,
  MozMacosCrashInfoStream: 0x4d7a0001,
  MozMacosBootargsStream: 0x4d7a0002,
  MozLinuxLimits: 0x4d7a0003,
  MozSoftErrors: 0x4d7a0004,
} as const;

const NAMES = new Map<number, string>(Object.entries(MINIDUMP_STREAM_TYPE).map(([name, value]) => [value, name]));

/** Microsoft's (or the extension's) name of a stream type; unknown types are named by number. */
export function streamTypeName(type: number): string {
  return NAMES.get(type) ?? `UnknownStream(0x${type.toString(16)})`;
}

export function isKnownStreamType(type: number): boolean {
  return NAMES.has(type);
}
