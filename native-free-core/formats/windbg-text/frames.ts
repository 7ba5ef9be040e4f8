import type { Hex } from '../../model/hex';
import type { StackFrame } from '../../model/report';
import type { Collected, CollectedAnalysis, CollectedStack } from './collected';
import { locationKey, parseSymbol, sameLocation } from './symbol';
import type { RegisterBlock } from './types';

/**
 * Frame addresses. WinDbg prints each frame's return address (RetAddr), not its
 * own instruction address: frame i's address is row i-1's RetAddr. Frame 0's
 * is the fault: LAST_CONTROL_TRANSFER's "to" when its "from" is row 0's RetAddr,
 * else FAULTING_IP or the context's pc when their symbol is frame 0's. A site
 * printed as a bare address is its own address. When the text shows none of
 * these (elided columns, kc), the address is 0x0 and the frame's provenance says so.
 */
export function buildFrames(s: CollectedStack, primary: CollectedAnalysis | undefined, labels: Map<string, Hex>): StackFrame[] {
  const frames: StackFrame[] = [];
  for (let i = 0; i < s.rows.length; i++) {
    const row = s.rows[i]!;
    let address: Hex | undefined = row.site.address;
    if (address === undefined && i > 0) {
      // Inline frames share the instruction address of the physical frame they sit in: skip back over them.
      let k = i - 1;
      while (k > 0 && s.rows[k]!.inline && !s.rows[k]!.returnAddress) k--;
      address = s.rows[k]!.inline && !s.rows[k]!.returnAddress ? frames[k]?.address : s.rows[k]!.returnAddress;
      if (address === '0x0' && frames[k]?.provenance?.detail?.includes('not shown')) address = undefined;
    }
    if (address === undefined && i === 0) address = faultAddressFor(s, row.site, row.returnAddress, primary, labels);
    // Elided columns: LAST_CONTROL_TRANSFER "from" is frame 0's return address, i.e. frame 1's address.
    if (address === undefined && i === 1 && !s.rows[0]!.returnAddress && frames[0]?.address === primary?.lastControlTransfer?.to) address = primary?.lastControlTransfer?.from;
    const frame: StackFrame = { index: i, address: address ?? '0x0', trust: 'transcript' };
    if (row.site.module) frame.module = row.site.module;
    if (row.site.function) frame.function = row.site.function;
    if (row.site.offset) frame.offset = row.site.offset;
    if (row.site.file) frame.file = row.site.file;
    if (row.site.line !== undefined) frame.line = row.site.line;
    if (row.sp) frame.sp = row.sp;
    if (row.returnAddress) frame.returnAddress = row.returnAddress;
    if (row.args) frame.args = row.args;
    if (row.inline) frame.inline = true;
    frame.provenance = { source: 'transcript', detail: address === undefined ? `${s.source} (address not shown in the text)` : s.source, lines: row.lines };
    frames.push(frame);
  }
  return frames;
}

/** Addresses named exactly by a label: register dumps' "module!fn+0x51:" (their pc) and listing labels. First one wins. */
export function labelIndex(blocks: RegisterBlock[], instructions: Collected['instructions']): Map<string, Hex> {
  const index = new Map<string, Hex>();
  for (const b of blocks) {
    const pc = b.registers['rip'] ?? b.registers['eip'];
    if (b.symbol && pc) {
      const k = locationKey(parseSymbol(b.symbol));
      if (!index.has(k)) index.set(k, pc);
    }
  }
  for (const ins of instructions) {
    if (!ins.line.symbol) continue;
    const k = locationKey(parseSymbol(ins.line.symbol));
    if (!index.has(k)) index.set(k, ins.line.address);
  }
  return index;
}

function faultAddressFor(s: CollectedStack, site: ReturnType<typeof parseSymbol>, retAddr: Hex | undefined, primary: CollectedAnalysis | undefined, labels: Map<string, Hex>): Hex | undefined {
  const lct = primary?.lastControlTransfer;
  if (lct && retAddr && lct.from === retAddr) return lct.to;
  if (s.contextPc !== undefined) return s.contextPc;
  const fip = primary?.faultingIp;
  if (fip?.address && fip.symbol && sameLocation(parseSymbol(fip.symbol), site)) return fip.address;
  return labels.get(locationKey(site));
}

