import type { CrashReport } from '../../native-free-core/model/report';
import { processFile } from '../pipeline/process';
import { messageOf } from './process-one';

/** Parse and analyze a file already in the store (re-analysis), as sent to an import worker. */
export interface AnalyzeTask {
  analyze: true;
  file: string;
  symbolPath: string[];
}

export type AnalyzeOutcome = { report: CrashReport } | { error: string };

export function runAnalyzeTask(task: AnalyzeTask): AnalyzeOutcome {
  try {
    return { report: processFile(task.file, { symbolPath: task.symbolPath }).report };
  } catch (e) {
    return { error: messageOf(e) };
  }
}
