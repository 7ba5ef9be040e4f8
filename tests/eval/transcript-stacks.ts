/**
 * Stacks read out of WinDbg transcripts for the evaluation: every run of
 * consecutive frame lines (`k`, `kb`, `kv`, STACK_TEXT, also the seed's
 * wrapped two-line STACK_TEXT rows) becomes one stack of call sites. This
 * reads only what the evaluation needs; the product's importer is
 * formats/windbg-text.
 */
const HEX = /^[0-9a-f`]{8,17}$/i;

function callSiteOf(line: string): string | null {
  let text = line.replace(/\s*\[[^\]]*@\s*\d+\]\s*$/, '').replace(/\s*\(FPO:[^)]*\)\s*$/, '').trim();
  if (!text) return null;
  if (text.includes(' : ')) {
    const parts = text.split(' : ');
    const head = parts[0]!.trim().split(/\s+/);
    if (!head.every((t) => HEX.test(t))) return null;
    const tail = parts[parts.length - 1]!.trim().replace(/\s*\.\.\.$/, '');
    if (!tail || tail === '...' || tail.split(/\s+/).every((t) => HEX.test(t))) return null;
    return tail;
  }
  const tokens = text.split(/\s+/);
  let i = 0;
  while (i < tokens.length && HEX.test(tokens[i]!)) i++;
  if (i < 2 || i === tokens.length) return null;
  const site = tokens.slice(i).join(' ');
  return site.includes('!') ? site : null;
}

export function stacksFromTranscript(text: string): string[][] {
  const stacks: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length >= 2) stacks.push(current);
    current = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^\.\.\. : /.test(line)) {
      current.push(line.replace(/^\.\.\. : /, '').replace(/\s*\.\.\.$/, ''));
      continue;
    }
    const site = callSiteOf(line);
    if (site) current.push(site);
    else if (!/^[0-9a-f`\s]+:?\s*[0-9a-f`\s]*$/i.test(line) || line === '') flush();
  }
  flush();
  // the same stack printed twice (k then kv) counts once
  const seen = new Set<string>();
  return stacks.filter((s) => {
    const key = s.map((c) => c.replace(/\+0x[0-9a-f]+$/i, '')).join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
