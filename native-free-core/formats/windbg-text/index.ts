import { emptyReport } from '../../model/report';
import type { ParsedDump } from '../../model/parsed-dump';
import { EMPTY_ADDRESS_SPACE } from '../../model/address-space';
import { assemble } from './assemble';
import { collect } from './collect';

export type * from './types';
export { describeTranscript } from './describe';

/**
 * Imports text saved from a WinDbg / KD session (a pasted `!analyze -v`, a
 * .log, a forum post) as a case: the normalized report, with every field's
 * transcript lines in `report.provenance`, the transcript specifics in
 * `report.extra` (see types.ts), and the memory the text shows as the
 * address space. Never throws: what cannot be understood becomes a warning.
 */
export function parseWinDbgText(text: string, name: string): ParsedDump {
  try {
    const { report, memory } = assemble(collect(text));
    return { report, memory };
  } catch (e) {
    const report = emptyReport('windbg-text', 'transcript');
    report.warnings.push(`${name}: the transcript could not be read (${e instanceof Error ? e.message : String(e)})`);
    return { report, memory: EMPTY_ADDRESS_SPACE };
  }
}
