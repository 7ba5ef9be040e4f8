import type { Arch } from '../../model/report';
import { MACHINE_AMD64, MACHINE_ARM64, MACHINE_I386 } from './kernel-memory';

export function archOf(machineImageType: number): Arch | undefined {
  if (machineImageType === MACHINE_AMD64) return 'x64';
  if (machineImageType === MACHINE_I386) return 'x86';
  if (machineImageType === MACHINE_ARM64) return 'arm64';
  return undefined;
}

/** Kernel builds before Windows 10 and the NT version each shipped as. */
const LEGACY_BUILDS: [number, number, string][] = [
  [2195, 2195, '5.0'],
  [2600, 2600, '5.1'],
  [3790, 3790, '5.2'],
  [6000, 6003, '6.0'],
  [7600, 7601, '6.1'],
  [9200, 9200, '6.2'],
  [9600, 9600, '6.3'],
];

/**
 * "10.0.<build>" style version from the header's MajorVersion (0xf free build,
 * 0xc checked build) and MinorVersion (the build number); undefined when the
 * build does not say.
 */
export function osVersionOf(majorVersion: number, build: number): string | undefined {
  if (majorVersion !== 0xf && majorVersion !== 0xc) return undefined;
  if (build >= 10240 && build < 100000) return `10.0.${build}`;
  for (const [lo, hi, v] of LEGACY_BUILDS) if (build >= lo && build <= hi) return `${v}.${build}`;
  return undefined;
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;
const PAGE_QWORD = 0x4547415045474150n;

/** FILETIME (100 ns since 1601) to ISO 8601, or undefined when the value is unset or out of range. */
export function filetimeToIso(ft: bigint): string | undefined {
  if (ft === 0n || ft === PAGE_QWORD) return undefined;
  const ms = (ft - FILETIME_UNIX_EPOCH) / 10000n;
  const n = Number(ms);
  if (!Number.isFinite(n) || n < -11644473600000 || n > 253402300799000) return undefined;
  return new Date(n).toISOString();
}

/** SystemUpTime (100 ns units) in seconds, or undefined when unset. */
export function upTimeSeconds(t: bigint): number | undefined {
  if (t === PAGE_QWORD || t >= 1n << 62n) return undefined;
  return Number(t / 10000000n);
}

export function productTypeName(t: number): string | undefined {
  return t === 1 ? 'WinNt' : t === 2 ? 'LanManNt' : t === 3 ? 'ServerNt' : undefined;
}
