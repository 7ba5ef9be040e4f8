import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyReport, type CrashReport } from '../../native-free-core/model/report';

export const CORPUS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/corpus');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `crashbench-${prefix}-`));
}

const MODULES = ['fltmgr', 'ntfs', 'tcpip', 'ndis', 'nvlddmkm', 'storport', 'usbport', 'win32kbase', 'dxgkrnl', 'afd', 'netio', 'volmgr'];
const FUNCTIONS = ['TreeUnlinkMulti', 'FltpPerformPreCallbacks', 'NtfsCommonRead', 'TcpReceive', 'NdisMIndicateReceive', 'DpcRoutine', 'StorPortNotification', 'WorkerThread'];
const CODES: [string, string][] = [
  ['0x3b', 'SYSTEM_SERVICE_EXCEPTION'],
  ['0x50', 'PAGE_FAULT_IN_NONPAGED_AREA'],
  ['0xd1', 'DRIVER_IRQL_NOT_LESS_OR_EQUAL'],
  ['0x1000007e', 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M'],
  ['0x9f', 'DRIVER_POWER_STATE_FAILURE'],
  ['0xa', 'IRQL_NOT_LESS_OR_EQUAL'],
  ['0x133', 'DPC_WATCHDOG_VIOLATION'],
];
// Callers below the faulting frame: a few hundred names, as in a real library where most functions occur in few crashes.
const PREFIXES = ['Io', 'Ke', 'Ki', 'Mm', 'Ob', 'Ps', 'Ex', 'Fs', 'Cc', 'Po', 'Wmi', 'Ndis', 'Tcp', 'Usb', 'Stor', 'Vol', 'Dxg', 'Afd', 'Flt', 'Nt'];
const VERBS = ['CallDriver', 'WaitForObject', 'AllocatePool', 'FreePool', 'CompleteRequest', 'QueueWorkItem', 'DispatchIrp', 'ReadFile', 'WriteFile', 'CloseHandle', 'CreateSection', 'MapView', 'UnmapView', 'FlushCache', 'AcquireLock', 'ReleaseLock', 'InsertQueue', 'RemoveQueue', 'SetEvent', 'TimerDpc'];
const WORDS = ['race', 'pool', 'corruption', 'bitflip', 'splay', 'irql', 'dpc', 'timer', 'refcount', 'lookaside', 'unload', 'power'];

/** A deterministic pseudo-random kernel crash report, varied enough for filters, sorting and full-text search. */
export function syntheticReport(i: number): CrashReport {
  const r = emptyReport('kernel-dump', i % 5 === 0 ? 'full' : 'triage');
  const [code, name] = CODES[i % CODES.length]!;
  const module = MODULES[(i * 7) % MODULES.length]!;
  const fn = FUNCTIONS[(i * 3) % FUNCTIONS.length]!;
  const offset = `0x${((i * 37) % 0x400).toString(16)}`;
  r.system = { arch: i % 11 === 10 ? 'x86' : 'x64', osBuild: [7601, 9600, 17763, 19041, 22621][i % 5], processors: 4 };
  r.bugcheck = { code, name, args: ['0xc0000005', `0xfffff880${(0x106f141 + i).toString(16).padStart(8, '0')}`, '0xfffff88002f5e8a0', '0x0'] };
  r.crashTime = new Date(Date.UTC(2023, 0, 1) + i * 3_600_000 * 7).toISOString();
  r.process = i % 3 === 0 ? 'System' : `svc${i % 17}.exe`;
  r.stack = Array.from({ length: 12 }, (_, k) => ({
    index: k,
    address: `0xfffff880${(0x1000000 + i * 16 + k).toString(16).padStart(8, '0')}`,
    module: k === 0 ? module : MODULES[mix(i, k) % MODULES.length]!,
    function: k === 0 ? fn : `${PREFIXES[mix(i, k + 50) % PREFIXES.length]!}${VERBS[mix(i, k + 99) % VERBS.length]!}`,
    offset: `0x${(k * 17).toString(16)}`,
    trust: k === 0 ? ('context' as const) : ('cfi' as const),
  }));
  r.modules = MODULES.map((m, k) => ({ name: `${m}.sys`, base: `0xfffff880${(k * 0x100000).toString(16).padStart(8, '0')}`, size: '0x80000' }));
  r.findings = [
    {
      id: `finding-${i % 4}`,
      kind: i % 2 ? 'register-memory-mismatch' : 'non-canonical-pointer',
      severity: 'high',
      text: `${WORDS[i % WORDS.length]} suspected in ${module}!${fn}`,
      evidence: [{ kind: 'register', name: 'rsi' }, { kind: 'frame', index: 0 }],
    },
  ];
  r.bucket = `X64_${code.toUpperCase().replace('0X', '0x')}_${module}!${fn}+${offset.slice(2)}`;
  r.context = { arch: 'x64', registers: { rip: r.stack[0]!.address, rsi: '0x9d00000000', rcx: '0xfffff8a00d106d58' } };
  return r;
}

/** A small deterministic hash, so synthetic stacks vary without a random generator. */
function mix(i: number, k: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k + 7, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
