import type { ParsedDump } from '../model/parsed-dump';
import { describeKernelDump } from './kernel-dump/describe';
import { describeMinidump } from './minidump/describe';
import { describeTranscript } from './windbg-text/describe';

/** The format-specific lines `crashbench info` prints under its summary. */
export function describeParsed(parsed: ParsedDump): string[] {
  switch (parsed.report.format) {
    case 'kernel-dump':
      return describeKernelDump(parsed);
    case 'minidump':
      return describeMinidump(parsed);
    case 'windbg-text':
      return describeTranscript(parsed);
  }
}
