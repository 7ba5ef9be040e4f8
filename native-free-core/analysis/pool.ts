import type { AddressSpace } from '../model/address-space';
import { hex, parseHex, windbgAddress } from '../model/hex';
import type { Arch, CrashReport, Finding } from '../model/report';
import { defaultPoolTags, lookupPoolTag, type PoolTagInfo, type PoolTagTable } from './catalog/pool-tags';
import { ev, finding } from './findings';
import { transcriptPools, transcriptTypes } from './transcript-extra';

const PAGE = 0x1000n;

export interface PoolHeader {
  previousSize: number;
  poolIndex: number;
  blockSize: number;
  poolType: number;
  /** four characters, the protected bit removed. */
  tag: string;
  protectedTag: boolean;
}

export interface PoolBlockInfo {
  address: bigint;
  size: number;
  headerSize: number;
  bodyAddress: bigint;
  tag: string;
  allocated?: boolean;
  queried: bigint;
  offsetInBlock: number;
  offsetInBody: number;
  region?: string;
  source: 'memory' | 'transcript';
  tagInfo?: PoolTagInfo;
  line?: number;
  /** the `dt` of the structure after the header, and the field holding the queried address. */
  structure?: { typeName: string; module?: string; field?: string; fieldOffset?: number };
}

function tagText(raw: number): { tag: string; protectedTag: boolean } {
  const protectedTag = (raw & 0x80000000) !== 0;
  const v = raw & 0x7fffffff;
  let tag = '';
  for (let i = 0; i < 4; i++) {
    const c = (v >>> (i * 8)) & 0xff;
    tag += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return { tag, protectedTag };
}

/** POOL_HEADER: 16 bytes on x64 (sizes in 16-byte units), 8 bytes on x86 (8-byte units, 9-bit sizes). */
export function parsePoolHeader(bytes: Uint8Array, arch: Arch | undefined): PoolHeader | undefined {
  if (bytes.length < 8) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const ulong1 = dv.getUint32(0, true);
  const tag = tagText(dv.getUint32(4, true));
  if (arch === 'x86') {
    return { previousSize: (ulong1 & 0x1ff) * 8, poolIndex: (ulong1 >>> 9) & 0x7f, blockSize: ((ulong1 >>> 16) & 0x1ff) * 8, poolType: (ulong1 >>> 25) & 0x7f, ...tag };
  }
  return { previousSize: (ulong1 & 0xff) * 16, poolIndex: (ulong1 >>> 8) & 0xff, blockSize: ((ulong1 >>> 16) & 0xff) * 16, poolType: (ulong1 >>> 24) & 0xff, ...tag };
}

export function poolHeaderSize(arch: Arch | undefined): number {
  return arch === 'x86' ? 8 : 16;
}

/** Walks the small-pool page holding `address` from its first header and returns the block that holds it. */
export function findPoolBlockInMemory(memory: AddressSpace, arch: Arch | undefined, address: bigint, tags: PoolTagTable = defaultPoolTags()): PoolBlockInfo | undefined {
  const page = address & ~(PAGE - 1n);
  const headerSize = poolHeaderSize(arch);
  let offset = 0;
  let previous = 0;
  for (let guard = 0; guard < 512 && offset < Number(PAGE); guard++) {
    const bytes = memory.read(page + BigInt(offset), headerSize);
    if (!bytes) return undefined;
    const h = parsePoolHeader(bytes, arch);
    if (!h || h.blockSize === 0 || h.previousSize !== previous || offset + h.blockSize > Number(PAGE)) return undefined;
    const start = page + BigInt(offset);
    if (address >= start && address < start + BigInt(h.blockSize)) {
      const info: PoolBlockInfo = {
        address: start, size: h.blockSize, headerSize, bodyAddress: start + BigInt(headerSize), tag: h.tag, allocated: h.poolType !== 0,
        queried: address, offsetInBlock: Number(address - start), offsetInBody: Number(address - start) - headerSize, source: 'memory',
      };
      const t = lookupPoolTag(tags, h.tag);
      if (t) info.tagInfo = t;
      return info;
    }
    previous = h.blockSize;
    offset += h.blockSize;
  }
  return undefined;
}

/** The block holding `address` according to a transcript's `!pool` output. */
export function findPoolBlockInTranscript(report: CrashReport, arch: Arch | undefined, address: bigint, tags: PoolTagTable = defaultPoolTags()): PoolBlockInfo | undefined {
  const headerSize = poolHeaderSize(arch);
  for (const pool of transcriptPools(report)) {
    for (const block of pool.blocks) {
      let start: bigint;
      let size: number;
      try {
        start = parseHex(block.address);
        size = Number(parseHex(block.size));
      } catch {
        continue;
      }
      if (address < start || address >= start + BigInt(size)) continue;
      const info: PoolBlockInfo = {
        address: start, size, headerSize, bodyAddress: start + BigInt(headerSize), tag: block.tag, allocated: block.allocated,
        queried: address, offsetInBlock: Number(address - start), offsetInBody: Number(address - start) - headerSize, source: 'transcript', line: block.line,
      };
      if (pool.region) info.region = pool.region;
      const fromTable = lookupPoolTag(tags, block.tag);
      const fromText = pool.tagDescription && pool.tagDescription.tag === block.tag ? pool.tagDescription : undefined;
      if (fromTable) info.tagInfo = fromTable;
      else if (fromText) info.tagInfo = { tag: block.tag, binary: fromText.binary ?? '', description: fromText.description };
      return info;
    }
  }
  return undefined;
}

/** Adds the structure the transcript's `dt` shows at the block body, and the field that holds the queried address. */
export function attachStructure(report: CrashReport, info: PoolBlockInfo): PoolBlockInfo {
  for (const t of transcriptTypes(report)) {
    let at: bigint;
    try {
      if (!t.address) continue;
      at = parseHex(t.address);
    } catch {
      continue;
    }
    if (at !== info.bodyAddress) continue;
    const offsets = t.fields.map((f) => ({ f, off: safeOffset(f.offset) })).filter((x): x is { f: typeof x.f; off: number } => x.off !== undefined);
    let field: { name: string; off: number } | undefined;
    for (const { f, off } of offsets) if (off <= info.offsetInBody && (!field || off >= field.off)) field = { name: f.name, off };
    info.structure = { typeName: t.typeName };
    if (t.module) info.structure.module = t.module;
    if (field) {
      info.structure.field = field.name;
      info.structure.fieldOffset = field.off;
    }
    break;
  }
  return info;
}

function safeOffset(text: string): number | undefined {
  if (!/^(0x)?[0-9a-f]+$/i.test(text.trim())) return undefined;
  return Number(parseHex(text));
}

export function poolFinding(info: PoolBlockInfo, arch: Arch | undefined, label?: string): Finding {
  const bits = arch === 'x86' ? 32 : 64;
  const a = (v: bigint) => windbgAddress(v, bits);
  const owner = info.tagInfo ? ` (${info.tagInfo.description}${info.tagInfo.binary ? ', ' + info.tagInfo.binary : ''})` : '';
  const s = info.structure;
  const inStruct = s
    ? `; +0x${info.offsetInBody.toString(16)} of ${s.module ? s.module + '!' : ''}${s.typeName}${s.field ? `, in ${s.field}${s.fieldOffset !== undefined && s.fieldOffset !== info.offsetInBody ? ` (+0x${s.fieldOffset.toString(16)})` : ''}` : ''}`
    : info.offsetInBody >= 0 ? `; +0x${info.offsetInBody.toString(16)} after the ${info.headerSize}-byte pool header` : '; inside the pool header';
  const state = info.allocated === false ? 'free' : 'allocated';
  const evidence = [ev.address(info.queried, label), ev.memory(info.address, info.size, `pool block ${info.tag}`)];
  if (info.line !== undefined) evidence.push(ev.line(info.line));
  return finding(`pool-block:${hex(info.queried)}`, 'pool-block', info.allocated === false ? 'high' : 'info',
    `${label ? label + ' ' : ''}${a(info.queried)} is at +0x${info.offsetInBlock.toString(16)} of ${state} ${info.region ? info.region.toLowerCase() + ' ' : ''}block ${a(info.address)} (size 0x${info.size.toString(16)}, tag ${info.tag}${owner})${inStruct}`,
    evidence,
    { data: { block: hex(info.address), size: info.size, tag: info.tag, owner: info.tagInfo?.binary, description: info.tagInfo?.description, offsetInBlock: info.offsetInBlock, offsetInBody: info.offsetInBody, structure: info.structure, source: info.source } });
}
