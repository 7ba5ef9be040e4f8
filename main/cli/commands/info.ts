import path from 'node:path';
import { lookupBugcheck, lookupNtStatus } from '../../../native-free-core/analysis/catalog';
import { describeParsed } from '../../../native-free-core/formats/describe';
import { detectFormat } from '../../../native-free-core/formats/detect';
import { openDump } from '../../../native-free-core/formats/open';
import type { ByteSource } from '../../../native-free-core/io/byte-source';
import type { ParsedDump } from '../../../native-free-core/model/parsed-dump';
import type { CrashReport } from '../../../native-free-core/model/report';
import { withFileSource } from '../../fs/file-byte-source';
import { symbolPathFromEnvironment } from '../../pipeline/symbol-path-setting';
import { decodeKdbgWithNtPdb } from '../../symbols/kdbg-from-pdb';
import { flagBool, UsageError } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type Command } from '../command';
import { describeFileError } from '../errors';
import { printJson } from '../io';

export interface InfoResult {
  file: string;
  size: number;
  format?: string;
  description?: string;
  dumpType?: string;
  system?: CrashReport['system'];
  bugcheck?: CrashReport['bugcheck'];
  exception?: CrashReport['exception'];
  process?: string;
  threads?: number;
  modules?: number;
  warnings?: number;
  /** the format reader's own description: header fields, streams, commands found */
  details?: string[];
  error?: string;
}

/**
 * Opens a file for info. Nothing info prints comes from a stack walk or from
 * per-module symbols, except a KdDebuggerDataBlock that only nt's PDB
 * decodes (its warnings are counted): so this parses, decodes that, and names
 * the codes, as openAndWalk does, without resolving symbols or walking.
 */
export function openForInfo(source: ByteSource): ParsedDump {
  const parsed = openDump(source);
  decodeKdbgWithNtPdb(parsed, symbolPathFromEnvironment());
  const report = parsed.report;
  if (report.bugcheck && !report.bugcheck.name) report.bugcheck.name = lookupBugcheck(report.bugcheck.code)?.name;
  if (report.exception && !report.exception.name) report.exception.name = lookupNtStatus(report.exception.code)?.name;
  return parsed;
}

/** The fields info prints of an opened dump. */
export function summarize(parsed: ParsedDump): Partial<InfoResult> {
  const report = parsed.report;
  return {
    dumpType: report.dumpType,
    system: report.system,
    bugcheck: report.bugcheck,
    exception: report.exception,
    process: report.process,
    threads: report.threads.length,
    modules: report.modules.length,
    warnings: report.warnings.length,
    details: describeParsed(parsed),
  };
}

function infoFor(file: string): InfoResult {
  return withFileSource(file, (source) => {
    const result: InfoResult = { file: path.basename(file), size: source.size };
    const detected = detectFormat(source);
    if (!detected) {
      result.error = `${source.name}: not a crash dump (expected a PAGEDU64/PAGEDUMP kernel dump, an MDMP minidump or WinDbg text)`;
      return result;
    }
    result.format = detected.format;
    result.description = detected.description;
    try {
      Object.assign(result, summarize(openForInfo(source)));
    } catch (e) {
      result.error = describeFileError(file, e);
    }
    return result;
  });
}

function printText(r: InfoResult, out: (l: string) => void): void {
  out(`${r.file}: ${r.description} (${r.size} bytes)`);
  if (r.dumpType) out(`  dump type:  ${r.dumpType}`);
  const s = r.system;
  if (s?.arch || s?.osVersion || s?.osBuild) {
    const os = s.osVersion ?? (s.osBuild ? `build ${s.osBuild}` : undefined);
    out(`  system:     ${[s.arch, os, s.csdVersion, s.processors ? `${s.processors} CPU` : undefined].filter(Boolean).join(', ')}`);
  }
  if (r.bugcheck) out(`  bugcheck:   ${r.bugcheck.code}${r.bugcheck.name ? ' ' + r.bugcheck.name : ''} (${r.bugcheck.args.join(', ')})`);
  if (r.exception) out(`  exception:  ${r.exception.code}${r.exception.name ? ' ' + r.exception.name : ''} at ${r.exception.address}`);
  if (r.process) out(`  process:    ${r.process}`);
  if (r.threads !== undefined) out(`  threads:    ${r.threads}`);
  if (r.modules !== undefined) out(`  modules:    ${r.modules}`);
  if (r.warnings) out(`  warnings:   ${r.warnings}`);
  if (r.details?.length) {
    out('');
    for (const line of r.details) out(`  ${line}`);
  }
}

export const infoCommand: Command = {
  name: 'info',
  usage: 'info FILE... [--json]',
  summary: 'detect the format of each file by its content and show what it holds',
  run(args, io) {
    if (args.positional.length === 0) throw new UsageError('info needs at least one FILE');
    const json = flagBool(args, 'json');
    const results: InfoResult[] = [];
    for (const file of args.positional) {
      let r: InfoResult;
      try {
        r = infoFor(file);
      } catch (e) {
        r = { file: path.basename(file), size: 0, error: describeFileError(file, e) };
      }
      results.push(r);
      if (json) continue;
      if (r.format) printText(r, io.out);
      if (r.error) io.err(`crashbench: ${r.error}`);
    }
    if (json) printJson(io, results.length === 1 ? results[0] : results);
    return results.some((r) => r.error) ? EXIT_BAD_INPUT : EXIT_OK;
  },
};
