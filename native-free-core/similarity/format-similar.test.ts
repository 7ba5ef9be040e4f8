import { describe, expect, it } from 'vitest';
import { formatSimilarText } from './format-similar';

describe('formatSimilarText', () => {
  it('lists the similar cases with score and parts', () => {
    const lines = formatSimilarText('case 1', [
      { caseId: 2, score: 0.337, parts: { stack: 0.227, code: null, module: 1, findings: null }, label: 'crash2-stack.txt' },
      { caseId: 14, score: 0.222, parts: { stack: null, code: 1, module: null, findings: null }, label: '0x3B' },
    ]);
    expect(lines[0]).toBe('Cases similar to case 1:');
    expect(lines[1]).toBe('case  score  stack   code  module  findings  title');
    expect(lines[2]).toBe('   2  0.337   0.23      -    1.00         -  crash2-stack.txt');
    expect(lines[3]).toContain('0.222');
    expect(lines).toHaveLength(4);
    expect(formatSimilarText('case 9', [])).toEqual(['No case is similar to case 9.']);
  });
});
