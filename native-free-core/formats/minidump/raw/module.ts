import type { StructReader } from '../../../io/struct-reader';
import { type MINIDUMP_LOCATION_DESCRIPTOR, readLocation } from './header';

export const SIZEOF_MINIDUMP_MODULE = 108;
export const SIZEOF_MINIDUMP_UNLOADED_MODULE = 24;
export const VS_FFI_SIGNATURE = 0xfeef04bd;

export interface VS_FIXEDFILEINFO {
  dwSignature: number;
  dwStrucVersion: number;
  dwFileVersionMS: number;
  dwFileVersionLS: number;
  dwProductVersionMS: number;
  dwProductVersionLS: number;
  dwFileFlagsMask: number;
  dwFileFlags: number;
  dwFileOS: number;
  dwFileType: number;
  dwFileSubtype: number;
  dwFileDateMS: number;
  dwFileDateLS: number;
}

export interface MINIDUMP_MODULE {
  BaseOfImage: bigint;
  SizeOfImage: number;
  CheckSum: number;
  TimeDateStamp: number;
  ModuleNameRva: number;
  VersionInfo: VS_FIXEDFILEINFO;
  CvRecord: MINIDUMP_LOCATION_DESCRIPTOR;
  MiscRecord: MINIDUMP_LOCATION_DESCRIPTOR;
}

export interface MINIDUMP_UNLOADED_MODULE {
  BaseOfImage: bigint;
  SizeOfImage: number;
  CheckSum: number;
  TimeDateStamp: number;
  ModuleNameRva: number;
}

export function readVS_FIXEDFILEINFO(r: StructReader, at: number): VS_FIXEDFILEINFO {
  const f = (i: number, name: string) => r.u32(at + i * 4, `VersionInfo.${name}`);
  return {
    dwSignature: f(0, 'dwSignature'),
    dwStrucVersion: f(1, 'dwStrucVersion'),
    dwFileVersionMS: f(2, 'dwFileVersionMS'),
    dwFileVersionLS: f(3, 'dwFileVersionLS'),
    dwProductVersionMS: f(4, 'dwProductVersionMS'),
    dwProductVersionLS: f(5, 'dwProductVersionLS'),
    dwFileFlagsMask: f(6, 'dwFileFlagsMask'),
    dwFileFlags: f(7, 'dwFileFlags'),
    dwFileOS: f(8, 'dwFileOS'),
    dwFileType: f(9, 'dwFileType'),
    dwFileSubtype: f(10, 'dwFileSubtype'),
    dwFileDateMS: f(11, 'dwFileDateMS'),
    dwFileDateLS: f(12, 'dwFileDateLS'),
  };
}

export function readMINIDUMP_MODULE(r: StructReader, at: number): MINIDUMP_MODULE {
  return {
    BaseOfImage: r.u64(at, 'BaseOfImage'),
    SizeOfImage: r.u32(at + 8, 'SizeOfImage'),
    CheckSum: r.u32(at + 12, 'CheckSum'),
    TimeDateStamp: r.u32(at + 16, 'TimeDateStamp'),
    ModuleNameRva: r.u32(at + 20, 'ModuleNameRva'),
    VersionInfo: readVS_FIXEDFILEINFO(r, at + 24),
    CvRecord: readLocation(r, at + 76, 'CvRecord'),
    MiscRecord: readLocation(r, at + 84, 'MiscRecord'),
  };
}

export function readMINIDUMP_UNLOADED_MODULE(r: StructReader, at: number): MINIDUMP_UNLOADED_MODULE {
  return {
    BaseOfImage: r.u64(at, 'BaseOfImage'),
    SizeOfImage: r.u32(at + 8, 'SizeOfImage'),
    CheckSum: r.u32(at + 12, 'CheckSum'),
    TimeDateStamp: r.u32(at + 16, 'TimeDateStamp'),
    ModuleNameRva: r.u32(at + 20, 'ModuleNameRva'),
  };
}
