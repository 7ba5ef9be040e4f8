import { parseHex } from '../model/hex';
import type { ModuleInfo } from '../model/report';

export interface MappedModule {
  info: ModuleInfo;
  base: bigint;
  end: bigint;
}

/** Loaded modules sorted by base, for "which module holds this address". Unloaded modules are left out. */
export class ModuleMap {
  readonly modules: MappedModule[];
  constructor(modules: readonly ModuleInfo[]) {
    const list: MappedModule[] = [];
    for (const info of modules) {
      if (info.unloaded) continue;
      try {
        const base = parseHex(info.base);
        const size = parseHex(info.size);
        if (size > 0n) list.push({ info, base, end: base + size });
      } catch {
        // a module with an unreadable base or size cannot hold addresses
      }
    }
    list.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    this.modules = list;
  }

  find(address: bigint): MappedModule | undefined {
    const m = this.modules;
    let lo = 0, hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (m[mid]!.base <= address) lo = mid + 1;
      else hi = mid;
    }
    const c = m[lo - 1];
    return c && address < c.end ? c : undefined;
  }
}

/** Module name as WinDbg prints it before '!': the image name without its extension. */
export function windbgModuleName(name: string): string {
  const i = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
  const base = name.slice(i + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  // WinDbg calls every kernel image build "nt" (ntoskrnl, ntkrnlmp, ntkrnlpa, ntkrpamp).
  return KERNEL_IMAGE.test(stem) ? 'nt' : stem;
}

const KERNEL_IMAGE = /^(ntoskrnl|ntkrnlmp|ntkrnlpa|ntkrpamp)$/i;

/** Image file name without directories, as Breakpad prints it (test_app.exe). */
export function imageFileName(name: string): string {
  const i = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
  return name.slice(i + 1);
}
