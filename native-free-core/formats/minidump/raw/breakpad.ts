import type { StructReader } from '../../../io/struct-reader';
import { type GUID, readGUID } from './codeview';
import { type MINIDUMP_LOCATION_DESCRIPTOR, readLocation } from './header';

/** Breakpad's MDRawBreakpadInfo (stream 0x47670001). */
export interface MINIDUMP_BREAKPAD_INFO {
  Validity: number;
  DumpThreadId: number;
  RequestingThreadId: number;
}
export const BREAKPAD_INFO_VALID_DUMP_THREAD_ID = 0x1;
export const BREAKPAD_INFO_VALID_REQUESTING_THREAD_ID = 0x2;

export function readMINIDUMP_BREAKPAD_INFO(r: StructReader): MINIDUMP_BREAKPAD_INFO {
  return { Validity: r.u32(0, 'Validity'), DumpThreadId: r.u32(4, 'DumpThreadId'), RequestingThreadId: r.u32(8, 'RequestingThreadId') };
}

/** Breakpad's MDRawAssertionInfo (stream 0x47670002): CRT invalid-parameter and pure-call reports. */
export interface MINIDUMP_ASSERTION_INFO {
  Expression: string;
  Function: string;
  File: string;
  Line: number;
  /** 0 unknown, 1 invalid parameter, 2 pure virtual call. */
  Type: number;
}
export const SIZEOF_MINIDUMP_ASSERTION_INFO = 776;

export function readMINIDUMP_ASSERTION_INFO(r: StructReader): MINIDUMP_ASSERTION_INFO {
  return {
    Expression: r.utf16(0, 256, 'Expression'),
    Function: r.utf16(256, 256, 'Function'),
    File: r.utf16(512, 256, 'File'),
    Line: r.u32(768, 'Line'),
    Type: r.u32(772, 'Type'),
  };
}

/** Crashpad's MinidumpCrashpadInfo (stream 0x43500001). */
export interface MINIDUMP_CRASHPAD_INFO {
  Version: number;
  ReportId: GUID;
  ClientId: GUID;
  SimpleAnnotations: MINIDUMP_LOCATION_DESCRIPTOR;
  ModuleList: MINIDUMP_LOCATION_DESCRIPTOR;
}
export const SIZEOF_MINIDUMP_CRASHPAD_INFO = 52;

export function readMINIDUMP_CRASHPAD_INFO(r: StructReader): MINIDUMP_CRASHPAD_INFO {
  return {
    Version: r.u32(0, 'Version'),
    ReportId: readGUID(r, 4, 'ReportId'),
    ClientId: readGUID(r, 20, 'ClientId'),
    SimpleAnnotations: readLocation(r, 36, 'SimpleAnnotations'),
    ModuleList: readLocation(r, 44, 'ModuleList'),
  };
}

/** Crashpad's MinidumpModuleCrashpadInfoLink: per-module annotations, by ModuleList index. */
export interface MINIDUMP_MODULE_CRASHPAD_INFO_LINK {
  MinidumpModuleListIndex: number;
  Location: MINIDUMP_LOCATION_DESCRIPTOR;
}
export const SIZEOF_MINIDUMP_MODULE_CRASHPAD_INFO_LINK = 12;

export function readMINIDUMP_MODULE_CRASHPAD_INFO_LINK(r: StructReader, at: number): MINIDUMP_MODULE_CRASHPAD_INFO_LINK {
  return { MinidumpModuleListIndex: r.u32(at, 'MinidumpModuleListIndex'), Location: readLocation(r, at + 4, 'Location') };
}

/** Crashpad's MinidumpModuleCrashpadInfo (version 1). */
export interface MINIDUMP_MODULE_CRASHPAD_INFO {
  Version: number;
  ListAnnotations: MINIDUMP_LOCATION_DESCRIPTOR;
  SimpleAnnotations: MINIDUMP_LOCATION_DESCRIPTOR;
}
export const SIZEOF_MINIDUMP_MODULE_CRASHPAD_INFO = 20;

export function readMINIDUMP_MODULE_CRASHPAD_INFO(r: StructReader): MINIDUMP_MODULE_CRASHPAD_INFO {
  return { Version: r.u32(0, 'Version'), ListAnnotations: readLocation(r, 4, 'ListAnnotations'), SimpleAnnotations: readLocation(r, 12, 'SimpleAnnotations') };
}
