import { describe, expect, it } from 'vitest';
import type { TypeField, TypeOutput } from '../formats/windbg-text/types';
import { analyzeReport } from './analyze';
import { syntheticCrash } from './testdata/synthetic';

const ptr = (name: string, offset: string, value: bigint): TypeField => {
  const h = value.toString(16).padStart(16, '0');
  return { offset, name, value: `0x${h.slice(0, 8)}\`${h.slice(8)}`, numeric: '0x' + value.toString(16), line: 0 };
};

function withType(fields: TypeField[], registers: Record<string, bigint> = {}) {
  const parsed = syntheticCrash({ registers: { rip: 0xfffff80012340000n, ...registers }, bugcheck: { code: 0x50, args: [0n, 0n, 0n, 0n] } });
  const t: TypeOutput = { typeName: '_THING', module: 'drv', address: '0xffffa00000001000', expanded: true, fields, lines: [1, 9] };
  parsed.report.extra = { types: [t] };
  return analyzeReport(parsed).findings;
}

describe('pointer anomalies in structures', () => {
  it('reports non-canonical and user-mode pointers in a kernel structure', () => {
    const findings = withType([ptr('Next', '0x000', 0xdead0000beef0000n), ptr('Owner', '0x008', 0x7ff612340000n), ptr('Ok', '0x010', 0xffffa00000002000n)]);
    const nc = findings.find((f) => f.kind === 'non-canonical-pointer')!;
    expect(nc.text).toContain('Next dead0000`beef0000');
    expect(nc.evidence).toEqual([{ kind: 'field', structure: 'drv!_THING', field: 'Next', value: '0xdead0000beef0000' }]);
    const user = findings.find((f) => f.kind === 'user-pointer-in-kernel')!;
    expect(user.text).toContain('Owner 00007ff6`12340000');
    expect(findings.some((f) => f.kind === 'byte-lane-corruption')).toBe(false);
  });

  it('needs three fields in one lane before calling it a pattern', () => {
    const two = withType([ptr('A', '0x000', 0x4100000000n), ptr('B', '0x008', 0x1d00000000n)]);
    expect(two.some((f) => f.kind === 'byte-lane-corruption')).toBe(false);
    const three = withType([ptr('A', '0x000', 0x4100000000n), ptr('B', '0x008', 0x1d00000000n), ptr('C', '0x010', 0xffffa0ff00002000n)], { rbx: 0xffffa00000002000n });
    const lane = three.find((f) => f.kind === 'byte-lane-corruption')!;
    expect(lane.data).toMatchObject({ lane: 4, members: [{ field: 'A' }, { field: 'B' }, { field: 'C', expected: '0xffffa00000002000', expectedFrom: 'rbx' }] });
  });
});
