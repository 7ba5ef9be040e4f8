// Edit history reads as sentences, named as the case was when the entry was made.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCaseDetail } from '../../main/library/cli-format';
import { Library } from '../../main/library/library';
import { syntheticReport, tempDir } from './library-fixtures';

let dir: string;
let library: Library;
beforeEach(() => {
  dir = tempDir('history');
  library = Library.open(dir);
});
afterEach(() => {
  library.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const texts = (id: number) => library.getCase(id)!.history.map((h) => h.text);

describe('history entries', () => {
  it('name findings, frames, hypotheses and notes by what they say, not by their ids', () => {
    const report = syntheticReport(2);
    const finding = report.findings[0]!;
    const id = library.insertCase({ fileName: 'crash.dmp', report });
    const h = library.addHypothesis(id, { text: 'race in name-cache initialisation' });
    const ev = library.addEvidence(h.id, { kind: 'finding', id: finding.id });
    library.addEvidence(h.id, { kind: 'frame', index: 0 });
    library.addEvidence(h.id, { kind: 'register', name: 'rsi', value: '0x9d00000000' });
    library.updateHypothesis(h.id, { status: 'supported', confidence: 0.8 });
    library.removeEvidence(ev.id);
    library.addNote(id, 'seen twice on the build machine');
    library.setTags(id, ['nightly', 'fltmgr']);
    library.setTags(id, ['nightly']);
    library.setStatus(id, 'investigating');
    const defaultTitle = library.getSummary(id)!.title;
    library.renameCase(id, 'name cache race');
    library.deleteHypothesis(h.id);
    const frame0 = `${report.stack[0]!.module}!${report.stack[0]!.function}`;
    expect(texts(id)).toEqual([
      'imported crash.dmp',
      "added hypothesis 'race in name-cache initialisation'",
      `linked finding '${finding.text}' to hypothesis 'race in name-cache initialisation'`,
      `linked frame 0 (${frame0}) to hypothesis 'race in name-cache initialisation'`,
      "linked register rsi = 0x9d00000000 to hypothesis 'race in name-cache initialisation'",
      "edited hypothesis 'race in name-cache initialisation': status open → supported, confidence none → 80 %",
      `unlinked finding '${finding.text}' from hypothesis 'race in name-cache initialisation'`,
      "added a note 'seen twice on the build machine'",
      'added tags fltmgr, nightly',
      'removed tag fltmgr',
      'status new → investigating',
      `renamed from '${defaultTitle}' to 'name cache race'`,
      "deleted hypothesis 'race in name-cache initialisation'",
    ]);
    expect(texts(id).join('\n')).not.toMatch(new RegExp(finding.id));
  });

  it('keep the name a finding had after re-analysis drops it; entries without a stored sentence are named from the case', () => {
    const report = syntheticReport(3);
    const id = library.insertCase({ fileName: 'crash.dmp', report });
    const h = library.addHypothesis(id, { text: 'bit flip' });
    library.addEvidence(h.id, { kind: 'finding', id: report.findings[0]!.id });
    library.replaceReport(id, { ...report, findings: [] });
    expect(texts(id)[2]).toBe(`linked finding '${report.findings[0]!.text}' to hypothesis 'bit flip'`);
    expect(texts(id)[3]).toMatch(/^rebuilt the report from the stored file: 12 frames, 0 findings; 1 evidence link names a finding/);

    // an entry from before history carried sentences
    library.db.prepare('INSERT INTO history (case_id, at, action, detail) VALUES (?, ?, ?, ?)').run(id, '2024-01-01T00:00:00.000Z', 'evidence linked', JSON.stringify({ hypothesisId: h.id, ref: { kind: 'module', name: 'fltmgr' } }));
    expect(texts(id).at(-1)).toBe("linked module fltmgr to hypothesis 'bit flip'");
  });

  it('are printed oldest first with their times by `show` and the Markdown export', () => {
    const id = library.insertCase({ fileName: 'crash.dmp', report: syntheticReport(4) });
    library.addNote(id, 'seen on the build machine');
    library.setStatus(id, 'investigating');
    const history = library.getCase(id)!.history;
    expect(history).toHaveLength(3);

    const md = library.exportCase(id, 'md');
    const mdHistory = md.slice(md.indexOf('## History'));
    expect(mdHistory.split('\n').filter((l) => l.startsWith('- '))).toEqual(history.map((h) => `- ${h.at} — ${h.text}`));
    expect(mdHistory).toMatch(/imported crash\.dmp[\s\S]*added a note 'seen on the build machine'[\s\S]*status new → investigating/);

    const shown = formatCaseDetail(library.getCase(id)!);
    const lines = shown.slice(shown.indexOf('History:')).split('\n').slice(1);
    expect(lines).toEqual(history.map((h) => `  ${h.at.slice(0, 19).replace('T', ' ')}  ${h.text}`));
    expect(lines.at(-1)).toMatch(/^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  status new → investigating$/);
  });
});
