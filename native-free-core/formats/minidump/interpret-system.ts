import type { Arch, SystemInfo } from '../../model/report';
import {
  type MINIDUMP_SYSTEM_INFO,
  PROCESSOR_ARCHITECTURE_AMD64,
  PROCESSOR_ARCHITECTURE_ARM64,
  PROCESSOR_ARCHITECTURE_ARM64_OLD,
  PROCESSOR_ARCHITECTURE_INTEL,
} from './raw';

const PLATFORMS: Record<number, string> = {
  0: 'Windows 3.1 (Win32s)',
  1: 'Windows 9x',
  2: 'Windows NT',
  3: 'Windows CE',
  0x8000: 'Unix',
  0x8101: 'macOS',
  0x8102: 'iOS',
  0x8201: 'Linux',
  0x8202: 'Solaris',
  0x8203: 'Android',
  0x8204: 'PS3',
  0x8205: 'Native Client',
  0x8206: 'Fuchsia',
};

export function archOf(processorArchitecture: number): Arch | undefined {
  switch (processorArchitecture) {
    case PROCESSOR_ARCHITECTURE_INTEL:
      return 'x86';
    case PROCESSOR_ARCHITECTURE_AMD64:
      return 'x64';
    case PROCESSOR_ARCHITECTURE_ARM64:
    case PROCESSOR_ARCHITECTURE_ARM64_OLD:
      return 'arm64';
    default:
      return undefined;
  }
}

function vendorOf(si: MINIDUMP_SYSTEM_INFO): string {
  let s = '';
  for (const word of si.Cpu.X86CpuInfo.VendorId) for (let i = 0; i < 4; i++) {
    const c = (word >>> (i * 8)) & 0xff;
    if (c < 0x20 || c > 0x7e) return '';
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Breakpad's CPU description: family = ProcessorLevel, model and stepping
 * from ProcessorRevision; the vendor string only exists in the x86 CPU info.
 */
export function cpuDescription(si: MINIDUMP_SYSTEM_INFO, arch: Arch | undefined): string | undefined {
  if (arch !== 'x86' && arch !== 'x64') return undefined;
  const model = (si.ProcessorRevision >> 8) & 0xff;
  const stepping = si.ProcessorRevision & 0xff;
  const vendor = arch === 'x86' ? vendorOf(si) : '';
  return `${vendor ? vendor + ' ' : ''}family ${si.ProcessorLevel} model ${model} stepping ${stepping}`;
}

export function interpretSystemInfo(si: MINIDUMP_SYSTEM_INFO, csdVersion: string | undefined): SystemInfo {
  const arch = archOf(si.ProcessorArchitecture);
  const out: SystemInfo = {
    osVersion: `${si.MajorVersion}.${si.MinorVersion}.${si.BuildNumber}`,
    osBuild: si.BuildNumber,
    processors: si.NumberOfProcessors,
  };
  if (arch) out.arch = arch;
  const product = PLATFORMS[si.PlatformId];
  if (product) out.osProduct = product;
  if (csdVersion) out.csdVersion = csdVersion;
  const cpu = cpuDescription(si, arch);
  if (cpu) out.cpu = cpu;
  return out;
}
