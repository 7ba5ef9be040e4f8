/**
 * CONTEXT.ContextFlags: the high bits name the CPU, the low bits say which
 * register groups the writer filled in (winnt.h values).
 */
export const CONTEXT_CPU_X86 = 0x00010000;
export const CONTEXT_CPU_AMD64 = 0x00100000;
export const CONTEXT_CPU_ARM64 = 0x00400000;
/** Breakpad's ARM64 context before Microsoft's layout existed (64-bit ContextFlags, other field order). */
export const CONTEXT_CPU_ARM64_OLD = 0x80000000;
export const CONTEXT_CPU_MASK = 0xffffff00;

/** Group bits shared by x86 and AMD64. */
export const CONTEXT_CONTROL = 0x1;
export const CONTEXT_INTEGER = 0x2;
export const CONTEXT_SEGMENTS = 0x4;
export const CONTEXT_FLOATING_POINT = 0x8;
export const CONTEXT_DEBUG_REGISTERS = 0x10;
/** x86 only: FXSAVE area in ExtendedRegisters. */
export const CONTEXT_X86_EXTENDED_REGISTERS = 0x20;
/** CONTEXT_XSTATE (both CPUs): the CONTEXT is followed by a CONTEXT_EX and an XSAVE area. */
export const CONTEXT_AMD64_XSTATE = 0x40;
export const CONTEXT_X86_XSTATE = 0x40;
/** AMD64 CONTEXT_KERNEL_CET. */
export const CONTEXT_AMD64_KERNEL_CET = 0x80;

/** ARM64 group bits (they differ from x86: there are no segments). */
export const CONTEXT_ARM64_CONTROL = 0x1;
export const CONTEXT_ARM64_INTEGER = 0x2;
export const CONTEXT_ARM64_FLOATING_POINT = 0x4;
export const CONTEXT_ARM64_DEBUG_REGISTERS = 0x8;
export const CONTEXT_ARM64_X18 = 0x10;

/** Sizes of the fixed CONTEXT records (the XSTATE extension follows them). */
export const SIZEOF_CONTEXT_X86 = 0x2cc;
export const SIZEOF_CONTEXT_X86_NO_EXTENDED = 0xcc;
export const SIZEOF_CONTEXT_AMD64 = 0x4d0;
export const SIZEOF_CONTEXT_ARM64 = 0x390;

/** Names of the group bits that are set, for display. */
export function contextFlagNames(flags: number, arch: 'x86' | 'x64' | 'arm64'): string[] {
  const names: string[] = [];
  const groups: Array<[number, string]> =
    arch === 'arm64'
      ? [
          [CONTEXT_ARM64_CONTROL, 'CONTROL'],
          [CONTEXT_ARM64_INTEGER, 'INTEGER'],
          [CONTEXT_ARM64_FLOATING_POINT, 'FLOATING_POINT'],
          [CONTEXT_ARM64_DEBUG_REGISTERS, 'DEBUG_REGISTERS'],
          [CONTEXT_ARM64_X18, 'X18'],
        ]
      : [
          [CONTEXT_CONTROL, 'CONTROL'],
          [CONTEXT_INTEGER, 'INTEGER'],
          [CONTEXT_SEGMENTS, 'SEGMENTS'],
          [CONTEXT_FLOATING_POINT, 'FLOATING_POINT'],
          [CONTEXT_DEBUG_REGISTERS, 'DEBUG_REGISTERS'],
          ...(arch === 'x86'
            ? ([
                [CONTEXT_X86_EXTENDED_REGISTERS, 'EXTENDED_REGISTERS'],
                [CONTEXT_X86_XSTATE, 'XSTATE'],
              ] as Array<[number, string]>)
            : ([
                [CONTEXT_AMD64_XSTATE, 'XSTATE'],
                [CONTEXT_AMD64_KERNEL_CET, 'KERNEL_CET'],
              ] as Array<[number, string]>)),
        ];
  for (const [bit, name] of groups) if (flags & bit) names.push(name);
  return names;
}
