import type { StructReader } from '../../../io/struct-reader';

/** SizeOfInfo of each MINIDUMP_MISC_INFO version. */
export const SIZEOF_MINIDUMP_MISC_INFO = 24;
export const SIZEOF_MINIDUMP_MISC_INFO_2 = 44;
export const SIZEOF_MINIDUMP_MISC_INFO_3 = 232;
export const SIZEOF_MINIDUMP_MISC_INFO_4 = 832;
export const SIZEOF_MINIDUMP_MISC_INFO_5 = 1364;

export const MINIDUMP_MISC1_PROCESS_ID = 0x1;
export const MINIDUMP_MISC1_PROCESS_TIMES = 0x2;
export const MINIDUMP_MISC1_PROCESSOR_POWER_INFO = 0x4;
export const MINIDUMP_MISC3_PROCESS_INTEGRITY = 0x10;
export const MINIDUMP_MISC3_PROCESS_EXECUTE_FLAGS = 0x20;
export const MINIDUMP_MISC3_TIMEZONE = 0x40;
export const MINIDUMP_MISC3_PROTECTED_PROCESS = 0x80;
export const MINIDUMP_MISC4_BUILDSTRING = 0x100;
export const MINIDUMP_MISC5_PROCESS_COOKIE = 0x200;

export interface TIME_ZONE_INFORMATION {
  Bias: number;
  StandardName: string;
  StandardBias: number;
  DaylightName: string;
  DaylightBias: number;
}

/** MINIDUMP_MISC_INFO .. MINIDUMP_MISC_INFO_5; later fields exist only when SizeOfInfo covers them. */
export interface MINIDUMP_MISC_INFO_N {
  SizeOfInfo: number;
  Flags1: number;
  ProcessId: number;
  ProcessCreateTime: number;
  ProcessUserTime: number;
  ProcessKernelTime: number;
  ProcessorMaxMhz?: number;
  ProcessorCurrentMhz?: number;
  ProcessorMhzLimit?: number;
  ProcessorMaxIdleState?: number;
  ProcessorCurrentIdleState?: number;
  ProcessIntegrityLevel?: number;
  ProcessExecuteFlags?: number;
  ProtectedProcess?: number;
  TimeZoneId?: number;
  TimeZone?: TIME_ZONE_INFORMATION;
  BuildString?: string;
  DbgBldStr?: string;
  /** XSTATE_CONFIG_FEATURE_MSC_INFO; Features lists the enabled ones by feature number. */
  XStateData?: { SizeOfInfo: number; ContextSize: number; EnabledFeatures: bigint; Features: Array<{ Index: number; Offset: number; Size: number }> };
  ProcessCookie?: number;
}

/** Reads as much of the structure as both SizeOfInfo and the stream size allow. */
export function readMINIDUMP_MISC_INFO_N(r: StructReader): MINIDUMP_MISC_INFO_N {
  const size = Math.min(r.u32(0, 'SizeOfInfo'), r.length);
  const info: MINIDUMP_MISC_INFO_N = {
    SizeOfInfo: r.u32(0, 'SizeOfInfo'),
    Flags1: r.u32(4, 'Flags1'),
    ProcessId: r.u32(8, 'ProcessId'),
    ProcessCreateTime: r.u32(12, 'ProcessCreateTime'),
    ProcessUserTime: r.u32(16, 'ProcessUserTime'),
    ProcessKernelTime: r.u32(20, 'ProcessKernelTime'),
  };
  if (size >= SIZEOF_MINIDUMP_MISC_INFO_2) {
    info.ProcessorMaxMhz = r.u32(24, 'ProcessorMaxMhz');
    info.ProcessorCurrentMhz = r.u32(28, 'ProcessorCurrentMhz');
    info.ProcessorMhzLimit = r.u32(32, 'ProcessorMhzLimit');
    info.ProcessorMaxIdleState = r.u32(36, 'ProcessorMaxIdleState');
    info.ProcessorCurrentIdleState = r.u32(40, 'ProcessorCurrentIdleState');
  }
  if (size >= SIZEOF_MINIDUMP_MISC_INFO_3) {
    info.ProcessIntegrityLevel = r.u32(44, 'ProcessIntegrityLevel');
    info.ProcessExecuteFlags = r.u32(48, 'ProcessExecuteFlags');
    info.ProtectedProcess = r.u32(52, 'ProtectedProcess');
    info.TimeZoneId = r.u32(56, 'TimeZoneId');
    // TIME_ZONE_INFORMATION: Bias, StandardName[32], StandardDate, StandardBias, DaylightName[32], DaylightDate, DaylightBias.
    info.TimeZone = {
      Bias: r.i32(60, 'TimeZone.Bias'),
      StandardName: r.utf16(64, 64, 'TimeZone.StandardName'),
      StandardBias: r.i32(144, 'TimeZone.StandardBias'),
      DaylightName: r.utf16(148, 64, 'TimeZone.DaylightName'),
      DaylightBias: r.i32(228, 'TimeZone.DaylightBias'),
    };
  }
  if (size >= SIZEOF_MINIDUMP_MISC_INFO_4) {
    info.BuildString = r.utf16(232, 520, 'BuildString');
    info.DbgBldStr = r.utf16(752, 80, 'DbgBldStr');
  }
  if (size >= SIZEOF_MINIDUMP_MISC_INFO_5) {
    const enabled = r.u64(840, 'XStateData.EnabledFeatures');
    const features: Array<{ Index: number; Offset: number; Size: number }> = [];
    for (let i = 0; i < 64; i++) {
      if (enabled & (1n << BigInt(i))) features.push({ Index: i, Offset: r.u32(848 + i * 8, `XStateData.Features[${i}].Offset`), Size: r.u32(852 + i * 8, `XStateData.Features[${i}].Size`) });
    }
    info.XStateData = { SizeOfInfo: r.u32(832, 'XStateData.SizeOfInfo'), ContextSize: r.u32(836, 'XStateData.ContextSize'), EnabledFeatures: enabled, Features: features };
    info.ProcessCookie = r.u32(1360, 'ProcessCookie');
  }
  return info;
}
