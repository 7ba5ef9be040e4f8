import type { ParsedDump } from '../../model/parsed-dump';

/** Lines `crashbench info` prints for a kernel dump: header fields, bug check, triage and memory facts. */
export function describeKernelDump(parsed: ParsedDump): string[] {
  const r = parsed.report;
  const x = (r.extra ?? {}) as Record<string, any>;
  const h = (x['header'] ?? {}) as Record<string, any>;
  const lines: string[] = [];
  lines.push(`Kernel dump (${r.dumpType}), ${h['ValidDump'] === '0x34365544' ? 'DUMP_HEADER64' : 'DUMP_HEADER32'}`);
  lines.push(`  System:        ${r.system.arch ?? 'unknown'} ${r.system.osVersion ?? ''} build ${r.system.osBuild ?? '?'}, ${r.system.processors ?? '?'} processors`.replace(/\s+,/, ','));
  if (r.bugcheck) {
    lines.push(`  Bug check:     ${r.bugcheck.code}${r.bugcheck.name ? ` ${r.bugcheck.name}` : ''}`);
    r.bugcheck.args.forEach((a, i) => lines.push(`    Arg${i + 1}: ${a}`));
  }
  if (r.process) lines.push(`  Process:       ${r.process}${r.processId !== undefined ? ` (pid ${r.processId})` : ''}, thread ${r.crashingThreadId ?? '?'}`);
  if (r.exception) lines.push(`  Exception:     ${r.exception.code} at ${r.exception.address}`);
  if (r.crashTime) lines.push(`  Crash time:    ${r.crashTime}`);
  if (r.uptimeSeconds !== undefined) lines.push(`  Up time:       ${r.uptimeSeconds} s`);
  for (const k of ['DirectoryTableBase', 'PfnDataBase', 'PsLoadedModuleList', 'PsActiveProcessHead', 'KdDebuggerDataBlock', 'MachineImageType', 'DumpType', 'RequiredDumpSpace']) {
    if (h[k] !== undefined) lines.push(`  ${(k + ':').padEnd(22)} ${h[k]}`);
  }
  if (h['Comment'] && !/^(PAGE)+$/.test(h['Comment'])) lines.push(`  Comment:       ${h['Comment']}`);
  const t = x['triage'] as Record<string, string> | undefined;
  if (t) {
    lines.push(`  Triage block:  at ${t['offset']}, SizeOfDump ${t['SizeOfDump']}, TopOfStack ${t['TopOfStack']}, SizeOfCallStack ${t['SizeOfCallStack']}`);
    const unloaded = r.modules.filter((m) => m.unloaded).length;
    lines.push(`  Drivers:       ${r.modules.length - unloaded} loaded, ${unloaded} unloaded (DriverListOffset ${t['DriverListOffset']}, StringPoolOffset ${t['StringPoolOffset']})`);
    lines.push(`  Data blocks:   ${x['triageDataBlocks'] ?? 0}`);
  } else {
    lines.push(`  Modules:       ${r.modules.length} (PsLoadedModuleList walk)`);
  }
  const b = x['bitmap'] as Record<string, string> | undefined;
  if (b) lines.push(`  Bitmap:        ${b['Signature']} FirstPage ${b['FirstPage']}, Pages ${b['Pages']}, TotalPresentPages ${b['TotalPresentPages']}`);
  const p = x['physicalMemory'] as { presentPages: number; pagingMode: string } | undefined;
  if (p) lines.push(`  Physical:      ${p.presentPages} pages present, paging ${p.pagingMode}`);
  const sd = x['secondaryData'] as { offset: string; blobs: unknown[] } | undefined;
  if (sd) lines.push(`  Secondary data: ${sd.blobs.length} blobs at ${sd.offset}`);
  if (r.context) lines.push(`  Fault context: ${r.provenance['context']?.detail ?? 'saved context'}`);
  for (const w of r.warnings) lines.push(`  Warning:       ${w}`);
  return lines;
}
