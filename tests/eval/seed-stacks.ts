/**
 * The two seed crashes' stacks as WinDbg shows them (corpus/seed), typed in
 * by hand from crash1-analyze.txt STACK_TEXT and crash2-stack.txt `k`.
 * Tests use them where the transcript importer is not wanted.
 */
export const SEED_CRASH1_CALL_SITES = [
  'fltmgr!TreeUnlinkMulti+0x51',
  'fltmgr!FltpPerformPreCallbacks+0x730',
  'fltmgr!FltpPassThrough+0x2d9',
  'fltmgr!FltpDispatch+0xb7',
  'nt!IopDeleteFile+0x11e',
  'nt!ObfDereferenceObject+0xd4',
  'nt!IopParseDevice+0xe86',
  'nt!ObpLookupObjectName+0x585',
  'nt!ObOpenObjectByName+0x1cd',
  'nt!NtQueryFullAttributesFile+0x14f',
  'nt!KiSystemServiceCopyEnd+0x13',
  '0x77320eba',
];

export const SEED_CRASH2_CALL_SITES = [
  'nt!KeBugCheckEx',
  "nt! ?? ::FNODOBFM::`string'+0x40edb",
  'nt!KiPageFault+0x16e',
  'nt!RtlDeleteNoSplay+0x2a',
  'fltmgr!TreeUnlinkNoBalance+0x13',
  'fltmgr!TreeUnlinkMulti+0x148',
  'fltmgr!DeleteNameCacheNodes+0x9f',
  'fltmgr!PurgeStreamNameCache+0x8e',
  'fltmgr!FltpPurgeVolumeNameCache+0x7f',
  "fltmgr! ?? ::NNGAKEGL::`string'+0x1a04",
  'fltmgr!FltpReinstateNameCachingAllFrames+0x4b',
  'fltmgr!FltpPassThroughCompletion+0x8a',
  'nt!IopfCompleteRequest+0x3a6',
  'Ntfs!NtfsExtendedCompleteRequestInternal+0x110',
  'Ntfs!NtfsCommonSetInformation+0xef1',
  'Ntfs!NtfsFsdSetInformation+0x11c',
  'fltmgr!FltpLegacyProcessingAfterPreCallbacksCompleted+0x24f',
  'fltmgr!FltpDispatch+0xcf',
  'nt!NtSetInformationFile+0x909',
  'nt!KiSystemServiceCopyEnd+0x13',
];
