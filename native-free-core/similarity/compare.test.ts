import { describe, expect, it } from 'vitest';
import { SEED_CRASH1_CALL_SITES, SEED_CRASH2_CALL_SITES } from '../../tests/eval/seed-stacks';
import { alignStacks } from './align';
import { framesFromCallSites } from './call-site';
import { compareReports } from './compare';
import { formatComparisonText } from './format-comparison';
import { reportFromCallSites } from './test-reports';

const crash1 = reportFromCallSites(SEED_CRASH1_CALL_SITES, {
  bugcheck: { code: '0x3b', name: 'SYSTEM_SERVICE_EXCEPTION', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] },
  context: { arch: 'x64', registers: { rip: '0xfffff8800106f141', rsi: '0x9d00000000', rcx: '0xfffffa8008e13318' } },
  modules: [{ name: 'fltmgr.sys', base: '0xfffff88001060000', size: '0x4c000', timestamp: 0x4a5bc11f }, { name: 'Ntfs.sys', base: '0xfffff88001200000', size: '0x1a3000' }],
});
const crash2 = reportFromCallSites(SEED_CRASH2_CALL_SITES, {
  context: { arch: 'x64', registers: { rip: '0xfffff80002a624ae', rcx: '0xfffffa8008e13318' } },
  modules: [{ name: 'fltmgr.sys', base: '0xfffff880010ec000', size: '0x4c000', timestamp: 0x4ce7929c }, { name: 'tcpip.sys', base: '0xfffff88001400000', size: '0x1000' }],
});

describe('alignStacks on the seed crashes', () => {
  const rows = alignStacks(crash1.stack, crash2.stack);

  it('matches TreeUnlinkMulti, FltpDispatch and the system-service frame, in order', () => {
    const matches = rows.filter((r) => r.kind === 'match').map((r) => r.signature);
    expect(matches).toEqual(['fltmgr!TreeUnlinkMulti', 'fltmgr!FltpDispatch', 'nt!KiSystemServiceCopyEnd']);
    const tree = rows.find((r) => r.signature === 'fltmgr!TreeUnlinkMulti')!;
    expect(tree.left!.offset).toBe('0x51');
    expect(tree.right!.offset).toBe('0x148');
  });

  it('sets the two system-service entry points side by side', () => {
    const ntRow = rows.find((r) => r.left?.function === 'NtQueryFullAttributesFile')!;
    expect(ntRow.kind).toBe('mismatch');
    expect(ntRow.right!.function).toBe('NtSetInformationFile');
  });

  it('keeps every frame of both stacks exactly once, in order', () => {
    expect(rows.filter((r) => r.left).map((r) => r.left!.index)).toEqual(crash1.stack.map((f) => f.index));
    expect(rows.filter((r) => r.right).map((r) => r.right!.index)).toEqual(crash2.stack.map((f) => f.index));
    for (const r of rows) {
      if (r.kind === 'gap-left') expect(r.left).toBeUndefined();
      if (r.kind === 'gap-right') expect(r.right).toBeUndefined();
    }
  });

  it('aligns empty stacks', () => {
    expect(alignStacks([], [])).toEqual([]);
    expect(alignStacks(framesFromCallSites(['a!f']), []).map((r) => r.kind)).toEqual(['gap-right']);
  });
});

describe('compareReports', () => {
  const cmp = compareReports(crash1, crash2, { leftName: 'crash1', rightName: 'crash2' });

  it('lists the shared frames', () => {
    expect(cmp.sharedFrames).toEqual(['fltmgr!TreeUnlinkMulti', 'fltmgr!FltpDispatch', 'nt!KiSystemServiceCopyEnd']);
  });

  it('diffs bugcheck, registers and modules', () => {
    expect(cmp.bugcheck.sameCode).toBe(false);
    expect(cmp.bugcheck.args.map((a) => a.state)).toEqual(['only-left', 'only-left', 'only-left', 'only-left']);
    const reg = Object.fromEntries(cmp.registers.map((r) => [r.name, r.state]));
    expect(reg).toEqual({ rip: 'changed', rsi: 'only-left', rcx: 'same' });
    const mod = Object.fromEntries(cmp.modules.map((m) => [m.name, m.state]));
    expect(mod).toEqual({ fltmgr: 'other-version', ntfs: 'only-left', tcpip: 'only-right' });
    expect(cmp.modules.find((m) => m.name === 'fltmgr')!.differences).toEqual(['timestamp']);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(cmp))).toEqual(JSON.parse(JSON.stringify(cmp)));
    expect(cmp.similarity.parts.module).toBe(1);
    expect(cmp.similarity.parts.code).toBeNull();
  });

  it('diffs findings by kind', () => {
    const f = (kind: string) => ({ id: kind, kind, severity: 'high' as const, text: `${kind} text`, evidence: [] });
    const c = compareReports({ ...crash1, findings: [f('bit-flip'), f('race')] }, { ...crash2, findings: [f('race'), f('pool')] });
    expect(c.findings.both.map((x) => x.kind)).toEqual(['race']);
    expect(c.findings.onlyLeft.map((x) => x.kind)).toEqual(['bit-flip']);
    expect(c.findings.onlyRight.map((x) => x.kind)).toEqual(['pool']);
  });
});

describe('formatComparisonText', () => {
  it('prints the stacks side by side with match marks and the shared frames', () => {
    const lines = formatComparisonText(compareReports(crash1, crash2, { leftName: 'crash1', rightName: 'crash2' }), 48);
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/crash1.*\|.*crash2/);
    expect(text).toMatch(/00 fltmgr!TreeUnlinkMulti\+0x51\s+= 05 fltmgr!TreeUnlinkMulti\+0x148/);
    expect(text).toMatch(/fltmgr!FltpDispatch\+0xb7\s+= 17 fltmgr!FltpDispatch\+0xcf/);
    expect(text).toMatch(/Shared frames\n  fltmgr!TreeUnlinkMulti\n  fltmgr!FltpDispatch\n  nt!KiSystemServiceCopyEnd/);
    expect(text).toMatch(/> 00 nt!KeBugCheckEx/);
    expect(text).toContain('Registers (1 same, 2 changed or one-sided)');
    for (const l of lines) expect(l.length).toBeLessThan(160);
  });
});
