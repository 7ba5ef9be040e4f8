import { CLASSIC_BUGCHECK_DETAILS } from './bugcheck-args-data';
import { EXTENDED_BUGCHECK_DETAILS } from './bugcheck-args-data-ext';

/**
 * Short descriptions and the meaning of each argument of the bug checks that
 * Microsoft's public bug check reference documents with parameters, restated
 * briefly from that reference (learn.microsoft.com / MicrosoftDocs
 * windows-driver-docs, CC-BY-4.0). Keyed by the code's lower-case hex
 * without 0x. The 0x1000_00xx aliases share the entries of their base code.
 * Where an argument's meaning depends on Arg1 (a type code), the text says
 * so; the reference has the per-type tables.
 */
export interface BugcheckDetails {
  description: string;
  args: [string, string, string, string];
  /** Which argument (0-based) holds the exception code, the faulting address, the context / exception record / trap frame. */
  exceptionCodeArg?: number;
  faultAddressArg?: number;
  exceptionRecordArg?: number;
  contextRecordArg?: number;
  trapFrameArg?: number;
  /** Which argument is the referenced memory address. */
  memoryArg?: number;
}

export const BUGCHECK_DETAILS: Record<string, BugcheckDetails> = { ...CLASSIC_BUGCHECK_DETAILS, ...EXTENDED_BUGCHECK_DETAILS };
