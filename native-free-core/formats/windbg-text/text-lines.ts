/** One transcript line with its 1-based number in the original text. */
export interface Line {
  no: number;
  text: string;
}

/** Longest line the parsers look at; WinDbg output lines are far shorter, and the cap keeps every regex cheap. */
export const MAX_LINE_LENGTH = 4096;

/**
 * Splits a transcript into lines: CRLF and lone CR end lines, tabs expand to
 * 8-column stops, trailing blanks go, lines are cut at MAX_LINE_LENGTH (their
 * numbers are reported in `longLines`).
 */
export function splitLines(text: string, longLines: number[] = []): Line[] {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const out: Line[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i]!;
    if (t.length > MAX_LINE_LENGTH) {
      t = t.slice(0, MAX_LINE_LENGTH);
      longLines.push(i + 1);
    }
    out[i] = { no: i + 1, text: trimEnd(expandTabs(t)) };
  }
  if (out.length > 0 && out[out.length - 1]!.text === '') out.pop();
  return out;
}

function trimEnd(s: string): string {
  let end = s.length;
  while (end > 0 && /\s/.test(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
    if (out.length > MAX_LINE_LENGTH) return out.slice(0, MAX_LINE_LENGTH);
  }
  return out;
}

export function isBlank(line: Line): boolean {
  return line.text.trim() === '';
}

/** Indentation width of a line (spaces). */
export function indentOf(text: string): number {
  const m = /^ */.exec(text);
  return m ? m[0].length : 0;
}
