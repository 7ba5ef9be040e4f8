/** One transcript line with its 1-based number in the original text. */
export interface Line {
  no: number;
  text: string;
}

/** Splits a transcript into lines: CRLF and lone CR end lines, tabs expand to 8-column stops, trailing blanks go. */
export function splitLines(text: string): Line[] {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const out: Line[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = { no: i + 1, text: expandTabs(raw[i]!).replace(/\s+$/, '') };
  if (out.length > 0 && out[out.length - 1]!.text === '') out.pop();
  return out;
}

function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
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
