import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWinDbgText } from '../../native-free-core/formats/windbg-text';
import { Library } from '../library/library';
import { EventBus } from './events';
import { SimilarCases } from './similar-cases';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-similar-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const reportOf = (file: string) => parseWinDbgText(fs.readFileSync(path.join(CORPUS, file), 'utf8'), path.basename(file)).report;

describe('SimilarCases', () => {
  it('indexes cases imported after it loaded and forgets deleted ones, without a reload', () => {
    const library = Library.open(dir);
    const events = new EventBus();
    const similar = new SimilarCases(library, events);
    const first = library.insertCase({ fileName: 'crash1.txt', report: reportOf('seed/crash1-analyze.txt'), format: 'windbg-text' });
    for (const f of fs.readdirSync(path.join(CORPUS, 'windbg-text'))) {
      library.insertCase({ fileName: f, report: reportOf(`windbg-text/${f}`), format: 'windbg-text' });
    }
    expect(similar.top(first, 5).map((s) => s.caseId)).not.toContain(undefined);

    const second = library.insertCase({ fileName: 'crash2.txt', report: reportOf('seed/crash2-stack.txt'), format: 'windbg-text' });
    events.emit('library:changed', { reason: 'import' });
    expect(similar.top(first, 1)[0]!.caseId).toBe(second);

    library.deleteCase(second);
    events.emit('library:changed', { reason: 'delete' });
    expect(similar.top(first, 20).map((s) => s.caseId)).not.toContain(second);
    similar.dispose();
    library.close();
  });
});
