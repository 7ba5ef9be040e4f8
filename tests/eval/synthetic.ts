/**
 * Synthetic crash stacks for the evaluation and the benchmark, from a seeded
 * generator: a "bug" is a path from a driver's faulting function down
 * through the I/O manager to a system entry point; a "case" is one crash of
 * a bug, varied the ways real crashes of one bug vary.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Kernel paths shared by many bugs: the reason frames common across the library must weigh less. */
const MIDDLE_PATHS = [
  ['fltmgr!FltpPerformPreCallbacks', 'fltmgr!FltpPassThrough', 'fltmgr!FltpDispatch', 'nt!IofCallDriver'],
  ['fltmgr!FltpLegacyProcessingAfterPreCallbacksCompleted', 'fltmgr!FltpDispatch', 'nt!IopSynchronousServiceTail'],
  ['Ntfs!NtfsCommonCreate', 'Ntfs!NtfsFsdCreate', 'fltmgr!FltpCreate', 'nt!IopParseDevice', 'nt!ObpLookupObjectName', 'nt!ObOpenObjectByName', 'nt!IopCreateFile'],
  ['nt!IopfCompleteRequest', 'Ntfs!NtfsExtendedCompleteRequestInternal', 'Ntfs!NtfsCommonSetInformation', 'Ntfs!NtfsFsdSetInformation'],
  ['nt!KiTimerListExpire', 'nt!KiTimerExpiration', 'nt!KiRetireDpcList'],
  ['ndis!ndisMIndicateNetBufferListsToOpen', 'ndis!NdisMIndicateReceiveNetBufferLists', 'tcpip!FlReceiveNetBufferListChain'],
  ['nt!ExpWorkerThread', 'nt!PspSystemThreadStartup'],
  ['win32kbase!xxxDispatchMessage', 'win32kfull!NtUserDispatchMessage'],
];

const ENTRIES = [
  ['nt!NtQueryFullAttributesFile', 'nt!KiSystemServiceCopyEnd'],
  ['nt!NtSetInformationFile', 'nt!KiSystemServiceCopyEnd'],
  ['nt!NtCreateFile', 'nt!KiSystemServiceCopyEnd'],
  ['nt!NtDeviceIoControlFile', 'nt!KiSystemServiceCopyEnd'],
  ['nt!KiStartSystemThread'],
  ['nt!KiIdleLoop'],
];

const DRIVERS = ['fltmgr', 'Ntfs', 'tcpip', 'ndis', 'usbport', 'storport', 'nvlddmkm', 'mydrv', 'avfilter', 'wdf01000', 'netio', 'afd', 'dxgkrnl', 'volsnap', 'classpnp'];
const VERBS = ['Unlink', 'Insert', 'Delete', 'Purge', 'Query', 'Complete', 'Process', 'Dispatch', 'Lookup', 'Release', 'Acquire', 'Free', 'Alloc', 'Flush', 'Cancel'];
const NOUNS = ['NameCache', 'Stream', 'Context', 'Irp', 'Buffer', 'Tree', 'Node', 'List', 'Volume', 'Request', 'Packet', 'Queue', 'Timer', 'Device', 'Entry'];
const CODES = ['0x3b', '0x50', '0x7e', '0xd1', '0xa', '0x1e', '0x19', '0xc2', '0x9f', '0x133'];

export interface SyntheticBug {
  id: number;
  frames: string[];
  code: string;
}

/**
 * Bugs come in families that share a driver and its inner functions, so
 * that the nearest wrong answer is a sibling: the same faulting function
 * faulting in another function of the same driver, reached through the
 * same inner functions (a bug is identified by its faulting function chain).
 */
export function makeBugs(count: number, seed: number): SyntheticBug[] {
  const r = prng(seed);
  const bugs: SyntheticBug[] = [];
  const seen = new Set<string>();
  const fn = (driver: string) => `${driver}!${pick(r, VERBS)}${pick(r, NOUNS)}${Math.floor(r() * 40)}`;
  while (bugs.length < count) {
    const driver = pick(r, DRIVERS);
    const shared = Array.from({ length: 1 + Math.floor(r() * 3) }, () => fn(driver));
    const siblings = 2 + Math.floor(r() * 3);
    const code = pick(r, CODES);
    for (let k = 0; k < siblings && bugs.length < count; k++) {
      const own = Array.from({ length: 1 + Math.floor(r() * 2) }, () => fn(driver));
      const frames = [...own, ...shared, ...pick(r, MIDDLE_PATHS), ...pick(r, ENTRIES)];
      const key = frames.join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      bugs.push({ id: bugs.length, frames, code: r() < 0.8 ? code : pick(r, CODES) });
    }
  }
  return bugs;
}

/** Kernel routines a driver calls, none of them in a corpus stack (so no variation borrows a real crash's frame). */
const KERNEL_CALLEES = ['nt!ExFreePoolWithTag', 'nt!KeAcquireSpinLockRaiseToDpc', 'nt!RtlCompareUnicodeString', 'nt!ExAcquireResourceExclusiveLite', 'nt!RtlLookupElementGenericTableAvl'];

export type Variation = 'offsets' | 'deeper-fault' | 'other-fault-point' | 'inlined' | 'extra-frames' | 'missing-frames' | 'other-build' | 'bugcheck-frames' | 'outlined-chunk';
export const VARIATIONS: readonly Variation[] = ['offsets', 'deeper-fault', 'other-fault-point', 'inlined', 'extra-frames', 'missing-frames', 'other-build', 'bugcheck-frames', 'outlined-chunk'];

const offset = (r: () => number) => '+0x' + Math.floor(r() * 0x2000).toString(16);

/**
 * One crash of a stack (call sites with offsets), varied as crashes of one
 * bug vary: other offsets, a frame inlined away (or the reverse), extra or
 * missing frames at the bottom, a fault one or two calls deeper (a different caller), another build (kernel
 * image renamed, x86 decoration, module upper case), bugcheck and trap
 * frames on top, an outlined `?? ::FNODOBFM::` chunk in between.
 */
export function vary(frames: readonly string[], variations: readonly Variation[], r: () => number): string[] {
  let out = frames.map((f) => f);
  for (const v of variations) {
    switch (v) {
      case 'inlined': {
        if (out.length > 2) {
          const i = 1 + Math.floor(r() * (out.length - 2));
          if (r() < 0.5) out.splice(i, 1);
          else out.splice(i, 0, out[i]!.split('!')[0] + '!Inline' + pick(r, NOUNS));
        }
        break;
      }
      case 'extra-frames': {
        const extra = 1 + Math.floor(r() * 3);
        const at = Math.max(0, out.length - 1 - Math.floor(r() * 2));
        for (let k = 0; k < extra; k++) out.splice(at, 0, `nt!${pick(r, VERBS)}${pick(r, NOUNS)}Helper`);
        break;
      }
      case 'missing-frames': {
        const drop = 1 + Math.floor(r() * Math.min(3, Math.max(1, out.length - 3)));
        out = out.slice(0, Math.max(2, out.length - drop));
        break;
      }
      case 'other-build':
        out = out.map((f) => {
          if (!f.includes('!')) return f;
          const [m, fn] = f.split('!') as [string, string];
          const mod = m === 'nt' ? 'ntkrnlmp' : r() < 0.5 ? m.toUpperCase() : m + '.sys';
          return `${mod}!${r() < 0.3 ? '_' + fn + '@' + 4 * Math.floor(1 + r() * 4) : fn}`;
        });
        break;
      case 'bugcheck-frames':
        out = ['nt!KeBugCheckEx', r() < 0.5 ? 'nt!KiPageFault' : 'nt!KiGeneralProtectionFault', ...out];
        break;
      case 'outlined-chunk': {
        const i = Math.floor(r() * out.length);
        out.splice(i, 0, `${out[i]!.split('!')[0]}! ?? ::FNODOBFM::\`string'`);
        break;
      }
      case 'deeper-fault': {
        // the same bug faulting one or two calls further in (the seed pair's situation)
        const driver = out[0]!.split('!')[0]!;
        const callees = KERNEL_CALLEES;
        const n = 1 + Math.floor(r() * 2);
        for (let k = 0; k < n; k++) out.unshift(r() < 0.5 ? pick(r, callees) : `${driver}!${pick(r, VERBS)}${pick(r, NOUNS)}Internal`);
        break;
      }
      case 'other-fault-point': {
        // the faulting function itself is gone: the crash hit a callee of its caller
        const driver = out[0]!.split('!')[0]!;
        out = [r() < 0.5 ? pick(r, KERNEL_CALLEES) : `${driver}!${pick(r, VERBS)}${pick(r, NOUNS)}Internal`, ...out.slice(1)];
        break;
      }
      case 'offsets':
        break;
    }
  }
  return out.map((f) => f + offset(r));
}
