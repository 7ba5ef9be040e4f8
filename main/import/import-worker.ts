import { parentPort, workerData } from 'node:worker_threads';
import { DumpStore } from '../store/dump-store';
import { runAnalyzeTask, type AnalyzeTask } from './analyze-task';
import { processImportTask, type ImportTask } from './process-one';

// Worker entry: receives ImportTask messages, answers each with a TaskOutcome;
// an AnalyzeTask (re-analysis of a stored file) is answered with an AnalyzeOutcome.
const store = new DumpStore((workerData as { storeRoot: string }).storeRoot);
parentPort!.on('message', (task: ImportTask | AnalyzeTask) => {
  if ('analyze' in task) {
    parentPort!.postMessage(runAnalyzeTask(task));
    return;
  }
  parentPort!.postMessage(processImportTask(store, task, (copied) => parentPort!.postMessage({ id: task.id, copied })));
});
// Tasks are sent only after this, so none arrives before the listener (the tsx bootstrap loads this file late).
parentPort!.postMessage({ ready: true });
