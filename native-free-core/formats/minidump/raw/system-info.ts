import type { StructReader } from '../../../io/struct-reader';

export const SIZEOF_MINIDUMP_SYSTEM_INFO = 56;

export const PROCESSOR_ARCHITECTURE_INTEL = 0;
export const PROCESSOR_ARCHITECTURE_ARM = 5;
export const PROCESSOR_ARCHITECTURE_IA64 = 6;
export const PROCESSOR_ARCHITECTURE_AMD64 = 9;
export const PROCESSOR_ARCHITECTURE_IA32_ON_WIN64 = 10;
export const PROCESSOR_ARCHITECTURE_ARM64 = 12;
/** Breakpad's pre-standard ARM64 value. */
export const PROCESSOR_ARCHITECTURE_ARM64_OLD = 0x8003;

export const VER_PLATFORM_WIN32_NT = 2;

export interface MINIDUMP_SYSTEM_INFO {
  ProcessorArchitecture: number;
  ProcessorLevel: number;
  ProcessorRevision: number;
  NumberOfProcessors: number;
  ProductType: number;
  MajorVersion: number;
  MinorVersion: number;
  BuildNumber: number;
  PlatformId: number;
  CSDVersionRva: number;
  SuiteMask: number;
  /** CPU_INFORMATION read as X86CpuInfo (x86) and as OtherCpuInfo (everything else). */
  Cpu: {
    X86CpuInfo: { VendorId: [number, number, number]; VersionInformation: number; FeatureInformation: number; AMDExtendedCpuFeatures: number };
    OtherCpuInfo: { ProcessorFeatures: [bigint, bigint] };
  };
}

export function readMINIDUMP_SYSTEM_INFO(r: StructReader): MINIDUMP_SYSTEM_INFO {
  return {
    ProcessorArchitecture: r.u16(0, 'ProcessorArchitecture'),
    ProcessorLevel: r.u16(2, 'ProcessorLevel'),
    ProcessorRevision: r.u16(4, 'ProcessorRevision'),
    NumberOfProcessors: r.u8(6, 'NumberOfProcessors'),
    ProductType: r.u8(7, 'ProductType'),
    MajorVersion: r.u32(8, 'MajorVersion'),
    MinorVersion: r.u32(12, 'MinorVersion'),
    BuildNumber: r.u32(16, 'BuildNumber'),
    PlatformId: r.u32(20, 'PlatformId'),
    CSDVersionRva: r.u32(24, 'CSDVersionRva'),
    SuiteMask: r.u16(28, 'SuiteMask'),
    Cpu: {
      X86CpuInfo: {
        VendorId: [r.u32(32, 'Cpu.VendorId[0]'), r.u32(36, 'Cpu.VendorId[1]'), r.u32(40, 'Cpu.VendorId[2]')],
        VersionInformation: r.u32(44, 'Cpu.VersionInformation'),
        FeatureInformation: r.u32(48, 'Cpu.FeatureInformation'),
        AMDExtendedCpuFeatures: r.u32(52, 'Cpu.AMDExtendedCpuFeatures'),
      },
      OtherCpuInfo: { ProcessorFeatures: [r.u64(32, 'Cpu.ProcessorFeatures[0]'), r.u64(40, 'Cpu.ProcessorFeatures[1]')] },
    },
  };
}
