// The library's Faulting column for transcripts whose stack is not in the text: it comes from the bucket.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../../main/pipeline/process';
import { bucketSymbol, reportColumns } from '../../main/library/report-summary';
import { Library } from '../../main/library/library';
import { CORPUS, tempDir } from './library-fixtures';

const TRANSCRIPTS = path.join(CORPUS, 'windbg-text');

describe('faulting module and function', () => {
  it('come from the bucket when no frame is blamed (bugcheck 0x50 transcript)', () => {
    const report = processFile(path.join(TRANSCRIPTS, 'bugcheck-0x50-analyze-trap-db-u-r-x64.txt')).report;
    expect(report.bucket).toBe('X64_0x50_nt!RtlSubtreePredecessor+9');
    expect(reportColumns(report)).toMatchObject({ faultingModule: 'nt', faultingFunction: 'RtlSubtreePredecessor' });
  });

  it('every corpus transcript whose bucket names module!function fills the column with that function', () => {
    const files = fs.readdirSync(TRANSCRIPTS).filter((f) => f.endsWith('.txt'));
    const named = files.map((f) => processFile(path.join(TRANSCRIPTS, f)).report).filter((r) => r.bucket?.includes('!'));
    expect(named.length).toBeGreaterThanOrEqual(7);
    for (const report of named) {
      const cols = reportColumns(report);
      expect(cols.faultingModule, report.bucket).toBeTruthy();
      expect(report.bucket!.toLowerCase(), report.bucket).toContain(`${cols.faultingModule}!${cols.faultingFunction}`.toLowerCase());
    }
  });

  it('reads the module as a loaded module name, else the last word before the !', () => {
    expect(bucketSymbol('0xc4_IrqlExApcLte1_XDV_VRF_MyDriver!OnInterrupt')).toEqual({ module: 'MyDriver', function: 'OnInterrupt' });
    expect(bucketSymbol('0x1E_QIC117!_kdi_FlushDMABuffers@20+28')).toEqual({ module: 'QIC117', function: '_kdi_FlushDMABuffers@20' });
    expect(bucketSymbol('AV_my_drv!Read+0x1a', ['ntoskrnl.exe', 'my_drv.sys'])).toEqual({ module: 'my_drv', function: 'Read' });
    expect(bucketSymbol('X64_0x3B_UNKNOWN')).toBeUndefined();
    expect(bucketSymbol(undefined)).toBeUndefined();
  });

  it('an imported transcript lists under its bucket function and can be filtered by that module', () => {
    const dir = tempDir('faulting');
    const library = Library.open(dir);
    try {
      const file = path.join(TRANSCRIPTS, 'bugcheck-0x50-analyze-trap-db-u-r-x64.txt');
      const id = library.insertCase({ fileName: path.basename(file), report: processFile(file).report });
      expect(library.getSummary(id)).toMatchObject({ faultingModule: 'nt', faultingFunction: 'RtlSubtreePredecessor', title: expect.stringMatching(/in nt!RtlSubtreePredecessor$/) });
      expect(library.listCases({ module: 'nt' }).rows.map((r) => r.id)).toEqual([id]);
    } finally {
      library.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migration 5 fills the column (and a default title) of cases imported before', () => {
    const dir = tempDir('faulting-migration');
    let library = Library.open(dir);
    try {
      const file = path.join(TRANSCRIPTS, 'bugcheck-0x50-analyze-trap-db-u-r-x64.txt');
      const report = processFile(file).report;
      const defaulted = library.insertCase({ fileName: 'a.txt', report });
      const renamed = library.insertCase({ fileName: 'b.txt', report, title: 'my own title' });
      // as version 4 left them
      library.db.prepare('UPDATE cases SET faulting_module = NULL, faulting_function = NULL').run();
      library.db.prepare('UPDATE cases SET title = ? WHERE id = ?').run('0x50 PAGE_FAULT_IN_NONPAGED_AREA', defaulted);
      library.db.pragma('user_version = 4');
      library.close();
      library = Library.open(dir);
      expect(library.getSummary(defaulted)).toMatchObject({ faultingModule: 'nt', faultingFunction: 'RtlSubtreePredecessor', title: '0x50 PAGE_FAULT_IN_NONPAGED_AREA in nt!RtlSubtreePredecessor' });
      expect(library.getSummary(renamed)).toMatchObject({ faultingModule: 'nt', title: 'my own title' });
      expect(library.listCases({ text: 'RtlSubtreePredecessor' }).total).toBe(2);
    } finally {
      library.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
