import { hex } from '../../model/hex';
import type { ModuleInfo } from '../../model/report';
import type { OpenedKernelMemory } from './open-memory';

/** The triage driver list as modules: name from the string pool, base, size, timestamp and checksum from the LdrEntry copy. */
export function driverModules(opened: OpenedKernelMemory): ModuleInfo[] {
  const t = opened.triage!;
  return t.drivers.map((d, i) => {
    const path = d.DriverName ?? undefined;
    const m: ModuleInfo = {
      name: path ? path.split('\\').pop()! : `driver_${i}`,
      base: hex(d.DllBase),
      size: hex(d.SizeOfImage),
      timestamp: d.TimeDateStamp,
      checksum: hex(d.CheckSum),
      provenance: { source: 'header', detail: `TRIAGE_DUMP${t.header.bits} driver list [${i}] (DUMP_DRIVER_ENTRY${t.header.bits})` },
    };
    if (path) m.path = path;
    return m;
  });
}

/** Unloaded drivers (name cut to 12 characters by Windows), marked unloaded. */
export function unloadedModules(opened: OpenedKernelMemory): ModuleInfo[] {
  const t = opened.triage!;
  return t.unloadedDrivers.map((d, i) => ({
    name: d.Name || `unloaded_${i}`,
    base: hex(d.StartAddress),
    size: hex(d.EndAddress > d.StartAddress ? d.EndAddress - d.StartAddress : 0n),
    unloaded: true,
    provenance: { source: 'header', detail: `TRIAGE_DUMP${t.header.bits}.UnloadedDriversOffset [${i}] (DUMP_UNLOADED_DRIVERS${t.header.bits})` },
  }));
}

