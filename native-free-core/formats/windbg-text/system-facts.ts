import type { Hex } from '../../model/hex';
import type { Arch } from '../../model/report';
import type { Collected } from './collected';
import { parseWinDbgHex } from './values';

// System facts the text implies without a register dump or vertarget.

export function archFromText(values: Record<string, string>, c: Collected): Arch | undefined {
  const bucket = values['FAILURE_BUCKET_ID'] ?? values['BUCKET_ID'] ?? '';
  if (/^X64_|_X64_|AMD64/i.test(bucket)) return 'x64';
  if (/^ARM64_/i.test(bucket)) return 'arm64';
  const platform = values['OSPLATFORM_TYPE'] ?? values['TARGET_ARCH'];
  if (platform) {
    if (/x64|amd64/i.test(platform)) return 'x64';
    if (/x86/i.test(platform)) return 'x86';
  }
  let wide = false;
  let narrow = false;
  const look = (h: Hex | undefined) => {
    if (h === undefined) return;
    const v = parseWinDbgHex(h.replace(/^0x/, ''));
    if (v === null) return;
    if (v > 0xffffffffn) wide = true;
    else narrow = true;
  };
  for (const s of c.stacks) for (const r of s.rows) look(r.sp);
  for (const a of c.analyses[0]?.output.args ?? []) look(a.value);
  for (const i of c.instructions) look(i.line.address);
  if (wide) return 'x64';
  if (narrow) return 'x86';
  return undefined;
}

export function buildFromKeys(values: Record<string, string>): number | undefined {
  const osb = values['OSBUILD'];
  if (osb && /^\d{3,5}\b/.test(osb.trim())) return Number(/^\d+/.exec(osb.trim())![0]);
  for (const key of ['BUILDOSVER_STR', 'BUILD_VERSION_STRING', 'OS_VERSION', 'BUILDLAB_STR']) {
    const v = values[key];
    if (!v) continue;
    const m = /^\d+\.\d+\.(\d{3,5})\b/.exec(v.trim()) ?? /^(\d{4,5})\.\d+/.exec(v.trim());
    if (m) return Number(m[1]);
  }
  return undefined;
}

