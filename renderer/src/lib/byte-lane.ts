// A corrupted byte lane inside a 64-bit value as `dt` prints it, for highlighting.

/** The value split around the corrupted byte lane: 0x00000081`00000000, lane 4 → ["0x000000", "81", "`00000000"]. */
export function laneParts(value: string, lane: number | undefined): [string, string, string] | null {
  const m = /^(0x)?([0-9a-f]{8})`?([0-9a-f]{8})\b/i.exec(value);
  if (lane === undefined || lane > 7 || !m) return null;
  const text = `${m[1] ?? ''}${m[2]}\`${m[3]}`;
  const digit = 14 - 2 * lane; // lanes are even digit pairs, never split by the backtick
  const at = (m[1]?.length ?? 0) + (digit < 8 ? digit : digit + 1);
  return [text.slice(0, at), text.slice(at, at + 2), text.slice(at + 2) + value.slice(m[0].length)];
}
