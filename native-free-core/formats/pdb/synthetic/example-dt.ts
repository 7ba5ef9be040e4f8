/**
 * `dt` of _EXAMPLE, the structure that both the synthetic PDB (samplePdb)
 * and LLVM's tests/fixtures/pdb/sample.pdb define: two independent writers,
 * one expected layout.
 */
export function exampleDtLines(module: string): string[] {
  return [
    `${module}!_EXAMPLE`,
    '   +0x000 Links            : _LIST_ENTRY',
    '   +0x010 Kind             : Pos 0, 3 Bits',
    '   +0x010 Count            : Pos 3, 29 Bits',
    '   +0x014 Name             : [16] UChar',
    '   +0x024 Color            : _COLOR',
    '   +0x028 U                : <unnamed-tag>',
    '   +0x030 Stamp            : Uint8B',
    '   +0x038 Handler          : Ptr64 Void',
    '   +0x040 AllocatorBackTraceIndex : Uint2B',
  ];
}
