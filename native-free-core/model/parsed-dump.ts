import type { AddressSpace } from './address-space';
import type { CrashReport } from './report';

/** What opening one file yields: the normalized report and the memory it holds. */
export interface ParsedDump {
  report: CrashReport;
  memory: AddressSpace;
}
